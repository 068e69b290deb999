package dev.operator.iam.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import org.jboss.logging.Logger;

/**
 * Started outside a cluster with no kubeconfig, the Kubernetes client falls back to {@code
 * https://kubernetes.default.svc}, which cannot resolve: the Operator SDK would then retry for
 * about 20 s and end in a long stack trace. This check runs first ({@code @Priority(1)}, before the
 * SDK's own start-up at 3123) and exits at once with one line saying what was looked for and what
 * to do.
 */
@Singleton
public class NoClusterCheck {

    private static final Logger LOG = Logger.getLogger(NoClusterCheck.class);

    static final String IN_CLUSTER_HOST = "kubernetes.default.svc";

    void check(@Observes @Priority(1) StartupEvent event, KubernetesClient client) {
        String reason =
                reason(
                        client.getConfiguration().getMasterUrl(),
                        System.getenv("KUBERNETES_SERVICE_HOST"));
        if (reason != null) {
            LOG.error(reason);
            System.out.flush();
            System.err.flush();
            // Before any thread of the SDK exists: nothing to drain, no status to flush. Not
            // System.exit: its shutdown hook waits for this start-up thread, which would wait for
            // it.
            Runtime.getRuntime().halt(1);
        }
    }

    /**
     * Why the operator cannot reach a cluster, or null when it can try: a master URL other than the
     * in-cluster default (a kubeconfig or quarkus.kubernetes-client.api-server-url), or the
     * in-cluster default inside a pod.
     */
    static String reason(String masterUrl, String kubernetesServiceHost) {
        String host = masterUrl == null ? null : URI.create(masterUrl).getHost();
        boolean inClusterDefault = host == null || host.startsWith(IN_CLUSTER_HOST);
        if (!inClusterDefault
                || (kubernetesServiceHost != null && !kubernetesServiceHost.isBlank())) {
            return null;
        }
        return "No Kubernetes cluster to manage IAM from: no kubeconfig (KUBECONFIG or"
                + " ~/.kube/config) and not running in a pod (KUBERNETES_SERVICE_HOST is unset), so"
                + " the in-cluster address https://"
                + IN_CLUSTER_HOST
                + " cannot be reached. Point the operator at a cluster with KUBECONFIG or"
                + " QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL, or try it without one:"
                + " ./mvnw -q -Pdemo -DskipTests package exec:java";
    }
}
