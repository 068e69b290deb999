package dev.operator.iam.servicelinkedrole;

import dev.operator.iam.engine.ObservedResource;
import java.time.Instant;
import java.util.Map;

/** A service-linked role as IAM reports it (GetRole). */
public record ObservedServiceLinkedRole(
        String arn,
        String id,
        String name,
        String path,
        String description,
        Map<String, String> tags,
        Instant createDate)
        implements ObservedResource {

    public ObservedServiceLinkedRole {
        tags = Map.copyOf(tags);
    }

    ObservedServiceLinkedRole withDescription(String newDescription) {
        return new ObservedServiceLinkedRole(arn, id, name, path, newDescription, tags, createDate);
    }
}
