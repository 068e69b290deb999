package dev.operator.iam.lifecycle;

import dev.operator.iam.config.OperatorConfig;
import dev.operator.iam.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Leader election through a Kubernetes Lease: with several replicas one reconciles, the others wait
 * and take over when the leader gives the lease up (graceful shutdown) or its lease expires (the
 * leader died). quarkus-operator-sdk picks up the produced configuration; a null product means
 * leader election is off.
 *
 * <p>Which replica leads is visible in the {@code iam_operator_leader} gauge and in the data of the
 * {@code iam-operator-leader} readiness check. That check is always UP: a standby is as ready as
 * the leader (its caches are warm and it takes over within a retry period), and a rolling update
 * waits for new pods to be Ready, which a standby never would be if readiness meant "leads".
 *
 * <p>A leader that loses the lease while it is not shutting down (it could not renew it within the
 * renew deadline, or another replica took it over) exits with status 1, as controller-runtime's
 * managers do: Java Operator SDK 5.3.2 builds fabric8's LeaderElector so that it only logs "Stopped
 * leading, configured not to exit" and leaves the controllers running, while another replica
 * acquires the lease and reconciles too. The exit goes through Quarkus, so the graceful drain of
 * {@link GracefulShutdown} still runs; Kubernetes restarts the pod, which then waits as a standby.
 */
