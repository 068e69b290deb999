package dev.operator.iam.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenID Connect identity provider. Mutable under the {@link PrincipalStore}'s monitor.
 *
 * <p>{@code url} is stored without its {@code https://} scheme, as IAM returns it.
 */
final class StoredOidcProvider {

    final String arn;
    final String url;
    final Instant createDate;
    final List<String> clientIds = new ArrayList<>();
    List<String> thumbprints = new ArrayList<>();
    Map<String, String> tags = new LinkedHashMap<>();

    StoredOidcProvider(String arn, String url, Instant createDate) {
        this.arn = arn;
        this.url = url;
        this.createDate = createDate;
    }
}
