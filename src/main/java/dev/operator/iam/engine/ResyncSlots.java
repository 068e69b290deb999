package dev.operator.iam.engine;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps resyncs from holding every reconcile thread. The Operator SDK runs reconciles on a fixed
 * pool fed by one first-in first-out queue; when the IAM call budget is spent, each resync waits in
 * the budget while holding its thread, and a change a user just asked for (a new Role) waits in the
 * queue behind every resync queued before it: measured at 400 objects, 135 s before its first IAM
 * call, although the budget serves changes first. So at most half of the threads run resyncs at
 * once; a resync that finds them taken gives its thread back at once, without an IAM call or a
 * status write, and comes back after a delay that grows with the resyncs waiting (they can run no
 * faster than the budget anyway), spread at random so they do not return together.
 */
final class ResyncSlots {

    private static final Duration LONGEST = Duration.ofMinutes(5);
    private static final double SHORTEST_SECONDS = 0.5;

    /** Weight of the newest resync in the running average of how long one takes. */
    private static final double NEWEST = 0.2;

    private final int permits;

    /** The longest a resync is put off: five minutes, or one resync interval when shorter. */
    private final Duration longest;

    private final Semaphore slots;
    private final Set<String> deferred = ConcurrentHashMap.newKeySet();

    /** How long a resync takes, seconds, averaged; starts as one IAM call at the budget's rate. */
    private volatile double resyncSeconds;

    /**
     * @param reconcileThreads the Operator SDK's reconcile threads
     * @param callsPerSecond the IAM call budget, which bounds how fast resyncs can go
     * @param resyncInterval {@code iam-operator.resync-interval}: a resync is never put off longer,
     *     so that drift is still found within two intervals, and a delay estimated while resyncs
     *     were slow (a restart's first ones wait for the account scan) does not leave a few objects
     *     unobserved long after the others
     */
    ResyncSlots(int reconcileThreads, double callsPerSecond, Duration resyncInterval) {
        this.permits = Math.max(1, reconcileThreads / 2);
        this.longest =
                resyncInterval.compareTo(LONGEST) < 0 && !resyncInterval.isNegative()
                        ? resyncInterval
                        : LONGEST;
        this.slots = new Semaphore(permits);
        this.resyncSeconds = 1 / (callsPerSecond > 0 ? callsPerSecond : 1);
    }

    /** Takes a slot for the object's resync; false when every slot is taken. */
    boolean tryEnter(String uid) {
        if (slots.tryAcquire()) {
            if (uid != null) {
                deferred.remove(uid);
            }
            return true;
        }
        if (uid != null) {
            deferred.add(uid);
        }
        return false;
    }

    /** Gives back the slot taken by {@link #tryEnter}, after a resync that took this long. */
    void exit(Duration took) {
        double seconds = took.toNanos() / 1e9;
        synchronized (this) {
            resyncSeconds = NEWEST * seconds + (1 - NEWEST) * resyncSeconds;
        }
        slots.release();
    }

    /** The object is gone: it waits for no slot any more. */
    void forget(String uid) {
        if (uid != null) {
            deferred.remove(uid);
        }
    }

    /** How many resyncs wait for a slot now. */
    int waiting() {
        return deferred.size();
    }

    /**
     * When a resync that found no slot comes back: the time the resyncs waiting take through the
     * slots at the current pace (at least half a second, at most five minutes or one resync
     * interval), between half and one and a half times that.
     */
    Duration retryDelay() {
        double seconds = Math.max(SHORTEST_SECONDS, deferred.size() * resyncSeconds / permits);
        double spread = seconds * (0.5 + ThreadLocalRandom.current().nextDouble());
        long millis = Math.min(longest.toMillis(), Math.round(spread * 1000));
        return Duration.ofMillis(millis);
    }
}
