package dev.operator.iam.aws;

import dev.operator.iam.aws.RateBudget.Priority;

/**
 * The {@link Priority} of the IAM calls the current thread makes: the engine sets it for the length
 * of one reconcile, the rate budget reads it for every HTTP attempt. Unset means {@link
 * Priority#RESYNC}.
 */
public final class CallPriority {

    private static final ThreadLocal<Priority> CURRENT = new ThreadLocal<>();

    private CallPriority() {}

    public static void set(Priority priority) {
        CURRENT.set(priority);
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** The priority of the current thread's calls; {@link Priority#RESYNC} when unset. */
    public static Priority current() {
        Priority p = CURRENT.get();
        return p == null ? Priority.RESYNC : p;
    }
}
