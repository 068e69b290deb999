package dev.operator.iam.principal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Managed policy attachments as a set difference: what to attach and what to detach so that exactly
 * {@code desired} is attached. ARNs compare exactly, as IAM does.
 */
public record ManagedPolicySet(Set<String> toAttach, Set<String> toDetach) {

    public static ManagedPolicySet diff(Collection<String> desired, Collection<String> attached) {
        Set<String> attach = new LinkedHashSet<>(desired);
        attach.removeAll(attached);
        Set<String> detach = new LinkedHashSet<>(attached);
        detach.removeAll(desired);
        return new ManagedPolicySet(Set.copyOf(attach), Set.copyOf(detach));
    }

    public boolean isEmpty() {
        return toAttach.isEmpty() && toDetach.isEmpty();
    }
}
