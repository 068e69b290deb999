package dev.operator.iam.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable view of one customer managed policy held by the emulator.
 *
 * @param defaultDocument the default version's document as raw JSON (never URL-encoded)
 * @param versionIds all version ids in creation order
 * @param tags tags in the order they were added
 */
public record PolicySnapshot(
        String arn,
        String name,
        String path,
        String id,
        String description,
        String defaultVersionId,
        String defaultDocument,
        List<String> versionIds,
        Map<String, String> tags,
        int attachmentCount,
        Instant createDate) {

    public PolicySnapshot {
        versionIds = List.copyOf(versionIds);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
