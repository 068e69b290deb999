package dev.operator.iam.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.model.Tag;

/** Tags between the operator's maps and the IAM SDK's {@code Tag} lists. */
public final class AwsTags {

    private AwsTags() {}

    public static List<Tag> of(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    /** In IAM's order; a key given twice keeps its last value. */
    public static Map<String, String> toMap(List<Tag> tags) {
        return tags.stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, LinkedHashMap::new));
    }
}
