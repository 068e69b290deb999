package dev.operator.iam.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable view of one IAM user held by the emulator.
 *
 * @param permissionsBoundaryArn {@code null} when the user has no permissions boundary
 * @param attachedPolicyArns managed policies in attachment order
 * @param inlinePolicies inline policy name to raw JSON document, in creation order
 * @param tags in the order they were added
 * @param groupNames the groups the user is a member of, ordered by name
 */
public record UserSnapshot(
        String arn,
        String name,
        String path,
        String id,
        Instant createDate,
        String permissionsBoundaryArn,
        List<String> attachedPolicyArns,
        Map<String, String> inlinePolicies,
        Map<String, String> tags,
        List<String> groupNames) {

    public UserSnapshot {
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        inlinePolicies = Collections.unmodifiableMap(new LinkedHashMap<>(inlinePolicies));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        groupNames = List.copyOf(groupNames);
    }
}
