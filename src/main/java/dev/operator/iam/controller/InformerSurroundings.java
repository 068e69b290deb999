package dev.operator.iam.controller;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.ReferenceResolver;
import dev.operator.iam.engine.Surroundings;
import dev.operator.iam.tenancy.TenantPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;

/**
 * What the engine reads of Kubernetes, from the caches of the reconciler's watches: the same
 * informers whose events start the reconciles, so what is read is at least as fresh as the event.
 */
final class InformerSurroundings implements Surroundings {

    /** Older first, then by name: the order in which maxObjectsPerKind admits objects. */
    private static final Comparator<HasMetadata> CREATION_ORDER =
            Comparator.comparing(
                            (HasMetadata r) -> r.getMetadata().getCreationTimestamp(),
                            Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(r -> r.getMetadata().getName());

    private final Context<? extends ManagedResource<?, ?>> context;
    private final IamAdapter<?, ?> adapter;

    InformerSurroundings(
            Context<? extends ManagedResource<?, ?>> context, IamAdapter<?, ?> adapter) {
        this.context = context;
        this.adapter = adapter;
    }

    @Override
    public ReferenceResolver references() {
        return new InformerReferenceResolver(context, adapter);
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
        ManagedInformerEventSource<Namespace, ?, ?> source =
                (ManagedInformerEventSource<Namespace, ?, ?>)
                        context.eventSourceRetriever()
                                .getEventSourceFor(Namespace.class, TenancyWatch.NAMESPACES);
        return source.get(new ResourceID(namespace))
                .map(ns -> ns.getMetadata().getLabels())
                .filter(labels -> labels != null)
                .orElse(Map.of());
    }

    @Override
    public Collection<TenantPolicy> tenantPolicies() {
        ManagedInformerEventSource<TenantPolicy, ?, ?> source =
                (ManagedInformerEventSource<TenantPolicy, ?, ?>)
                        context.eventSourceRetriever()
                                .getEventSourceFor(
                                        TenantPolicy.class, TenancyWatch.TENANT_POLICIES);
        return source.list().toList();
    }

    @Override
    public int objectsAhead(ManagedResource<?, ?> resource) {
        return (int)
                context.getPrimaryCache()
                        .list(resource.getMetadata().getNamespace())
                        .filter(other -> CREATION_ORDER.compare(other, resource) < 0)
                        .count();
    }
}
