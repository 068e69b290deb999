package dev.operator.iam.user;

import dev.operator.iam.engine.ObservedResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A user as IAM reports it: GetUser, ListUserTags, ListGroupsForUser and its managed and inline
 * policies, documents already decoded (IAM sends them URL-encoded).
 *
 * @param permissionsBoundary the boundary policy ARN, {@code null} when none
 */
public record ObservedUser(
        String arn,
        String id,
        String name,
        String path,
        Instant createDate,
        String permissionsBoundary,
        List<String> attachedPolicyArns,
        Map<String, String> inlinePolicies,
        List<String> groups,
        Map<String, String> tags)
        implements ObservedResource {

    public ObservedUser {
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        inlinePolicies = Map.copyOf(inlinePolicies);
        groups = List.copyOf(groups);
        tags = Map.copyOf(tags);
    }
}
