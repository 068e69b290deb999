package dev.operator.iam.aws;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether the observation the current thread makes may presume what the account scan leaves out (a
 * policy's tags, a role's Description and MaxSessionDuration) instead of reading it, and whether it
 * did (see {@link AccountSnapshots#complement}).
 *
 * <p>A restarted operator knows nothing of what the scan leaves out; reading it for every object
 * would cost a call per object at the restart, all at once. For an object whose status records it
 * in sync with the resource it names, the engine lets the first observation presume that it still
 * is what the spec wants, and the real read follows at a random time within {@code
 * iam-operator.unscanned-resync-interval}. Nothing is ever written on a presumption: when the
 * observation made with one differs from the spec in anything, the engine observes again {@link
 * #verifying} (with real reads) before it decides.
 */
public final class Presumptions {

    /**
     * What the object being reconciled recorded when it was last in sync.
     *
     * @param awsId the id of the resource its status names ({@code status.id}): nothing is presumed
     *     of another resource (one recreated under the same name)
     * @param tags the tags its spec wants, ownership tags included
     * @param spec its spec, which it applied
     */
    public record InSync(String awsId, Map<String, String> tags, Object spec) {}

    private static final class State {
        final InSync inSync;
        boolean presumed;

        State(InSync inSync) {
            this.inSync = inSync;
        }
    }

    /** What {@code observe} returned, and whether anything in it was presumed. */
    public record Outcome<T>(T value, boolean presumed) {}

    private static final ThreadLocal<State> CURRENT = new ThreadLocal<>();

    private Presumptions() {}

    /** Runs {@code observe}, which may presume from {@code inSync} what was never read. */
    public static <T> Outcome<T> presuming(InSync inSync, Supplier<T> observe) {
        State state = new State(inSync);
        State outer = CURRENT.get();
        CURRENT.set(state);
        try {
            T value = observe.get();
            return new Outcome<>(value, state.presumed);
        } finally {
            restore(outer);
        }
    }

    /**
     * Runs {@code observe} with real reads of everything presumed before: what an observation does
     * outside {@link #presuming} too.
     */
    public static <T> T verifying(Supplier<T> observe) {
        State outer = CURRENT.get();
        CURRENT.remove();
        try {
            return observe.get();
        } finally {
            restore(outer);
        }
    }

    /** What may be presumed of {@code awsId} now, if anything. */
    static InSync mayPresume(String awsId) {
        State s = CURRENT.get();
        return s != null && s.inSync.awsId() != null && s.inSync.awsId().equals(awsId)
                ? s.inSync
                : null;
    }

    /**
     * Whether a value presumed earlier of {@code awsId} may be used now: only where the engine
     * checks, before it writes, that nothing it observed differs from the spec.
     */
    static boolean presumedUsable(String awsId) {
        return mayPresume(awsId) != null;
    }

    /** The current observation used a presumed value. */
    static void used() {
        State s = CURRENT.get();
        if (s != null) {
            s.presumed = true;
        }
    }

    private static void restore(State outer) {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
