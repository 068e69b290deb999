package dev.operator.iam.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and writes the Kubernetes-shaped conditions of an {@link IamStatus}. */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String ADOPTED = "Adopted";
    public static final String DRIFTED = "Drifted";

    private Conditions() {}

    public static Optional<Condition> find(IamStatus status, String type) {
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Whether the condition of that type is currently {@code True}. */
    public static boolean isTrue(IamStatus status, String type) {
        return find(status, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /**
     * Sets a condition. {@code lastTransitionTime} changes only when the status value changes, as
     * Kubernetes API conventions require.
     */
    public static void set(
            IamStatus status,
            String type,
            boolean value,
            Reason reason,
            String message,
            Long generation,
            Instant now) {
        String v = value ? "True" : "False";
        List<Condition> list = status.getConditions();
        Condition c = find(status, type).orElse(null);
        if (c == null) {
            c = new Condition();
            c.setType(type);
            list.add(c);
        }
        if (!v.equals(c.getStatus()) || c.getLastTransitionTime() == null) {
            c.setLastTransitionTime(now.toString());
        }
        c.setStatus(v);
        c.setReason(reason.name());
        c.setMessage(message);
        c.setObservedGeneration(generation);
    }
}
