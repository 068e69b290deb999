package dev.operator.iam.policy;

import dev.operator.iam.aws.AccountSnapshot;
import dev.operator.iam.aws.AccountSnapshots;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.aws.WriteLog;
import dev.operator.iam.document.AwsDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListPolicyTagsResponse;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

/**
 * Reads managed policies. A resync is answered from the account snapshot ({@link
 * AccountSnapshots}): the scan returns every local policy with its versions and documents, but not
 * its tags, which are read with {@code ListPolicyTags} when this object first meets the policy and
 * then every {@code iam-operator.unscanned-resync-interval}. A change a user asked for, and the
 * first observation after a write of this object's (or an attachment by another's), read IAM:
 * {@code GetPolicy} and {@code GetPolicyVersion}.
 */
@ApplicationScoped
public class PolicyLookup {

    private final IamClient iam;
    private final AwsCalls calls;
    private final AccountSnapshots snapshots;

    public PolicyLookup(IamClient iam, AwsCalls calls, AccountSnapshots snapshots) {
        this.iam = iam;
        this.calls = calls;
        this.snapshots = snapshots;
    }

    /**
     * The policy from the account snapshot when the snapshot can tell, else {@link #read}; empty
     * when IAM has no such policy.
     */
    public Optional<ObservedPolicy> byArn(String arn) {
        Optional<AccountSnapshot> snapshot =
                snapshots.forResync(EntityType.LOCAL_MANAGED_POLICY, WriteLog.resourceKey(arn));
        if (snapshot.isPresent()) {
            Optional<Optional<ObservedPolicy>> answered =
                    snapshots.answer(
                            PolicyAdapter.KIND, snapshot.get().policy(arn), this::fromSnapshot);
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        Optional<ObservedPolicy> read = read(arn);
        snapshots.observed(PolicyAdapter.KIND, false);
        read.ifPresent(p -> snapshots.complementRead(p.id(), p.tags()));
        return read;
    }

    /**
     * The object being reconciled has just set the policy's tags (CreatePolicy, TagPolicy): they
     * are known without reading them, until due again at the slower cadence.
     */
    public void wrote(ObservedPolicy policy) {
        snapshots.complementRead(policy.id(), policy.tags());
    }

    /** A scanned policy, with the tags the scan leaves out as last read (or read now). */
    @SuppressWarnings("unchecked")
    private ObservedPolicy fromSnapshot(ManagedPolicyDetail d) {
        String document =
                d.policyVersionList().stream()
                        .filter(v -> Boolean.TRUE.equals(v.isDefaultVersion()))
                        .map(PolicyVersion::document)
                        .findFirst()
                        .orElse(null);
        Map<String, String> tags =
                snapshots.complement(
                        d.policyId(), Map.class, () -> tags(d.arn()), inSync -> inSync.tags());
        return new ObservedPolicy(
                d.arn(),
                d.policyId(),
                d.policyName(),
                d.path(),
                d.description(),
                d.defaultVersionId(),
                document == null ? null : AwsDocuments.decodeFromAws(document),
                d.attachmentCount() == null ? 0 : d.attachmentCount(),
                tags,
                d.createDate());
    }

    /** {@code ListPolicyTags}, every page. */
    private Map<String, String> tags(String arn) {
        return AwsTags.toMap(
                Paging.all(
                                marker -> {
                                    ListPolicyTagsResponse r =
                                            calls.call(
                                                    "ListPolicyTags",
                                                    () ->
                                                            iam.listPolicyTags(
                                                                    b ->
                                                                            b.policyArn(arn)
                                                                                    .marker(
                                                                                            marker)));
                                    return Paging.Page.of(r.tags(), r.isTruncated(), r.marker());
                                })
                        .toList());
    }

    /**
     * {@code GetPolicy} and {@code GetPolicyVersion} of the default version; empty on NoSuchEntity.
     */
    private Optional<ObservedPolicy> read(String arn) {
        Optional<software.amazon.awssdk.services.iam.model.Policy> found = policy(arn);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        software.amazon.awssdk.services.iam.model.Policy p = found.get();
        String document =
                calls.call(
                                "GetPolicyVersion",
                                () ->
                                        iam.getPolicyVersion(
                                                r ->
                                                        r.policyArn(p.arn())
                                                                .versionId(p.defaultVersionId())))
                        .policyVersion()
                        .document();
        return Optional.of(toObserved(p, AwsDocuments.decodeFromAws(document)));
    }

    /**
     * {@code GetPolicy} alone: tags, attachment count and default version, without the document
     * (null in the answer). What a delete needs.
     */
    public Optional<ObservedPolicy> byArnWithoutDocument(String arn) {
        return policy(arn).map(p -> toObserved(p, null));
    }

    private Optional<software.amazon.awssdk.services.iam.model.Policy> policy(String arn) {
        try {
            return Optional.of(
                    calls.call("GetPolicy", () -> iam.getPolicy(r -> r.policyArn(arn))).policy());
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The local policy whose name equals {@code name} ignoring case, wherever its path: what makes
     * CreatePolicy fail with EntityAlreadyExists when {@link #byArn} finds nothing. Pages through
     * {@code ListPolicies}; only used after such a conflict.
     */
    public Optional<ObservedPolicy> byNameIgnoringCase(String name) {
        return Paging.all(
                        marker -> {
                            ListPoliciesResponse r =
                                    calls.call(
                                            "ListPolicies",
                                            () ->
                                                    iam.listPolicies(
                                                            b ->
                                                                    b.scope(PolicyScopeType.LOCAL)
                                                                            .marker(marker)));
                            return Paging.Page.of(r.policies(), r.isTruncated(), r.marker());
                        })
                .filter(p -> p.policyName().equalsIgnoreCase(name))
                .map(software.amazon.awssdk.services.iam.model.Policy::arn)
                .findFirst()
                .flatMap(this::byArn);
    }

    static ObservedPolicy toObserved(
            software.amazon.awssdk.services.iam.model.Policy p, String document) {
        Map<String, String> tags = AwsTags.toMap(p.tags());
        return new ObservedPolicy(
                p.arn(),
                p.policyId(),
                p.policyName(),
                p.path(),
                p.description(),
                p.defaultVersionId(),
                document,
                p.attachmentCount() == null ? 0 : p.attachmentCount(),
                tags,
                p.createDate());
    }
}
