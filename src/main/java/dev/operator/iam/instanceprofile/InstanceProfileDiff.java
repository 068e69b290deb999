package dev.operator.iam.instanceprofile;

import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.TagSets;
import java.util.List;
import java.util.Map;

/**
 * Pure comparison of an InstanceProfile spec with what IAM holds: the one role (names compared
 * ignoring case, as IAM does) and the tags as a set. Name and path are guarded by validation.
 */
public final class InstanceProfileDiff {

    /** The drift field for the role, whether it was given by {@code role} or {@code roleRef}. */
    public static final String ROLE = "role";

    public static final String TAGS = "tags";

    private InstanceProfileDiff() {}

    /**
     * @param desiredRole the role name the profile should hold, {@code null} for none
     */
    public static Drift diff(
            String desiredRole, Map<String, String> desiredTags, ObservedInstanceProfile observed) {
        return Drift.builder()
                .check(ROLE, !sameRole(desiredRole, observed.roles()))
                .check(TAGS, TagSets.differ(desiredTags, observed.tags()))
                .build();
    }

    static boolean sameRole(String desiredRole, List<String> held) {
        if (desiredRole == null) {
            return held.isEmpty();
        }
        return held.size() == 1 && held.get(0).equalsIgnoreCase(desiredRole);
    }
}
