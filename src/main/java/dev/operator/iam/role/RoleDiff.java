package dev.operator.iam.role;

import dev.operator.iam.document.InvalidDocumentException;
import dev.operator.iam.document.PolicyDocuments;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.TagSets;
import dev.operator.iam.principal.InlinePolicySet;
import dev.operator.iam.principal.ManagedPolicySet;
import dev.operator.iam.principal.PrincipalPolicies;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Pure comparison of a Role spec with what IAM holds: the trust policy semantically, managed
 * policies and tags as sets, inline policies as a map of semantically compared documents. Name and
 * path cannot change in IAM and are guarded by validation instead.
 */
public final class RoleDiff {

    public static final String ASSUME_ROLE_POLICY_DOCUMENT = "assumeRolePolicyDocument";
    public static final String DESCRIPTION = "description";
    public static final String MAX_SESSION_DURATION = "maxSessionDuration";
    public static final String PERMISSIONS_BOUNDARY = "permissionsBoundary";
    public static final String POLICIES = PrincipalPolicies.POLICIES;
    public static final String INLINE_POLICIES = PrincipalPolicies.INLINE_POLICIES;
    public static final String TAGS = "tags";

    private RoleDiff() {}

    /**
     * @param desiredPolicyArns {@code policies} plus the ARNs of the resolved {@code policyRefs}
     * @param desiredTags spec tags plus ownership tags (as the engine computes them)
     */
    public static Drift diff(
            RoleSpec spec,
            Collection<String> desiredPolicyArns,
            Map<String, String> desiredTags,
            ObservedRole observed) {
        return diff(
                spec, spec.getAssumeRolePolicyDocument(), desiredPolicyArns, desiredTags, observed);
    }

    /**
     * @param desiredTrust the trust policy the role should have: {@code assumeRolePolicyDocument},
     *     or the one the operator writes for {@code serviceAccounts}
     */
    public static Drift diff(
            RoleSpec spec,
            String desiredTrust,
            Collection<String> desiredPolicyArns,
            Map<String, String> desiredTags,
            ObservedRole observed) {
        return Drift.builder()
                .check(
                        ASSUME_ROLE_POLICY_DOCUMENT,
                        !sameDocument(desiredTrust, observed.trustPolicy()))
                .check(DESCRIPTION, !spec.effectiveDescription().equals(observed.description()))
                .check(
                        MAX_SESSION_DURATION,
                        spec.effectiveMaxSessionDuration() != observed.maxSessionDuration())
                .check(
                        PERMISSIONS_BOUNDARY,
                        !Objects.equals(
                                spec.effectivePermissionsBoundary(),
                                observed.permissionsBoundary()))
                .check(
                        POLICIES,
                        !ManagedPolicySet.diff(desiredPolicyArns, observed.attachedPolicies())
                                .isEmpty())
                .check(
                        INLINE_POLICIES,
                        !InlinePolicySet.diff(spec.getInlinePolicies(), observed.inlinePolicies())
                                .isEmpty())
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
