package dev.operator.iam.group;

import dev.operator.iam.engine.Drift;
import dev.operator.iam.principal.InlinePolicySet;
import dev.operator.iam.principal.ManagedPolicySet;
import dev.operator.iam.principal.PrincipalPolicies;
import java.util.List;

/**
 * Pure comparison of a group's spec with what IAM reports: managed policies as a set, inline
 * policies as a map of semantically compared documents. Members are not the group's: each User
 * manages its own memberships.
 */
public final class GroupDiff {

    public static final String POLICIES = PrincipalPolicies.POLICIES;
    public static final String INLINE_POLICIES = PrincipalPolicies.INLINE_POLICIES;

    private GroupDiff() {}

    /**
     * @param desiredPolicyArns {@code policies} plus the ARNs of the resolved {@code policyRefs}
     */
    public static Drift diff(
            GroupSpec spec, List<String> desiredPolicyArns, ObservedGroup observed) {
        return Drift.builder()
                .check(
                        POLICIES,
                        !ManagedPolicySet.diff(desiredPolicyArns, observed.attachedPolicyArns())
                                .isEmpty())
                .check(
                        INLINE_POLICIES,
                        !InlinePolicySet.diff(spec.getInlinePolicies(), observed.inlinePolicies())
                                .isEmpty())
                .build();
    }
}
