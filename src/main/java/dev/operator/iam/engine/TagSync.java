package dev.operator.iam.engine;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Makes a resource's tags the desired set, with the kind's own Tag and Untag calls: what is missing
 * or has another value is set, what the spec does not have is removed (keys compared as IAM
 * compares them, see {@link TagSets}). Written once for every taggable kind, as {@code
 * PrincipalPolicySync} is for attachments.
 */
public final class TagSync {

    private TagSync() {}

    /**
     * @param tag the kind's Tag call (TagRole, TagPolicy, ...) for the tags to set
     * @param untag the kind's Untag call for the keys to remove
     */
    public static void apply(
            Map<String, String> desired,
            Map<String, String> observed,
            Consumer<Map<String, String>> tag,
            Consumer<Set<String>> untag) {
        Map<String, String> toSet = TagSets.toSet(desired, observed);
        Set<String> toRemove = TagSets.toRemove(desired, observed);
        if (!toSet.isEmpty()) {
            tag.accept(toSet);
        }
        if (!toRemove.isEmpty()) {
            untag.accept(toRemove);
        }
    }
}
