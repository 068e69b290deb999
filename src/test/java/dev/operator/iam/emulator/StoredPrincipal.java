package dev.operator.iam.emulator;

import dev.operator.iam.emulator.StoredPolicy.EntityType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A role, user or group as IAM stores it. Unlike {@link StoredPolicy} it is mutable, but only ever
 * touched under the {@link PrincipalStore}'s monitor, which hands out immutable snapshots instead.
 */
class StoredPrincipal {

    final EntityType type;
    final String name;
    final String path;
    final String id;
    final String arn;
    final Instant createDate;

    /** Managed policy ARNs in attachment order. */
    final Set<String> attachedPolicies = new LinkedHashSet<>();

    /** Inline policy name to document (raw JSON), in creation order. */
    final Map<String, String> inlinePolicies = new LinkedHashMap<>();

    /** Users and roles only; groups cannot be tagged in IAM. */
    Map<String, String> tags = new LinkedHashMap<>();

    /** Users only: the groups the user belongs to, by name. */
    final Set<String> groupNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    /** Users only: their access keys in creation order (IAM allows two). */
    final java.util.List<StoredAccessKey> accessKeys = new java.util.ArrayList<>();

    /** Users and roles only; {@code null} when there is none. */
    String permissionsBoundary;

    StoredPrincipal(
            EntityType type, String name, String path, String id, String arn, Instant createDate) {
        this.type = type;
        this.name = name;
        this.path = path;
        this.id = id;
        this.arn = arn;
        this.createDate = createDate;
    }
}
