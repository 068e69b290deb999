package dev.operator.iam.group;

import dev.operator.iam.engine.ObservedResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A group as IAM reports it: GetGroup (with its members), ListAttachedGroupPolicies and its inline
 * policies, documents already decoded (IAM sends them URL-encoded). Groups carry no tags.
 */
public record ObservedGroup(
        String arn,
        String id,
        String name,
        String path,
        Instant createDate,
        List<String> attachedPolicyArns,
        Map<String, String> inlinePolicies,
        List<String> members)
        implements ObservedResource {

    public ObservedGroup {
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        inlinePolicies = Map.copyOf(inlinePolicies);
        members = List.copyOf(members);
    }

    @Override
    public Map<String, String> tags() {
        return Map.of();
    }

    ObservedGroup withPolicies(List<String> attached, Map<String, String> inline) {
        return new ObservedGroup(arn, id, name, path, createDate, attached, inline, members);
    }
}
