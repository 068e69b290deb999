package dev.operator.iam.kube;

import dev.operator.iam.api.IamStatus;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.engine.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes status through the status subresource with a JSON Patch computed against the object as it
 * is in the API server now ({@code editStatus}): no resourceVersion conflicts with spec edits,
 * arrays replaced rather than merged (a JSON merge patch would append conditions on some servers),
 * and it works without server-side apply.
 */
@ApplicationScoped
public class KubernetesStatusWriter implements StatusWriter {

    private final KubernetesClient client;

    public KubernetesStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void write(ManagedResource<?, ?> resource) {
        IamStatus status = resource.getStatus();
        Class<ManagedResource> type = (Class<ManagedResource>) resource.getClass();
        try {
            client.resources(type)
                    .inNamespace(resource.getMetadata().getNamespace())
                    .withName(resource.getMetadata().getName())
                    .editStatus(
                            current -> {
                                ((ManagedResource) current).setStatus(status);
                                return current;
                            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