@Singleton
@Readiness
@Default // @Readiness is a qualifier: without @Default, the metrics could not inject this bean
public class LeaderElection implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    private static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    /**
     * After {@link GracefulShutdown} drained and before quarkus-operator-sdk stops the SDK (3123).
     */
    static final int AFTER_DRAIN = GracefulShutdown.BEFORE_OPERATOR_STOPS + 1;

    /** Before {@link GracefulShutdown} starts to drain. */
    static final int SHUTDOWN_STARTS = GracefulShutdown.BEFORE_OPERATOR_STOPS - 1;

    /**
     * What fabric8's LeaderElector writes when it releases a lease (client-go does the same): no
     * holder, and a lease of one second, so every candidate may take it at its next try.
     */
    private static final int RELEASED_LEASE_SECONDS = 1;

    private final OperatorConfig.LeaderElection settings;
    private final Instance<KubernetesClient> client;
    private final Optional<String> leaseNamespace;
    private final boolean enabled;
    private final String identity;
    private final AtomicBoolean leading = new AtomicBoolean();

    /** Quarkus is shutting down (SIGTERM or an exit): losing the lease is then expected. */
    private volatile boolean shuttingDown;

    /** The drain is over and the SDK is about to stop: the lease is to be given up. */
    private volatile boolean stopping;

    public LeaderElection(OperatorConfig config, Instance<KubernetesClient> client) {
        this.settings = config.leaderElection();
        this.client = client;
        this.leaseNamespace = settings.leaseNamespace().or(LeaderElection::podNamespace);
        this.enabled = settings.enabled().orElse(leaseNamespace.isPresent() && inCluster());
        this.identity = identity();
    }

    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection() {
        if (!enabled) {
            LOG.info("leader election off: this process reconciles on its own");
            return null;
        }
        String namespace =
                leaseNamespace.orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "leader election is on but the lease namespace is unknown:"
                                                + " set POD_NAMESPACE (downward API) or"
                                                + " iam-operator.leader-election.lease-namespace"));
        LOG.infof(
                "leader election on: lease %s/%s, identity %s",
                namespace, settings.leaseName(), identity);
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                .withLeaseNamespace(namespace)
                .withIdentity(identity)
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withLeaderCallbacks(
                        new LeaderCallbacks(
                                this::startedLeading, this::stoppedLeading, this::newLeader))
                .build();
    }

    /**
     * Whether this process reconciles: it holds the lease, or leader election is off. Read by the
     * {@code iam_operator_leader} gauge.
     */
    public boolean isLeader() {
        return !enabled || leading.get();
    }

    /** The {@code iam_operator_leader} gauge exists from start-up and reads {@link #isLeader}. */
    void registerGauge(@Observes StartupEvent event, OperatorMetrics metrics) {
        metrics.leader(this::isLeader);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("iam-operator-leader")
                .up()
                .withData("leader", isLeader())
                .withData("leaderElection", enabled)
                .build();
    }

    /**
     * Runs first on shutdown, before the drain: from here on, losing the lease is part of stopping
     * and no reason to exit with an error.
     */
    void shutdownStarted(@Observes @Priority(SHUTDOWN_STARTS) ShutdownEvent event) {
        shuttingDown = true;
    }

    /**
     * Runs once the drain is over: from here on, losing leadership means the SDK is stopping, and
     * the lease is given up so that a standby takes over at its next try instead of waiting for the
     * lease to expire.
     */
    void afterDrain(@Observes @Priority(AFTER_DRAIN) ShutdownEvent event) {
        stopping = true;
    }

    private void startedLeading() {
        leading.set(true);
        LOG.infof("this replica (%s) now leads and reconciles", identity);
    }

    /**
     * Called by fabric8's LeaderElector when this replica stops leading: on a graceful shutdown
     * after the SDK cancelled the election (its renew loop is over, so it cannot take the lease
     * back); when the renew deadline passed without a successful renewal; or when a renewal found
     * the lease held by another replica. JOSDK 5.3.2 then only logs "Stopped leading, configured
     * not to exit" and leaves the controllers running: unless the process is shutting down anyway,
     * it exits here, so that only one replica writes to AWS.
     */
    private void stoppedLeading() {
        leading.set(false);
        if (stopping) {
            LOG.infof("this replica (%s) no longer leads", identity);
            release();
            return;
        }
        if (shuttingDown || ApplicationLifecycleManager.isVmShuttingDown()) {
            LOG.infof("this replica (%s) no longer leads; it is shutting down", identity);
            return;
        }
        LOG.errorf(
                "this replica (%s) lost leadership of lease %s/%s: it could not renew it within"
                        + " the renew deadline (%s) or another replica holds it now; exiting with"
                        + " status 1 after draining, so that only one replica writes to AWS IAM;"
                        + " Kubernetes restarts the pod, which then waits as a standby",
                identity,
                leaseNamespace.orElse(null),
                settings.leaseName(),
                settings.renewDeadline());
        Quarkus.asyncExit(1);
    }

    private void newLeader(String holder) {
        LOG.debugf("the lease is held by %s", holder);
    }

    /**
     * Gives the lease up if this replica still holds it. JOSDK 5.3 builds fabric8's LeaderElector
     * with {@code releaseOnCancel=false} and offers no switch, so the release is done here, the way
     * fabric8's own {@code LeaderElector.release()} does it. The update carries the resourceVersion
     * that was read: if another replica wrote the lease meanwhile, the API server answers 409 and
     * nothing is overwritten.
     */
    private void release() {
        String namespace = leaseNamespace.orElse(null);
        try {
            Lease lease =
                    client.get()
                            .leases()
                            .inNamespace(namespace)
                            .withName(settings.leaseName())
                            .get();
            if (lease == null
                    || lease.getSpec() == null
                    || !Objects.equals(identity, lease.getSpec().getHolderIdentity())) {
                LOG.debugf(
                        "lease %s/%s not held by this replica: nothing to release",
                        namespace, settings.leaseName());
                return;
            }
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            lease.getSpec().setHolderIdentity(null);
            lease.getSpec().setLeaseDurationSeconds(RELEASED_LEASE_SECONDS);
            lease.getSpec().setAcquireTime(now);
            lease.getSpec().setRenewTime(now);
            client.get().resource(lease).update();
            LOG.infof(
                    "released lease %s/%s: a standby takes over at its next try",
                    namespace, settings.leaseName());
        } catch (KubernetesClientException e) {
            LOG.warnf(
                    "could not release lease %s/%s (%s); a standby takes over when it expires",
                    namespace, settings.leaseName(), e.getMessage());
        }
    }

    /**
     * The pod's name (HOSTNAME) when there is one, as the SDK would choose; else a random id. Known
     * here so that the release can tell whether this replica still holds the lease.
     */
    private static String identity() {
        String hostname = System.getenv("HOSTNAME");
        return hostname == null || hostname.isBlank()
                ? UUID.randomUUID().toString()
                : hostname.trim();
    }

    private static boolean inCluster() {
        return System.getenv("KUBERNETES_SERVICE_HOST") != null;
    }

    private static Optional<String> podNamespace() {
        String env = System.getenv("POD_NAMESPACE");
        if (env != null && !env.isBlank()) {
            return Optional.of(env.trim());
        }
        try {
            return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                    ? Optional.of(Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
