package dev.operator.iam.lifecycle;

import dev.operator.iam.config.OperatorConfig;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Leader election through a Kubernetes Lease: with several replicas one reconciles, the others wait
 * and take over when its lease expires. quarkus-operator-sdk picks up the produced configuration; a
 * null product means leader election is off.
 */
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    private static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        OperatorConfig.LeaderElection le = config.leaderElection();
        Optional<String> namespace = le.leaseNamespace().or(LeaderElection::podNamespace);
        boolean enabled = le.enabled().orElse(namespace.isPresent() && inCluster());
        if (!enabled) {
            LOG.info("leader election off: this process reconciles on its own");
            return null;
        }
        String leaseNamespace =
                namespace.orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "leader election is on but the lease namespace is unknown:"
                                                + " set POD_NAMESPACE (downward API) or"
                                                + " iam-operator.leader-election.lease-namespace"));
        LOG.infof("leader election on: lease %s/%s", leaseNamespace, le.leaseName());
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(le.leaseName())
                .withLeaseNamespace(leaseNamespace)
                .withLeaseDuration(le.leaseDuration())
                .withRenewDeadline(le.renewDeadline())
                .withRetryPeriod(le.retryPeriod())
                .build();
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
