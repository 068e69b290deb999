package dev.operator.iam.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable view of one role held by the emulator.
 *
 * @param assumeRolePolicyDocument the trust policy as raw JSON (never URL-encoded)
 * @param permissionsBoundaryArn {@code null} when the role has no permissions boundary
 * @param attachedPolicyArns managed policies in attachment order
 * @param inlinePolicies inline policy name to raw JSON document, in creation order
 * @param tags in the order they were added
 * @param instanceProfileNames the instance profiles holding the role, ordered by name
 * @param awsServiceName the service of a service-linked role, {@code null} for other roles
 */
public record RoleSnapshot(
        String arn,
        String name,
        String path,
        String id,
        Instant createDate,
        String assumeRolePolicyDocument,
        String description,
        int maxSessionDuration,
        String permissionsBoundaryArn,
        List<String> attachedPolicyArns,
        Map<String, String> inlinePolicies,
        Map<String, String> tags,
        List<String> instanceProfileNames,
        String awsServiceName) {

    public RoleSnapshot {
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        inlinePolicies = Collections.unmodifiableMap(new LinkedHashMap<>(inlinePolicies));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        instanceProfileNames = List.copyOf(instanceProfileNames);
    }

    public boolean serviceLinked() {
        return awsServiceName != null;
    }
}
