package dev.operator.iam.user;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A user's group memberships as a set difference, comparing names ignoring case as IAM does: the
 * groups to join and the groups to leave so that the user is in exactly {@code desired}.
 */
public record GroupMembership(Set<String> toAdd, Set<String> toRemove) {

    public static GroupMembership diff(Collection<String> desired, Collection<String> current) {
        Set<String> currentKeys = lower(current);
        Set<String> desiredKeys = lower(desired);
        Set<String> add = new LinkedHashSet<>();
        for (String g : desired) {
            if (!currentKeys.contains(g.toLowerCase(Locale.ROOT))) {
                add.add(g);
            }
        }
        Set<String> remove = new LinkedHashSet<>();
        for (String g : current) {
            if (!desiredKeys.contains(g.toLowerCase(Locale.ROOT))) {
                remove.add(g);
            }
        }
        return new GroupMembership(Set.copyOf(add), Set.copyOf(remove));
    }

    private static Set<String> lower(Collection<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public boolean isEmpty() {
        return toAdd.isEmpty() && toRemove.isEmpty();
    }
}
