package dev.operator.iam.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable view of one IAM group held by the emulator (IAM groups carry no tags).
 *
 * @param attachedPolicyArns managed policies in attachment order
 * @param inlinePolicies inline policy name to raw JSON document, in creation order
 * @param userNames the members, ordered by name
 */
public record GroupSnapshot(
        String arn,
        String name,
        String path,
        String id,
        Instant createDate,
        List<String> attachedPolicyArns,
        Map<String, String> inlinePolicies,
        List<String> userNames) {

    public GroupSnapshot {
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        inlinePolicies = Collections.unmodifiableMap(new LinkedHashMap<>(inlinePolicies));
        userNames = List.copyOf(userNames);
    }
}
