package dev.operator.iam.user;

import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.TagSets;
import dev.operator.iam.principal.InlinePolicySet;
import dev.operator.iam.principal.ManagedPolicySet;
import dev.operator.iam.principal.PrincipalPolicies;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pure comparison of a user's spec with what IAM reports: the permissions boundary by ARN, managed
 * policies, group memberships (ignoring case) and tags as sets, inline policies as a map of
 * semantically compared documents.
 */
public final class UserDiff {

    public static final String PERMISSIONS_BOUNDARY = "permissionsBoundary";
    public static final String POLICIES = PrincipalPolicies.POLICIES;
    public static final String INLINE_POLICIES = PrincipalPolicies.INLINE_POLICIES;
    public static final String GROUPS = "groups";
    public static final String TAGS = "tags";

    private UserDiff() {}

    /**
     * @param desired what AWS should hold, with references already resolved
     */
    public static Drift diff(Desired desired, ObservedUser observed) {
        return Drift.builder()
                .check(
                        PERMISSIONS_BOUNDARY,
                        !Objects.equals(
                                desired.permissionsBoundary(), observed.permissionsBoundary()))
                .check(
                        POLICIES,
                        !ManagedPolicySet.diff(desired.policyArns(), observed.attachedPolicyArns())
                                .isEmpty())
                .check(
                        INLINE_POLICIES,
                        !InlinePolicySet.diff(desired.inlinePolicies(), observed.inlinePolicies())
                                .isEmpty())
                .check(GROUPS, !GroupMembership.diff(desired.groups(), observed.groups()).isEmpty())
                .check(TAGS, TagSets.differ(desired.tags(), observed.tags()))
                .build();
    }

    /**
     * The state a user's spec asks for, references resolved: managed policy ARNs from {@code
     * policies} and {@code policyRefs}, group names from {@code groups} and {@code groupRefs}.
     */
    public record Desired(
            String permissionsBoundary,
            List<String> policyArns,
            Map<String, String> inlinePolicies,
            List<String> groups,
            Map<String, String> tags) {}
}
