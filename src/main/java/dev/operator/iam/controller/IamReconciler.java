package dev.operator.iam.controller;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.ReconcileEngine;
import dev.operator.iam.engine.Reference;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The reconciler of every kind, written once: it hands each object to the {@link ReconcileEngine}
 * with the kind's {@link IamAdapter}, and watches the kinds the adapter declares as reference
 * targets, so that an object waiting for one continues as soon as it is Ready. References are
 * resolved from those watches' caches, never with a GET per reconcile.
 *
 * <p>A kind's reconciler is this class plus its annotations and constructor. The annotations stay
 * on each concrete class: quarkus-operator-sdk reads {@code @ControllerConfiguration} and
 * {@code @GradualRetry} at build time from the reconciler class itself, and neither annotation is
 * {@code @Inherited}.
 *
 * @param <R> the custom resource
 */
public abstract class IamReconciler<R extends ManagedResource<?, ?>>
        implements Reconciler<R>, Cleaner<R> {

    /** The finalizer of every kind: the engine removes it once AWS is clean. */
    public static final String FINALIZER = "iam.operator.dev/finalizer";

    /** The SDK's retry of every kind: 1 s doubling to 5 min, never giving up. */
    public static final int RETRY_FOREVER = -1;

    public static final long RETRY_INITIAL_MILLIS = 1_000;
    public static final double RETRY_MULTIPLIER = 2;
    public static final long RETRY_MAX_MILLIS = 300_000;

    private final ReconcileEngine engine;
    private final IamAdapter<R, ?> adapter;

    /** Every kind's adapter, to find the kinds that refer to this one. */
    @Inject @Any Instance<IamAdapter<?, ?>> allAdapters;

    protected IamReconciler(ReconcileEngine engine, IamAdapter<R, ?> adapter) {
        this.engine = engine;
        this.adapter = adapter;
    }

    /**
     * Only for the client proxy Quarkus generates for each reconciler bean (it adds a no-args
     * constructor to the subclass, which needs one here); never used to reconcile.
     */
    protected IamReconciler() {
        this(null, null);
    }

    @Override
    public UpdateControl<R> reconcile(R resource, Context<R> context) {
        return engine.reconcile(resource, adapter, new InformerSurroundings(context, adapter));
    }

    @Override
    public DeleteControl cleanup(R resource, Context<R> context) {
        return engine.cleanup(resource, adapter, new InformerSurroundings(context, adapter));
    }

    /**
     * One watch per kind the adapter refers to, woken by the targets its objects name; for a kind
     * whose status counts what its referrers do, one watch per kind that refers to it ({@link
     * ReferrerWatch}); and the watches of what governs the objects' namespaces (Namespaces,
     * TenantPolicies).
     */
    @Override
    public List<EventSource<?, R>> prepareEventSources(EventSourceContext<R> context) {
        List<EventSource<?, R>> sources = new ArrayList<>();
        for (Class<? extends ManagedResource<?, ?>> target : adapter.referenceTargets()) {
            sources.add(ReferenceWatch.on(target, context, r -> namesOf(r, target)));
        }
        if (adapter.refreshedByReferrers()) {
            ReferrerWatch.indexByArn(context);
            for (IamAdapter<?, ?> referrers : allAdapters) {
                if (referrers.referenceTargets().contains(adapter.resourceClass())) {
                    sources.add(ReferrerWatch.on(referrers, context));
                }
            }
        }
        InformerEventSource<Namespace, R> namespaces = TenancyWatch.namespaces(context);
        sources.add(namespaces);
        sources.add(TenancyWatch.tenantPolicies(context, namespaces));
        return sources;
    }

    /** The engine has already written the status before any failure reaches the SDK. */
    @Override
    public ErrorStatusUpdateControl<R> updateErrorStatus(
            R resource, Context<R> context, Exception e) {
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    /** The names of {@code target} objects that {@code resource} refers to. */
    private List<String> namesOf(R resource, Class<?> target) {
        if (resource.getSpec() == null) {
            return List.of();
        }
        String kind = HasMetadata.getKind(target);
        return adapter.references(resource).stream()
                .filter(ref -> ref.kind().equals(kind))
                .map(Reference::name)
                .toList();
    }
}
