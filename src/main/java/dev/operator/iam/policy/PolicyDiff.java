package dev.operator.iam.policy;

import dev.operator.iam.document.InvalidDocumentException;
import dev.operator.iam.document.PolicyDocuments;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.TagSets;
import java.util.Map;

/**
 * Pure comparison of a Policy spec with what IAM holds. The document is compared semantically
 * (parsed and normalised), tags as a set. Name, path and description cannot change in IAM and are
 * guarded by validation instead.
 */
public final class PolicyDiff {

    public static final String POLICY_DOCUMENT = "policyDocument";
    public static final String TAGS = "tags";

    private PolicyDiff() {}

    public static Drift diff(
            PolicySpec spec, Map<String, String> desiredTags, ObservedPolicy observed) {
        return Drift.builder()
                .check(
                        POLICY_DOCUMENT,
                        !sameDocument(spec.getPolicyDocument(), observed.document()))
                .check(TAGS, TagSets.differ(desiredTags, observed.tags()))
                .build();
    }

    private static boolean sameDocument(String desired, String observed) {
        try {
            return PolicyDocuments.equivalent(desired, observed);
        } catch (InvalidDocumentException e) {
            // Validation accepted the spec, so AWS holds something unreadable: replace it.
            return false;
        }
    }
}
