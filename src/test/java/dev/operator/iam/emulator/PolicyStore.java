package dev.operator.iam.emulator;

import dev.operator.iam.emulator.StoredPolicy.Attachment;
import dev.operator.iam.emulator.StoredPolicy.EntityType;
import dev.operator.iam.emulator.StoredPolicy.Version;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The customer managed policies of one account, enforcing IAM's rules. Every operation is atomic
 * (the store's monitor guards the map) and fails with the {@link ServiceError} IAM would answer.
 */
final class PolicyStore {

    private final String accountId;
    private final Clock clock;

    /** Keyed by ARN, so listings come out in a stable order. */
    private final Map<String, StoredPolicy> policies = new TreeMap<>();

    PolicyStore(String accountId, Clock clock) {
        this.accountId = accountId;
        this.clock = clock;
    }

    synchronized StoredPolicy create(
            String name,
            String path,
            String document,
            String description,
            Map<String, String> tags) {
        PolicyRules.checkName(name);
        PolicyRules.checkPath(path);
        PolicyRules.checkDescription(description);
        PolicyRules.checkDocument(document);
        PolicyRules.checkTags(tags);
        // names are unique per account regardless of path and letter case
        if (policies.values().stream().anyMatch(p -> p.name().equalsIgnoreCase(name))) {
            throw ServiceError.entityAlreadyExists(
                    "A policy called "
                            + name
                            + " already exists. Duplicate names are not allowed.");
        }
        String arn = "arn:aws:iam::" + accountId + ":policy" + path + name;
        StoredPolicy policy =
                StoredPolicy.create(
                        arn, name, path, Ids.uniqueId("ANPA"), description, document, tags, now());
        policies.put(arn, policy);
        return policy;
    }

    /** Exact, case-sensitive lookup, as IAM resolves ARNs. */
    synchronized StoredPolicy get(String arn) {
        PolicyRules.checkPolicyArn(arn);
        StoredPolicy policy = policies.get(arn);
        if (policy == null) {
            throw ServiceError.noSuchEntity("Policy " + arn + " was not found.");
        }
        return policy;
    }

    /**
     * Like {@link #get}, but without validating the ARN or failing when there is no such policy.
     */
    synchronized Optional<StoredPolicy> find(String arn) {
        return Optional.ofNullable(policies.get(arn));
    }

    /** The policy, provided it has a version {@code versionId}. */
    synchronized StoredPolicy getWithVersion(String arn, String versionId) {
        PolicyRules.checkVersionId(versionId);
        StoredPolicy policy = get(arn);
        if (policy.version(versionId).isEmpty()) {
            throw ServiceError.noSuchEntity(
                    "Policy "
                            + arn
                            + " version "
                            + versionId
                            + " does not exist or is not attachable.");
        }
        return policy;
    }

    synchronized StoredPolicy createVersion(String arn, String document, boolean setAsDefault) {
        StoredPolicy policy = get(arn);
        PolicyRules.checkDocument(document);
        if (policy.versions().size() >= PolicyRules.MAX_VERSIONS) {
            throw ServiceError.limitExceeded(
                    "A managed policy can have up to "
                            + PolicyRules.MAX_VERSIONS
                            + " versions. Before you create a new version, you must delete an"
                            + " existing version.");
        }
        return put(policy.withNewVersion(document, setAsDefault, now()));
    }

    synchronized void deleteVersion(String arn, String versionId) {
        StoredPolicy policy = getWithVersion(arn, versionId);
        if (policy.defaultVersionId().equals(versionId)) {
            throw ServiceError.deleteConflict("Cannot delete the default version of a policy.");
        }
        put(policy.withoutVersion(versionId));
    }

    synchronized void setDefaultVersion(String arn, String versionId) {
        put(getWithVersion(arn, versionId).withDefaultVersion(versionId));
    }

    synchronized void delete(String arn) {
        StoredPolicy policy = get(arn);
        if (!policy.attachments().isEmpty()) {
            throw ServiceError.deleteConflict("Cannot delete a policy attached to entities.");
        }
        if (policy.versions().size() > 1) {
            throw ServiceError.deleteConflict(
                    "This policy has more than one version. Before you delete a"
                            + " policy, you must delete the policy's versions.");
        }
        policies.remove(arn);
    }

    synchronized void tag(String arn, Map<String, String> tags) {
        StoredPolicy policy = get(arn);
        PolicyRules.checkTags(tags);
        StoredPolicy tagged = policy.withTags(tags);
        PolicyRules.checkTagCount(tagged.tags().size());
        put(tagged);
    }

    synchronized void untag(String arn, Collection<String> keys) {
        StoredPolicy policy = get(arn);
        PolicyRules.checkTagKeys(keys);
        put(policy.withoutTags(keys));
    }

    synchronized List<StoredPolicy> list() {
        return List.copyOf(policies.values());
    }

    /**
     * Makes {@code document} the new default version the way a console user would: when the policy
     * is full, the oldest non-default version is deleted first.
     */
    synchronized StoredPolicy replaceDefaultVersion(String arn, String document) {
        StoredPolicy current = get(arn);
        PolicyRules.checkDocument(document);
        StoredPolicy policy = current;
        if (current.versions().size() >= PolicyRules.MAX_VERSIONS) {
            String oldest =
                    current.versions().stream()
                            .map(Version::id)
                            .filter(id -> !id.equals(current.defaultVersionId()))
                            .findFirst()
                            .orElseThrow();
            policy = current.withoutVersion(oldest);
        }
        return put(policy.withNewVersion(document, true, now()));
    }

    /**
     * Records that the principal {@code entityName} (with unique id {@code entityId} at {@code
     * entityPath}) has the policy attached. Attaching an already attached entity changes nothing,
     * as in IAM.
     */
    synchronized void attach(
            String arn, EntityType type, String entityName, String entityId, String entityPath) {
        StoredPolicy policy = get(arn);
        if (findAttachment(policy, type, entityName) == null) {
            List<Attachment> attachments = new ArrayList<>(policy.attachments());
            attachments.add(new Attachment(type, entityName, entityId, entityPath));
            put(policy.withAttachments(attachments));
        }
    }

    synchronized void detach(String arn, EntityType type, String entityName) {
        StoredPolicy policy = get(arn);
        Attachment attachment = findAttachment(policy, type, entityName);
        if (attachment == null) {
            throw ServiceError.noSuchEntity(
                    "Policy "
                            + arn
                            + " is not attached to "
                            + type.awsName()
                            + " "
                            + entityName
                            + ".");
        }
        List<Attachment> attachments = new ArrayList<>(policy.attachments());
        attachments.remove(attachment);
        put(policy.withAttachments(attachments));
    }

    synchronized void clear() {
        policies.clear();
    }

    private StoredPolicy put(StoredPolicy policy) {
        policies.put(policy.arn(), policy);
        return policy;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Attachment findAttachment(
            StoredPolicy policy, EntityType type, String entityName) {
        return policy.attachments().stream()
                .filter(a -> a.type() == type && a.name().equals(entityName))
                .findFirst()
                .orElse(null);
    }
}
