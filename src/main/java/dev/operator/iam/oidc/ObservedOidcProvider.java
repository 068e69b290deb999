package dev.operator.iam.oidc;

import dev.operator.iam.engine.ObservedResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An OpenID Connect provider as IAM reports it. IAM gives providers no unique id, so {@link #id()}
 * is null and ownership rests on the tags alone.
 *
 * @param hostAndPath the URL without {@code https://}, as IAM returns it
 */
public record ObservedOidcProvider(
        String arn,
        String hostAndPath,
        List<String> clientIds,
        List<String> thumbprints,
        Map<String, String> tags,
        Instant createDate)
        implements ObservedResource {

    public ObservedOidcProvider {
        clientIds = List.copyOf(clientIds);
        thumbprints = List.copyOf(thumbprints);
        tags = Map.copyOf(tags);
    }

    @Override
    public String id() {
        return null;
    }

    @Override
    public String name() {
        return hostAndPath;
    }

    ObservedOidcProvider withClientIds(List<String> newClientIds) {
        return new ObservedOidcProvider(
                arn, hostAndPath, newClientIds, thumbprints, tags, createDate);
    }

    ObservedOidcProvider withThumbprints(List<String> newThumbprints) {
        return new ObservedOidcProvider(
                arn, hostAndPath, clientIds, newThumbprints, tags, createDate);
    }

    ObservedOidcProvider withTags(Map<String, String> newTags) {
        return new ObservedOidcProvider(
                arn, hostAndPath, clientIds, thumbprints, newTags, createDate);
    }
}
