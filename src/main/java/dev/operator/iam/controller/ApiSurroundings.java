package dev.operator.iam.controller;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.engine.ReferenceResolver;
import dev.operator.iam.engine.Surroundings;
import dev.operator.iam.tenancy.TenantPolicy;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.Map;

/**
 * What admission reads of Kubernetes, straight from the API server: every replica serves the
 * webhook, leader or standby, and a standby's reconcilers have started no watches.
 */
final class ApiSurroundings implements Surroundings {

    private final KubernetesClient client;
    private final Class<? extends ManagedResource<?, ?>> kind;

    ApiSurroundings(KubernetesClient client, Class<? extends ManagedResource<?, ?>> kind) {
        this.client = client;
        this.kind = kind;
    }

    @Override
    public ReferenceResolver references() {
        throw new UnsupportedOperationException(
                "admission decides before references are resolved, as a reconcile does");
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
        Namespace ns = client.namespaces().withName(namespace).get();
        return ns == null || ns.getMetadata().getLabels() == null
                ? Map.of()
                : ns.getMetadata().getLabels();
    }

    @Override
    public Collection<TenantPolicy> tenantPolicies() {
        return client.resources(TenantPolicy.class).list().getItems();
    }

    /** An object being created has no creation time yet: every existing one is ahead of it. */
    @Override
    public int objectsAhead(ManagedResource<?, ?> resource) {
        String created = resource.getMetadata().getCreationTimestamp();
        return (int)
                client
                        .resources(kind)
                        .inNamespace(resource.getMetadata().getNamespace())
                        .list()
                        .getItems()
                        .stream()
                        .filter(
                                o ->
                                        !o.getMetadata()
                                                .getName()
                                                .equals(resource.getMetadata().getName()))
                        .filter(
                                o ->
                                        created == null
                                                || o.getMetadata().getCreationTimestamp() == null
                                                || o.getMetadata()
                                                                .getCreationTimestamp()
                                                                .compareTo(created)
                                                        < 0)
                        .count();
    }
}
