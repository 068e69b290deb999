package dev.operator.iam.role;

import dev.operator.iam.engine.ObservedResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A role as IAM reports it (GetRole, ListAttachedRolePolicies, ListRolePolicies and GetRolePolicy),
 * with every document already decoded from IAM's URL encoding.
 *
 * @param trustPolicy the AssumeRolePolicyDocument as JSON text
 * @param description empty when the role has none
 * @param permissionsBoundary the boundary policy ARN, {@code null} when none
 * @param attachedPolicies managed policy ARNs attached to the role
 * @param inlinePolicies inline policy name → document JSON
 */
public record ObservedRole(
        String arn,
        String id,
        String name,
        String path,
        String description,
        String trustPolicy,
        int maxSessionDuration,
        String permissionsBoundary,
        List<String> attachedPolicies,
        Map<String, String> inlinePolicies,
        Map<String, String> tags,
        Instant createDate)
        implements ObservedResource {

    public ObservedRole {
        description = description == null ? "" : description;
        attachedPolicies = List.copyOf(attachedPolicies);
        inlinePolicies = Map.copyOf(inlinePolicies);
        tags = Map.copyOf(tags);
    }

    /** The same role after an update made it carry these values. */
    ObservedRole with(
            String newDescription,
            String newTrustPolicy,
            int newMaxSessionDuration,
            String newPermissionsBoundary,
            List<String> newAttachedPolicies,
            Map<String, String> newInlinePolicies,
            Map<String, String> newTags) {
        return new ObservedRole(
                arn,
                id,
                name,
                path,
                newDescription,
                newTrustPolicy,
                newMaxSessionDuration,
                newPermissionsBoundary,
                newAttachedPolicies,
                newInlinePolicies,
                newTags,
                createDate);
    }
}
