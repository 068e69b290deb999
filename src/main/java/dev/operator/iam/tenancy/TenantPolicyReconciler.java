package dev.operator.iam.tenancy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Keeps each TenantPolicy's status true: whether it is valid, the namespaces it selects, and those
 * another TenantPolicy selects too. It changes nothing else: what a TenantPolicy allows is enforced
 * by the engine, for every kind, when it reconciles their objects.
 */
@ControllerConfiguration(name = "tenantpolicy")
public class TenantPolicyReconciler implements Reconciler<TenantPolicy> {

    private final KubernetesClient client;

    public TenantPolicyReconciler(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public UpdateControl<TenantPolicy> reconcile(
            TenantPolicy policy, Context<TenantPolicy> context) {
        // One TenantPolicy's change can change what others share with it: all statuses are
        // computed together, and those that differ are written.
        List<Namespace> namespaces = client.namespaces().list().getItems();
        List<TenantPolicy> all = client.resources(TenantPolicy.class).list().getItems();
        for (TenantPolicy each : all) {
            TenantPolicyStatus status = statusOf(each, namespaces, all);
            if (!sameStatus(status, each.getStatus())) {
                writeStatus(each.getMetadata().getName(), status);
            }
        }
        return UpdateControl.noUpdate();
    }

    private static boolean sameStatus(TenantPolicyStatus a, TenantPolicyStatus b) {
        return b != null
                && Objects.equals(a.getValid(), b.getValid())
                && a.getProblems().equals(b.getProblems())
                && a.getSelectedNamespaces().equals(b.getSelectedNamespaces())
                && a.getSharedNamespaces().equals(b.getSharedNamespaces())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration());
    }

    private void writeStatus(String name, TenantPolicyStatus status) {
        try {
            client.resources(TenantPolicy.class)
                    .withName(name)
                    .editStatus(
                            current -> {
                                current.setStatus(status);
                                return current;
                            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Pure: the status of {@code policy} among {@code all} TenantPolicies and namespaces. */
    static TenantPolicyStatus statusOf(
            TenantPolicy policy, List<Namespace> namespaces, List<TenantPolicy> all) {
        TenantPolicyStatus status = new TenantPolicyStatus();
        List<String> problems = Governances.problems(policy.getSpec());
        status.setValid(problems.isEmpty());
        status.setProblems(problems);
        status.setObservedGeneration(policy.getMetadata().getGeneration());
        List<String> selected = new ArrayList<>();
        List<String> shared = new ArrayList<>();
        for (Namespace ns : namespaces) {
            Map<String, String> labels =
                    ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
            if (policy.getSpec() == null
                    || !Governances.selects(policy.getSpec().getNamespaceSelector(), labels)) {
                continue;
            }
            String name = ns.getMetadata().getName();
            selected.add(name);
            List<String> others =
                    all.stream()
                            .filter(
                                    p ->
                                            !Objects.equals(
                                                    p.getMetadata().getName(),
                                                    policy.getMetadata().getName()))
                            .filter(p -> p.getSpec() != null)
                            .filter(
                                    p ->
                                            Governances.selects(
                                                    p.getSpec().getNamespaceSelector(), labels))
                            .map(p -> p.getMetadata().getName())
                            .sorted()
                            .toList();
            if (!others.isEmpty()) {
                shared.add(name + ": " + String.join(", ", others));
            }
        }
        selected.sort(null);
        shared.sort(null);
        status.setSelectedNamespaces(selected);
        status.setSharedNamespaces(shared);
        return status;
    }

    /**
     * A Namespace created, deleted or relabelled, or another TenantPolicy changed, may change what
     * every TenantPolicy selects or shares: all of them are looked at again (they are few).
     */
    @Override
    public List<EventSource<?, TenantPolicy>> prepareEventSources(
            EventSourceContext<TenantPolicy> context) {
        InformerEventSourceConfiguration<Namespace> config =
                InformerEventSourceConfiguration.from(Namespace.class, TenantPolicy.class)
                        .withName("tenantpolicy-Namespace")
                        .withSecondaryToPrimaryMapper(
                                ns ->
                                        context.getPrimaryCache()
                                                .list()
                                                .map(ResourceID::fromResource)
                                                .collect(Collectors.toSet()))
                        .build();
        return List.of(new InformerEventSource<>(config, context));
    }
}
