package dev.operator.iam.emulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instance profile, holding at most one role. Mutable under the {@link PrincipalStore}'s
 * monitor.
 */
final class StoredInstanceProfile {

    final String name;
    final String path;
    final String id;
    final String arn;
    final Instant createDate;
    Map<String, String> tags = new LinkedHashMap<>();

    /** The role's name, {@code null} while the profile is empty. */
    String roleName;

    StoredInstanceProfile(String name, String path, String id, String arn, Instant createDate) {
        this.name = name;
        this.path = path;
        this.id = id;
        this.arn = arn;
        this.createDate = createDate;
    }
}
