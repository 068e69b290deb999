package dev.operator.iam.engine;

import dev.operator.iam.api.CreateIntent;
import dev.operator.iam.api.ManagedResource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Who owns an AWS resource. Every create carries these tags in the same call, so a resource found
 * after a crash can be recognised as ours without any state in Kubernetes; adoption adds them.
 */
public final class Ownership {

    public static final String TAG_PREFIX = "iam.operator.dev/";
    public static final String CLUSTER = TAG_PREFIX + "cluster";
    public static final String NAMESPACE = TAG_PREFIX + "namespace";
    public static final String NAME = TAG_PREFIX + "name";
    public static final String UID = TAG_PREFIX + "uid";

    /**
     * Clock skew allowed between this process and AWS when matching a create intent with the
     * resource's CreateDate.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final String clusterId;

    public Ownership(String clusterId) {
        this.clusterId = clusterId;
    }

    /** The four ownership tags for an object. */
    public Map<String, String> tagsFor(ManagedResource<?, ?> r) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(CLUSTER, clusterId);
        tags.put(NAMESPACE, r.getMetadata().getNamespace());
        tags.put(NAME, r.getMetadata().getName());
        tags.put(UID, r.getMetadata().getUid());
        return tags;
    }

    /**
     * Ours when cluster, namespace and name tags match. The UID may differ: an object deleted with
     * {@code retain} and created again is still the same object to a user.
     *
     * <p>A resource whose unique id status already recorded is ours too: it was created, recovered
     * or adopted by this object before (IAM never reuses unique ids).
     *
     * <p>For kinds IAM cannot tag ({@code taggable == false}: groups) there is no tag to read, so
     * the create intent is the evidence: this object recorded, after observing that the resource
     * did not exist, that it was about to create this key, and the resource was created after that.
     * For taggable kinds the intent proves nothing: tags travel in the create call itself, so a
     * resource of ours without them cannot exist.
     */
    public boolean owns(
            ManagedResource<?, ?> r,
            String naturalKey,
            ObservedResource observed,
            boolean taggable) {
        Map<String, String> tags = observed.tags();
        if (clusterId.equals(tags.get(CLUSTER))
                && r.getMetadata().getNamespace().equals(tags.get(NAMESPACE))
                && r.getMetadata().getName().equals(tags.get(NAME))) {
            return true;
        }
        if (tags.containsKey(CLUSTER)) {
            return false;
        }
        // The resource this object already recorded as its own (IAM never reuses unique ids), e.g.
        // an
        // untaggable group after its intent was cleared, or a policy whose tags were removed by
        // hand.
        String recordedId = r.status().getId();
        if (recordedId != null && recordedId.equals(observed.id())) {
            return true;
        }
        if (taggable) {
            return false;
        }
        CreateIntent intent = r.status().getCreateIntent();
        if (intent == null
                || intent.getKey() == null
                || !intent.getKey().equalsIgnoreCase(naturalKey)) {
            return false;
        }
        Instant created = observed.createDate();
        return created == null
                || intent.getRequestedAt() == null
                || !created.isBefore(Instant.parse(intent.getRequestedAt()).minus(CLOCK_SKEW));
    }

    /**
     * Whether a tag key is in our reserved prefix, in any letter case: IAM compares tag keys
     * ignoring case, so {@code IAM.Operator.Dev/namespace} would replace an ownership tag.
     */
    public static boolean isOwnershipKey(String key) {
        return key != null && key.toLowerCase(Locale.ROOT).startsWith(TAG_PREFIX);
    }
}
