package dev.operator.iam.engine;

import dev.operator.iam.api.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Tags compared as sets of key/value pairs, as ACK does: what to add or overwrite, what to remove.
 */
public final class TagSets {

    private TagSets() {}

    public static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(t.getKey(), t.getValue() == null ? "" : t.getValue()));
        }
        return m;
    }

    /**
     * Tags to set (missing, or with another value) so that {@code observed} holds {@code desired}.
     * Keys are compared ignoring case, as IAM compares them: {@code Team} and {@code team} are one
     * tag, and tagging either overwrites the other.
     */
    public static Map<String, String> toSet(
            Map<String, String> desired, Map<String, String> observed) {
        return desired.entrySet().stream()
                .filter(e -> !e.getValue().equals(valueIgnoringCase(observed, e.getKey())))
                .collect(
                        Collectors.toMap(
                                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /**
     * Keys present in AWS that the spec does not have, ignoring case: a key the spec spells in
     * another case is the same tag to IAM, so untagging it would remove the tag the spec wants.
     */
    public static Set<String> toRemove(Map<String, String> desired, Map<String, String> observed) {
        return observed.keySet().stream()
                .filter(k -> valueIgnoringCase(desired, k) == null)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static String valueIgnoringCase(Map<String, String> tags, String key) {
        String exact = tags.get(key);
        if (exact != null) {
            return exact;
        }
        return tags.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(key))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    public static boolean differ(Map<String, String> desired, Map<String, String> observed) {
        return !toSet(desired, observed).isEmpty() || !toRemove(desired, observed).isEmpty();
    }
}
