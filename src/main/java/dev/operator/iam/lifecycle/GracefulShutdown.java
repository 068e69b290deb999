package dev.operator.iam.lifecycle;

import dev.operator.iam.aws.InflightCalls;
import dev.operator.iam.config.OperatorConfig;
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
 * SIGTERM, in order: readiness turns DOWN and no new AWS call is sent; the Java Operator SDK stops
 * (quarkus-operator-sdk's own shutdown observer, priority 3123), waiting for the reconciles that
 * are running — their AWS calls finish, never interrupted, and their status writes reach Kubernetes
 * — up to the drain timeout ({@code quarkus.operator-sdk.termination-timeout} is set to it in
 * application.properties); then one line reports what was drained or abandoned, and Quarkus closes
 * the AWS and Kubernetes clients and exits.
 */
@Singleton
@Readiness
public class GracefulShutdown implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    /** Before quarkus-operator-sdk's AppEventListener.onShutdown (priority 3123). */
    static final int BEFORE_OPERATOR_STOPS = 1;

    /** After it: the reconciles have finished or been given up. */
    static final int AFTER_OPERATOR_STOPPED = 5000;

    private final InflightCalls inflight;
    private final Duration drainTimeout;
    private volatile long startedNanos;
    private volatile int inflightAtStart;

    public GracefulShutdown(InflightCalls inflight, OperatorConfig config) {
        this.inflight = inflight;
        this.drainTimeout = config.shutdown().drainTimeout();
    }

    void beginDrain(@Observes @Priority(BEFORE_OPERATOR_STOPS) ShutdownEvent event) {
        startedNanos = System.nanoTime();
        inflight.stopAccepting();
        inflightAtStart = inflight.count();
        LOG.infof(
                "shutting down: readiness DOWN, no new AWS calls; draining %d AWS call(s) in flight"
                        + " for at most %s",
                inflightAtStart, drainTimeout);
    }

    void finishDrain(@Observes @Priority(AFTER_OPERATOR_STOPPED) ShutdownEvent event)
            throws InterruptedException {
        Duration left = drainTimeout.minusNanos(System.nanoTime() - startedNanos);
        List<InflightCalls.Call> abandoned =
                inflight.awaitDrained(left.isNegative() ? Duration.ZERO : left);
        long tookMs = (System.nanoTime() - startedNanos) / 1_000_000;
        if (abandoned.isEmpty()) {
            LOG.infof(
                    "drained %d AWS call(s) in %d ms; status flushed; exiting",
                    inflightAtStart, tookMs);
        } else {
            LOG.warnf(
                    "drain timeout %s passed after %d ms; abandoning %d AWS call(s): %s. The next"
                            + " start finds their resources by ownership tags",
                    drainTimeout, tookMs, abandoned.size(), abandoned);
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("iam-operator-shutdown")
                .status(inflight.accepting())
                .build();
    }
}
