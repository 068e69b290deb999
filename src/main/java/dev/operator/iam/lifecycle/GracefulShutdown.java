package dev.operator.iam.lifecycle;

import dev.operator.iam.aws.InflightCalls;
import dev.operator.iam.config.OperatorConfig;
import dev.operator.iam.engine.ReconcileActivity;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * SIGTERM, in this order, before the Java Operator SDK is stopped (quarkus-operator-sdk's shutdown
 * observer has priority 3123): readiness turns DOWN; no new reconcile starts and no new AWS call is
 * sent; the reconciles that are running finish — their AWS calls already sent are never
 * interrupted, and their status writes and finalizer changes reach Kubernetes — for at most the
 * drain timeout; one line reports what was drained or abandoned. Then the SDK stops, a leader gives
 * its lease up ({@link LeaderElection}), and Quarkus closes the AWS and Kubernetes clients and
 * exits.
 */
@Singleton
@Readiness
public class GracefulShutdown implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    /** Before quarkus-operator-sdk's AppEventListener.onShutdown (priority 3123). */
    static final int BEFORE_OPERATOR_STOPS = 1;

    private final InflightCalls inflight;
    private final ReconcileActivity reconciles;
    private final Duration drainTimeout;
    private volatile boolean draining;

    public GracefulShutdown(
            InflightCalls inflight, ReconcileActivity reconciles, OperatorConfig config) {
        this.inflight = inflight;
        this.reconciles = reconciles;
        this.drainTimeout = config.shutdown().drainTimeout();
    }

    void drain(@Observes @Priority(BEFORE_OPERATOR_STOPS) ShutdownEvent event)
            throws InterruptedException {
        long start = System.nanoTime();
        draining = true;
        reconciles.close();
        inflight.stopAccepting();
        int calls = inflight.count();
        LOG.infof(
                "shutting down: readiness DOWN, no new reconcile or AWS call; waiting for %d"
                        + " reconcile(s) and %d AWS call(s) in flight, at most %s",
                reconciles.running(), calls, drainTimeout);
        int stillRunning = reconciles.awaitIdle(drainTimeout);
        Duration left = drainTimeout.minusNanos(System.nanoTime() - start);
        List<InflightCalls.Call> abandoned =
                inflight.awaitDrained(left.isNegative() ? Duration.ZERO : left);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        if (stillRunning == 0 && abandoned.isEmpty()) {
            LOG.infof("drained %d AWS call(s) in %d ms; status flushed; stopping", calls, tookMs);
        } else {
            LOG.warnf(
                    "drain timeout %s passed after %d ms; abandoning %d AWS call(s) %s and %d"
                        + " reconcile(s); the next start finds their resources by ownership tags",
                    drainTimeout, tookMs, abandoned.size(), abandoned, stillRunning);
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("iam-operator-shutdown").status(!draining).build();
    }
}
