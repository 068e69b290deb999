package dev.operator.iam.servicelinkedrole;

import dev.operator.iam.engine.ReconcileEngine;
import dev.operator.iam.engine.RelevantChangeFilter;
import dev.operator.iam.policy.PolicyReconciler;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;

/**
 * Wires the ServiceLinkedRole kind into the engine; all behaviour lives in {@link ReconcileEngine}
 * and {@link ServiceLinkedRoleAdapter}.
 */
@ControllerConfiguration(
        name = "servicelinkedrole",
        finalizerName = PolicyReconciler.FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RelevantChangeFilter.class))
@GradualRetry(
        maxAttempts = -1,
        initialInterval = 1_000,
        intervalMultiplier = 2,
        maxInterval = 300_000)
public class ServiceLinkedRoleReconciler
        implements Reconciler<ServiceLinkedRole>, Cleaner<ServiceLinkedRole> {

    private final ReconcileEngine engine;
    private final ServiceLinkedRoleAdapter adapter;

    public ServiceLinkedRoleReconciler(ReconcileEngine engine, ServiceLinkedRoleAdapter adapter) {
        this.engine = engine;
        this.adapter = adapter;
    }

    @Override
    public UpdateControl<ServiceLinkedRole> reconcile(
            ServiceLinkedRole role, Context<ServiceLinkedRole> context) {
        return engine.reconcile(role, adapter);
    }

    @Override
    public DeleteControl cleanup(ServiceLinkedRole role, Context<ServiceLinkedRole> context) {
        return engine.cleanup(role, adapter);
    }

    /** The engine has already written the status before any failure reaches the SDK. */
    @Override
    public ErrorStatusUpdateControl<ServiceLinkedRole> updateErrorStatus(
            ServiceLinkedRole role, Context<ServiceLinkedRole> context, Exception e) {
        return ErrorStatusUpdateControl.noStatusUpdate();
    }
}
