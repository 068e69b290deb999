package dev.operator.iam.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable view of one OpenID Connect provider held by the emulator.
 *
 * @param url without the {@code https://} scheme, as IAM returns it
 * @param clientIds the audiences, in the order they were added
 * @param thumbprints in the order last set
 * @param tags in the order they were added
 */
public record OidcProviderSnapshot(
        String arn,
        String url,
        List<String> clientIds,
        List<String> thumbprints,
        Map<String, String> tags,
        Instant createDate) {

    public OidcProviderSnapshot {
        clientIds = List.copyOf(clientIds);
        thumbprints = List.copyOf(thumbprints);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
