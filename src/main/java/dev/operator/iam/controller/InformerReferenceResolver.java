package dev.operator.iam.controller;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.IamStatus;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.Reference;
import dev.operator.iam.engine.ReferenceResolver;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves references from the caches of the watches that {@link IamReconciler} set up on the
 * target kinds: the same informers whose events wake a waiting referrer, so what the engine reads
 * is at least as fresh as the event that started the reconcile, and no reference costs a request to
 * the API server.
 */
final class InformerReferenceResolver implements ReferenceResolver {

    private final Context<?> context;
    private final IamAdapter<?, ?> adapter;

    InformerReferenceResolver(Context<?> context, IamAdapter<?, ?> adapter) {
        this.context = context;
        this.adapter = adapter;
    }

    @Override
    public Target resolve(String namespace, Reference reference) {
        Class<? extends ManagedResource<?, ?>> type =
                adapter.referenceTargets().stream()
                        .filter(t -> HasMetadata.getKind(t).equals(reference.kind()))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                adapter.kind()
                                                        + " refers to "
                                                        + reference.kind()
                                                        + " but does not list it in"
                                                        + " referenceTargets()"));
        ManagedInformerEventSource<?, ?, ?> source =
                (ManagedInformerEventSource<?, ?, ?>)
                        context.eventSourceRetriever().getEventSourceFor(type);
        Optional<?> target = source.get(new ResourceID(reference.name(), namespace));
        return targetOf((ManagedResource<?, ?>) target.orElse(null));
    }

    /** What a referrer may rely on, from the target object as the cache has it. */
    static Target targetOf(ManagedResource<?, ?> target) {
        if (target == null) {
            return Target.missing();
        }
        if (target.getMetadata().getDeletionTimestamp() != null) {
            return Target.notReady("being deleted");
        }
        IamStatus status = target.getStatus();
        Optional<Condition> ready =
                status == null ? Optional.empty() : Conditions.find(status, Conditions.READY);
        if (ready.isEmpty()) {
            return Target.notReady("not reconciled yet");
        }
        Condition c = ready.get();
        if (!"True".equals(c.getStatus()) || status.getArn() == null) {
            return Target.notReady(
                    "Ready="
                            + c.getStatus()
                            + " "
                            + Objects.toString(c.getReason(), "")
                            + ": "
                            + Objects.toString(c.getMessage(), ""));
        }
        return Target.ready(status.getArn(), status.getName());
    }
}
