package dev.operator.iam.principal;

import dev.operator.iam.document.PolicyDocuments;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Inline policies as a map difference: names to put (missing, or whose document differs
 * semantically — key order, whitespace and single value vs one-element list do not count) and names
 * to delete (present in AWS, absent from the spec).
 */
public record InlinePolicySet(Map<String, String> toPut, Set<String> toDelete) {

    public static InlinePolicySet diff(Map<String, String> desired, Map<String, String> observed) {
        Map<String, String> put = new LinkedHashMap<>();
        desired.forEach(
                (name, document) -> {
                    String current = observed.get(name);
                    if (current == null || !equivalent(document, current)) {
                        put.put(name, document);
                    }
                });
        Set<String> delete = new LinkedHashSet<>(observed.keySet());
        delete.removeAll(desired.keySet());
        return new InlinePolicySet(Map.copyOf(put), Set.copyOf(delete));
    }

    private static boolean equivalent(String desired, String observed) {
        try {
            return PolicyDocuments.equivalent(desired, observed);
        } catch (RuntimeException e) {
            // A document AWS holds that does not parse differs from any valid one: put ours.
            return false;
        }
    }

    public boolean isEmpty() {
        return toPut.isEmpty() && toDelete.isEmpty();
    }
}
