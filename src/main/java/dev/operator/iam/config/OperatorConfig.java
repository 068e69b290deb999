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
     * Kubernetes. Each observation of a Policy costs two IAM read calls.
     */
    @WithDefault("10m")
    Duration resyncInterval();

    /** What happens on SIGTERM. */
    Shutdown shutdown();

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
