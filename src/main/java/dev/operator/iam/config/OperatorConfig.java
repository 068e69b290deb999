package dev.operator.iam.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the operator, read from {@code iam-operator.*} (environment: {@code
 * IAM_OPERATOR_*}). The keys are part of the contract in design.md: the Helm chart and the docs
 * name them.
 */
@ConfigMapping(prefix = "iam-operator")
public interface OperatorConfig {

    /**
     * Value of the {@code iam.operator.dev/cluster} ownership tag written on every resource this
     * operator creates. Give every cluster that shares an AWS account its own id: a resource is
     * only ours when this tag, the namespace tag and the name tag all match.
     */
    @WithDefault("default")
    String clusterId();

    /** How the operator talks to AWS. */
    Aws aws();

    /**
     * How often every resource is observed in AWS to find drift, even when nothing changed in
     * Kubernetes. Roles, Users, Groups and Policies are compared with one {@code
     * GetAccountAuthorizationDetails} scan of the account per interval (a call per 1,000 of them),
     * not read one by one.
     */
    @WithDefault("10m")
    Duration resyncInterval();

    /**
     * How often a resync also reads, object by object, what the account's {@code
     * GetAccountAuthorizationDetails} scan does not return: a Policy's tags, a Role's description
     * and maximum session duration. Everything else is compared with the scan at every resync.
     * Drift in these fields is found within this interval; each such read costs one IAM call.
     */
    @WithDefault("4h")
    Duration unscannedResyncInterval();

    /** What happens on SIGTERM. */
    Shutdown shutdown();

    /** Leader election among replicas. */
    LeaderElection leaderElection();

    /** Namespaces as tenants (design.md, "Tenancy"). */
    Tenancy tenancy();

    /**
     * ARN of the cluster's IRSA OpenID Connect provider, which tenants' trust policies may name for
     * their own ServiceAccounts.
     */
    Optional<String> clusterOidcProviderArn();

    /** Tenancy settings. */
    interface Tenancy {
        /**
         * The rules of a namespace that no TenantPolicy selects: {@code deny} (its objects are
         * NotPermitted until a TenantPolicy selects it) or {@code privileged} (no rules: a
         * single-team cluster).
         */
        @WithDefault("deny")
        UnselectedNamespaces unselectedNamespaces();
    }

    /** Values of {@code iam-operator.tenancy.unselected-namespaces}. */
    enum UnselectedNamespaces {
        /** Objects are NotPermitted until a TenantPolicy selects their namespace. */
        DENY,
        /** No rules: every namespace trusted (a single-team cluster). */
        PRIVILEGED
    }

    /** AWS client settings. */
    interface Aws {
        /**
         * Signing region for IAM. IAM is a global service signed for {@code aws-global}
         * (us-east-1).
         */
        @WithDefault("aws-global")
        String region();

        /** IAM endpoint to use instead of the public one: LocalStack, moto or the test emulator. */
        Optional<URI> endpointOverride();

        /** STS endpoint to use instead of the public one; STS is only asked for the account id. */
        Optional<URI> stsEndpointOverride();

        /** Upper bound for one AWS API call, retries included. */
        @WithDefault("30s")
        Duration callTimeout();

        /**
         * IAM calls per second this operator may spend in the account, all reconciles together, SDK
         * retries included: IAM's quota is shared with every other tool in the account. Lowered for
         * a while when IAM answers Throttling anyway. More than 0.
         */
        @WithDefault("10")
        double maxCallsPerSecond();

        /** How many IAM calls may go at once after a quiet time. At least 1. */
        @WithDefault("10")
        int burst();
    }

    /** Leader election settings: one replica reconciles, the others stand by. */
    interface LeaderElection {
        /**
         * Whether replicas elect a leader through a Lease. Default: on when running in a cluster
         * (the lease namespace is known and KUBERNETES_SERVICE_HOST is set), off elsewhere.
         */
        Optional<Boolean> enabled();

        /** Name of the coordination.k8s.io Lease in the operator's namespace. */
        @WithDefault("iam-operator-lease")
        String leaseName();

        /** Namespace of the Lease; default: POD_NAMESPACE, or the service account's namespace. */
        Optional<String> leaseNamespace();

        /**
         * How long a lease is valid without renewal: the failover time after a leader dies without
         * releasing it.
         */
        @WithDefault("15s")
        Duration leaseDuration();

        /**
         * How long the leader keeps trying to renew before it stops leading. It then exits with
         * status 1 after draining, so that Kubernetes restarts it as a standby and only one replica
         * writes to AWS (docs/operations.md, "Losing the lease while running").
         */
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often candidates try to acquire or renew the lease. */
        @WithDefault("2s")
        Duration retryPeriod();
    }

    /** Graceful shutdown settings. */
    interface Shutdown {
        /**
         * Upper bound for letting AWS calls already sent finish after SIGTERM. Calls still running
         * then are abandoned; the next start recovers their resources through ownership tags. Keep
         * the pod's {@code terminationGracePeriodSeconds} larger than this.
         */
        @WithDefault("20s")
        Duration drainTimeout();
    }
}
