package dev.operator.iam.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable view of one instance profile held by the emulator.
 *
 * @param roles the role it holds (IAM allows at most one), as it was when the snapshot was taken
 * @param tags in the order they were added
 */
public record InstanceProfileSnapshot(
        String arn,
        String name,
        String path,
        String id,
        Instant createDate,
        List<RoleSnapshot> roles,
        Map<String, String> tags) {

    public InstanceProfileSnapshot {
        roles = List.copyOf(roles);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public List<String> roleNames() {
        return roles.stream().map(RoleSnapshot::name).toList();
    }
}
