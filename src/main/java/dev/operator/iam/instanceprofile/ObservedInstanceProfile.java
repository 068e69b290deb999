package dev.operator.iam.instanceprofile;

import dev.operator.iam.engine.ObservedResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An instance profile as IAM reports it (GetInstanceProfile).
 *
 * @param roles names of the roles it holds: IAM allows at most one
 */
public record ObservedInstanceProfile(
        String arn,
        String id,
        String name,
        String path,
        List<String> roles,
        Map<String, String> tags,
        Instant createDate)
        implements ObservedResource {

    public ObservedInstanceProfile {
        roles = List.copyOf(roles);
        tags = Map.copyOf(tags);
    }

    ObservedInstanceProfile with(List<String> newRoles, Map<String, String> newTags) {
        return new ObservedInstanceProfile(arn, id, name, path, newRoles, newTags, createDate);
    }
}
