package dev.operator.iam.policy;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * IAM keeps at most five versions of a managed policy; creating a sixth fails with LimitExceeded.
 * Before a new version is created, the oldest non-default versions are deleted until there is room.
 */
public final class PolicyVersions {

    /** IAM's quota of versions per managed policy. */
    public static final int MAX_VERSIONS = 5;

    /** One stored version of a policy. */
    public record Version(String id, boolean isDefault, Instant created) {}

    private PolicyVersions() {}

    /**
     * The versions to delete so that one more fits: the oldest non-default ones first (by creation
     * date, then by version number). The default version is never deleted.
     */
    public static List<String> toDeleteBeforeCreate(List<Version> versions) {
        int excess = versions.size() - (MAX_VERSIONS - 1);
        if (excess <= 0) {
            return List.of();
        }
        return versions.stream()
                .filter(v -> !v.isDefault())
                .sorted(
                        Comparator.comparing(
                                        Version::created,
                                        Comparator.nullsFirst(Comparator.naturalOrder()))
                                .thenComparingInt(v -> number(v.id())))
                .limit(excess)
                .map(Version::id)
                .toList();
    }

    /** The non-default versions, which IAM requires deleted before the policy itself. */
    public static List<String> nonDefault(List<Version> versions) {
        return versions.stream().filter(v -> !v.isDefault()).map(Version::id).toList();
    }

    /** {@code v12} → 12; anything else sorts first. */
    static int number(String versionId) {
        try {
            return Integer.parseInt(versionId.substring(1));
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
