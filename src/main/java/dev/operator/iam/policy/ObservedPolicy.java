package dev.operator.iam.policy;

import dev.operator.iam.engine.ObservedResource;
import java.time.Instant;
import java.util.Map;

/**
 * A managed policy as IAM reports it, with the document of its default version already decoded (IAM
 * sends documents URL-encoded).
 */
public record ObservedPolicy(
        String arn,
        String id,
        String name,
        String path,
        String description,
        String defaultVersionId,
        String document,
        int attachmentCount,
        Map<String, String> tags,
        Instant createDate)
        implements ObservedResource {

    public ObservedPolicy {
        tags = Map.copyOf(tags);
    }

    ObservedPolicy withDocument(String newDocument, String newDefaultVersionId) {
        return new ObservedPolicy(
                arn,
                id,
                name,
                path,
                description,
                newDefaultVersionId,
                newDocument,
                attachmentCount,
                tags,
                createDate);
    }

    ObservedPolicy withDescription(String newDescription) {
        return new ObservedPolicy(
                arn,
                id,
                name,
                path,
                newDescription,
                defaultVersionId,
                document,
                attachmentCount,
                tags,
                createDate);
    }

    ObservedPolicy withTags(Map<String, String> newTags) {
        return new ObservedPolicy(
                arn,
                id,
                name,
                path,
                description,
                defaultVersionId,
                document,
                attachmentCount,
                newTags,
                createDate);
    }
}
