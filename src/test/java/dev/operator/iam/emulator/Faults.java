package dev.operator.iam.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Faults to inject into the emulator's answers, per action name ({@code "CreatePolicy"}) or for
 * every action ({@code "*"}); a rule for the action itself wins over a {@code "*"} rule. Counted
 * faults of one action apply in the order they were added. Thread-safe; methods chain.
 *
 * <p>A call passes three stages: latency, then faults that answer <em>instead of</em> executing
 * (throttling, injected errors), then faults that act <em>after</em> the call was executed and its
 * state committed (held responses, dropped connections) - the ones that make a client's view
 * diverge from AWS's.
 */
public final class Faults {

    private static final String ANY_ACTION = "*";

    private final Map<String, Duration> latencies = new HashMap<>();
    private final Map<String, RandomThrottle> randomThrottles = new HashMap<>();
    private final Map<String, Deque<CountedInjection>> injections = new HashMap<>();
    private final Map<String, Deque<AfterCommit>> afterCommits = new HashMap<>();

    /** Every hold handed out and not yet cleared, so none can block a connection forever. */
    private final List<Hold> holds = new ArrayList<>();

    Faults() {}

    /** Sleeps {@code delay} before handling every call of {@code action}. */
    public synchronized Faults latency(String action, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        latencies.put(action, delay);
        return this;
    }

    /**
     * Answers each call of {@code action} with {@code probability} by Throttling (HTTP 400, "Rate
     * exceeded") without executing it. The random sequence comes from {@code seed}, so a test run
     * repeats exactly.
     */
    public synchronized Faults throttle(String action, double probability, long seed) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within [0, 1]: " + probability);
        }
        randomThrottles.put(action, new RandomThrottle(probability, new Random(seed)));
        return this;
    }

    /**
     * Answers the next {@code times} calls of {@code action} by Throttling without executing them.
     */
    public synchronized Faults throttleNext(String action, int times) {
        return inject(action, times, new Injection(ServiceError.throttling(), "throttled"));
    }

    /**
     * Answers the next {@code times} calls of {@code action} with the given error (e.g. 500
     * ServiceFailure) without executing them.
     */
    public synchronized Faults failNext(
            String action, int times, int httpStatus, String code, String message) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("an error status must be 4xx or 5xx: " + httpStatus);
        }
        return inject(
                action,
                times,
                new Injection(new ServiceError(httpStatus, code, message), "injected"));
    }

    /** Executes the next call of {@code action}, committing its effect, then holds the response. */
    public synchronized Hold holdResponse(String action) {
        Hold hold = new Hold();
        holds.add(hold);
        queue(afterCommits, action).add(new AfterCommit(hold));
        return hold;
    }

    /**
     * Executes the next call of {@code action}, committing its effect, then hangs up without
     * answering.
     */
    public synchronized Faults dropConnection(String action) {
        queue(afterCommits, action).add(AfterCommit.DROP);
        return this;
    }

    /** Removes every fault and sends the responses still held. */
    public Faults clear() {
        releaseAll(Hold::release);
        return this;
    }

    /** Removes every fault and drops the connections of held calls: the emulator is going away. */
    void clearForShutdown() {
        releaseAll(Hold::releaseWithDrop);
    }

    synchronized Duration latencyFor(String action) {
        return latencies.getOrDefault(action, latencies.getOrDefault(ANY_ACTION, Duration.ZERO));
    }

    /** The error to answer the next call of {@code action} with instead of executing it, if any. */
    synchronized Optional<Injection> injectionFor(String action) {
        Deque<CountedInjection> queue = pending(injections, action);
        if (queue != null) {
            CountedInjection head = queue.peek();
            if (--head.remaining == 0) {
                queue.poll();
            }
            return Optional.of(head.injection);
        }
        RandomThrottle throttle =
                randomThrottles.getOrDefault(action, randomThrottles.get(ANY_ACTION));
        if (throttle != null && throttle.random.nextDouble() < throttle.probability) {
            return Optional.of(new Injection(ServiceError.throttling(), "throttled"));
        }
        return Optional.empty();
    }

    /** What to do with the response of the executed call of {@code action}, if anything unusual. */
    synchronized Optional<AfterCommit> afterCommitFor(String action) {
        Deque<AfterCommit> queue = pending(afterCommits, action);
        return queue == null ? Optional.empty() : Optional.of(queue.poll());
    }

    private Faults inject(String action, int times, Injection injection) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive: " + times);
        }
        queue(injections, action).add(new CountedInjection(injection, times));
        return this;
    }

    private void releaseAll(Consumer<Hold> release) {
        List<Hold> released;
        synchronized (this) {
            latencies.clear();
            randomThrottles.clear();
            injections.clear();
            afterCommits.clear();
            released = List.copyOf(holds);
            holds.clear();
        }
        // outside the monitor: a released connection thread may immediately ask for its next faults
        released.forEach(release);
    }

    private static <T> Deque<T> queue(Map<String, Deque<T>> queues, String action) {
        return queues.computeIfAbsent(action, key -> new ArrayDeque<>());
    }

    /**
     * The non-empty queue for {@code action}, else the non-empty one for every action, else null.
     */
    private static <T> Deque<T> pending(Map<String, Deque<T>> queues, String action) {
        for (String key : List.of(action, ANY_ACTION)) {
            Deque<T> queue = queues.get(key);
            if (queue != null && !queue.isEmpty()) {
                return queue;
            }
        }
        return null;
    }

    /** An error answered instead of executing a call, and the fault name recorded for it. */
    record Injection(ServiceError error, String fault) {}

    /** A held response ({@code hold} set) or a dropped connection ({@code hold} null). */
    record AfterCommit(Hold hold) {

        static final AfterCommit DROP = new AfterCommit(null);

        String fault() {
            return hold == null ? "dropped" : "held";
        }

        /**
         * Blocks while the response is held.
         *
         * @return whether to send the response
         */
        boolean deliver() {
            return hold != null && hold.holdUntilReleased();
        }
    }

    private record RandomThrottle(double probability, Random random) {}

    private static final class CountedInjection {

        private final Injection injection;
        private int remaining;

        private CountedInjection(Injection injection, int remaining) {
            this.injection = injection;
            this.remaining = remaining;
        }
    }
}
