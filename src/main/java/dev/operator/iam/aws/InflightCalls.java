package dev.operator.iam.aws;

import dev.operator.iam.metrics.OperatorMetrics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The AWS calls that have been sent and not yet answered. The shutdown drain waits on this, and the
 * {@code iam_operator_aws_inflight_calls} gauge reads it, so both always agree.
 */
@ApplicationScoped
public class InflightCalls {

    /** One call in flight, for the log line that names what a drain abandoned. */
    public record Call(String operation, String resource, Instant startedAt) {
        @Override
        public String toString() {
            return operation
                    + (resource == null ? "" : " for " + resource)
                    + " (running since "
                    + startedAt
                    + ")";
        }
    }

    private final Map<Long, Call> calls = new ConcurrentHashMap<>();
    private volatile boolean accepting = true;
    private final AtomicLong ids = new AtomicLong();
    private final Object lock = new Object();

    /** Whether new calls may be sent; false once shutdown began. */
    public boolean accepting() {
        return accepting;
    }

    /** From now on no new call is sent; calls already sent run to their end. */
    public void stopAccepting() {
        accepting = false;
    }

    /** Registers a call about to be sent; the returned token is passed to {@link #end}. */
    public long begin(String operation, String resource) {
        long id = ids.incrementAndGet();
        calls.put(id, new Call(operation, resource, Instant.now()));
        return id;
    }

    public void end(long token) {
        calls.remove(token);
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    public int count() {
        return calls.size();
    }

    /** The {@code iam_operator_aws_inflight_calls} gauge exists from start-up and reads this. */
    void registerGauge(@Observes StartupEvent event, OperatorMetrics metrics) {
        metrics.inflightCalls(this::count);
    }

    /**
     * Waits until no call is in flight or the timeout passed, never interrupting a call.
     *
     * @return the calls still in flight when it gave up; empty when everything finished
     */
    public List<Call> awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!calls.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
        return List.copyOf(calls.values());
    }
}
