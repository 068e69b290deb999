package dev.operator.iam.aws;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The IAM call budget of one account (design.md, "Rate budget and batch observation"): a token
 * bucket that every HTTP attempt to IAM takes one token from, SDK retries included, refilled at the
 * configured rate up to a burst.
 *
 * <p>When IAM still answers {@code Throttling} (another tool in the account spends the same quota),
 * the rate is cut by {@link #DECREASE} — at most once per {@link #COOL_DOWN_NANOS}, so that the
 * answers to a burst of calls count once — and then recovers by {@link #RECOVERY} of the configured
 * rate per second without throttling, never above it: the operator gives room back to the other
 * tools and takes it again gradually.
 *
 * <p>Waiters are served in order of {@link Priority} (changes users asked for before resync
 * observations), and within a priority round-robin over their fairness keys (namespaces), each key
 * in arrival order: one namespace with a thousand objects does not make another's single object
 * wait behind all of them.
 */
public final class RateBudget {

    /** Who is waiting for a call. */
    public enum Priority {
        /** A create, update or delete a user asked for (a new generation, a deletion). */
        CHANGE,
        /** A periodic observation, a retry of a failure, anything else. */
        RESYNC
    }

    static final double DECREASE = 0.5;
    static final double RECOVERY = 0.05;
    static final long COOL_DOWN_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The lowest the rate goes: one call every ten seconds still makes progress. */
    static final double FLOOR = 0.1;

    private final double maxRate;
    private final double burst;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();

    private double rate;
    private double tokens;
    private long lastRefill;
    private long lastThrottle = Long.MIN_VALUE / 2;

    /**
     * Waiters by priority, then by fairness key, in arrival order; keys rotate as they are served.
     */
    private final Map<Priority, LinkedHashMap<String, ArrayDeque<Waiter>>> waiting =
            new LinkedHashMap<>();

    private static final class Waiter {
        final Condition turn;
        boolean granted;

        Waiter(Condition turn) {
            this.turn = turn;
        }
    }

    /**
     * @param maxCallsPerSecond the budget: more than zero
     * @param burst how many calls may go at once after a quiet time: at least one
     * @throws IllegalArgumentException for a budget of zero or below, or a burst below one
     */
    public RateBudget(double maxCallsPerSecond, int burst) {
        this(maxCallsPerSecond, burst, System::nanoTime);
    }

    RateBudget(double maxCallsPerSecond, int burst, LongSupplier clock) {
        if (!(maxCallsPerSecond > 0) || Double.isInfinite(maxCallsPerSecond)) {
            throw new IllegalArgumentException(
                    "iam-operator.aws.max-calls-per-second is "
                            + maxCallsPerSecond
                            + ": give the IAM calls per second this operator may spend in the"
                            + " account, more than 0 (default 10)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException(
                    "iam-operator.aws.burst is "
                            + burst
                            + ": give how many IAM calls may go at once after a quiet time, at"
                            + " least 1 (default 10)");
        }
        this.maxRate = maxCallsPerSecond;
        this.burst = burst;
        this.clock = clock;
        this.rate = maxCallsPerSecond;
        this.tokens = burst;
        this.lastRefill = clock.getAsLong();
        for (Priority p : Priority.values()) {
            waiting.put(p, new LinkedHashMap<>());
        }
    }

    /**
     * Takes one call from the budget, waiting for it as long as needed.
     *
     * @return nanoseconds waited
     * @throws InterruptedException if the thread is interrupted while waiting (nothing is taken)
     */
    public long acquire(Priority priority, String fairnessKey) throws InterruptedException {
        long start = clock.getAsLong();
        lock.lock();
        try {
            refill();
            if (nobodyWaiting() && tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            Waiter me = new Waiter(lock.newCondition());
            waiting.get(priority)
                    .computeIfAbsent(
                            fairnessKey == null ? "" : fairnessKey, k -> new ArrayDeque<>())
                    .add(me);
            try {
                while (!me.granted) {
                    grant();
                    if (me.granted) {
                        break;
                    }
                    me.turn.awaitNanos(nanosUntilNextToken());
                }
            } catch (InterruptedException e) {
                if (!me.granted) {
                    remove(me);
                } else {
                    tokens += 1; // give back what was granted but not used
                }
                grant();
                throw e;
            }
            grant(); // the next one may be due at once (a burst)
            return clock.getAsLong() - start;
        } finally {
            lock.unlock();
        }
    }

    /** IAM answered {@code Throttling}: the rate is cut, once per cool-down. */
    public void throttled() {
        lock.lock();
        try {
            refill();
            long now = clock.getAsLong();
            if (now - lastThrottle >= COOL_DOWN_NANOS) {
                lastThrottle = now;
                rate = Math.max(FLOOR, rate * DECREASE);
                tokens = Math.min(tokens, 0);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The rate the budget allows now, in calls per second. */
    public double currentRate() {
        lock.lock();
        try {
            refill();
            return rate;
        } finally {
            lock.unlock();
        }
    }

    /** How many calls are waiting for the budget now. */
    int waiters() {
        lock.lock();
        try {
            return waiting.values().stream()
                    .flatMap(byKey -> byKey.values().stream())
                    .mapToInt(ArrayDeque::size)
                    .sum();
        } finally {
            lock.unlock();
        }
    }

    /** The configured budget, in calls per second. */
    public double maxRate() {
        return maxRate;
    }

    /** Adds the tokens earned since the last refill, and lets the rate recover. */
    private void refill() {
        long now = clock.getAsLong();
        double seconds = (now - lastRefill) / 1e9;
        if (seconds <= 0) {
            return;
        }
        lastRefill = now;
        tokens = Math.min(burst, tokens + seconds * rate);
        if (rate < maxRate) {
            rate = Math.min(maxRate, rate + seconds * RECOVERY * maxRate);
        }
    }

    /** Hands the available tokens to the waiters whose turn it is, and wakes them. */
    private void grant() {
        refill();
        while (tokens >= 1) {
            Waiter next = next();
            if (next == null) {
                return;
            }
            tokens -= 1;
            next.granted = true;
            next.turn.signal();
        }
    }

    /** The head of the next fairness key of the highest priority with waiters, removed. */
    private Waiter next() {
        for (LinkedHashMap<String, ArrayDeque<Waiter>> byKey : waiting.values()) {
            Iterator<Map.Entry<String, ArrayDeque<Waiter>>> it = byKey.entrySet().iterator();
            if (!it.hasNext()) {
                continue;
            }
            Map.Entry<String, ArrayDeque<Waiter>> first = it.next();
            Waiter w = first.getValue().poll();
            it.remove();
            if (!first.getValue().isEmpty()) {
                byKey.put(first.getKey(), first.getValue()); // to the back of the round
            }
            return w;
        }
        return null;
    }

    private void remove(Waiter w) {
        for (LinkedHashMap<String, ArrayDeque<Waiter>> byKey : waiting.values()) {
            byKey.values().forEach(q -> q.remove(w));
            byKey.values().removeIf(ArrayDeque::isEmpty);
        }
    }

    private boolean nobodyWaiting() {
        return waiting.values().stream().allMatch(Map::isEmpty);
    }

    private long nanosUntilNextToken() {
        double missing = Math.max(0, 1 - tokens);
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), (long) (missing / rate * 1e9));
    }
}
