package dev.operator.iam.controller;

import dev.operator.iam.tenancy.Governances;
import dev.operator.iam.tenancy.TenantPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Re-checks a kind's objects when what governs them changes: a Namespace's labels (which
 * TenantPolicy selects it) or a TenantPolicy (its rules, or which namespaces it selects). Only the
 * objects of the affected namespaces are woken, so a change costs a reconcile of those alone. The
 * two caches are also what the engine reads tenancy from ({@link InformerSurroundings}).
 */
final class TenancyWatch {

    static final String NAMESPACES = "tenancy-Namespace";
    static final String TENANT_POLICIES = "tenancy-TenantPolicy";

    private TenancyWatch() {}

    static <P extends HasMetadata> InformerEventSource<Namespace, P> namespaces(
            EventSourceContext<P> context) {
        InformerEventSourceConfiguration<Namespace> config =
                InformerEventSourceConfiguration.from(
                                Namespace.class, context.getPrimaryResourceClass())
                        .withName(NAMESPACES)
                        .withSecondaryToPrimaryMapper(
                                ns -> inNamespace(context, ns.getMetadata().getName()))
                        .withOnUpdateFilter(
                                (now, before) ->
                                        !Objects.equals(
                                                now.getMetadata().getLabels(),
                                                before.getMetadata().getLabels()))
                        .build();
        return new InformerEventSource<>(config, context);
    }

    static <P extends HasMetadata> InformerEventSource<TenantPolicy, P> tenantPolicies(
            EventSourceContext<P> context, InformerEventSource<Namespace, P> namespaces) {
        InformerEventSourceConfiguration<TenantPolicy> config =
                InformerEventSourceConfiguration.from(
                                TenantPolicy.class, context.getPrimaryResourceClass())
                        .withName(TENANT_POLICIES)
                        .withSecondaryToPrimaryMapper(
                                policy -> governedBy(context, namespaces, policy))
                        // Its rules changed, not its status (which the operator itself writes:
                        // reconciling every governed object for that would only spend IAM calls).
                        .withOnUpdateFilter(
                                (now, before) ->
                                        !Objects.equals(
                                                now.getMetadata().getGeneration(),
                                                before.getMetadata().getGeneration()))
                        .build();
        return new InformerEventSource<>(config, context);
    }

    /**
     * The objects of the namespaces the policy selects now, and of those its status says it
     * selected before the change (the selector may have let them go).
     */
    private static <P extends HasMetadata> Set<ResourceID> governedBy(
            EventSourceContext<P> context,
            InformerEventSource<Namespace, P> namespaces,
            TenantPolicy policy) {
        Set<String> affected = new HashSet<>();
        if (policy.getStatus() != null) {
            affected.addAll(policy.getStatus().getSelectedNamespaces());
        }
        if (policy.getSpec() != null) {
            namespaces
                    .list()
                    .filter(
                            ns ->
                                    Governances.selects(
                                            policy.getSpec().getNamespaceSelector(),
                                            ns.getMetadata().getLabels() == null
                                                    ? Map.of()
                                                    : ns.getMetadata().getLabels()))
                    .forEach(ns -> affected.add(ns.getMetadata().getName()));
        }
        Set<ResourceID> ids = new HashSet<>();
        affected.forEach(ns -> ids.addAll(inNamespace(context, ns)));
        return ids;
    }

    private static <P extends HasMetadata> Set<ResourceID> inNamespace(
            EventSourceContext<P> context, String namespace) {
        return context.getPrimaryCache()
                .list(namespace)
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
