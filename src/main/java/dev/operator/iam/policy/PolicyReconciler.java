package dev.operator.iam.policy;

import dev.operator.iam.engine.ReconcileEngine;
import dev.operator.iam.engine.RelevantChangeFilter;
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
 * Wires the Policy kind into the engine; all behaviour lives in {@link ReconcileEngine} and {@link
 * PolicyAdapter}.
 */
@ControllerConfiguration(
        name = "policy",
        finalizerName = PolicyReconciler.FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RelevantChangeFilter.class))
@GradualRetry(
        maxAttempts = -1,
        initialInterval = 1_000,
        intervalMultiplier = 2,
        maxInterval = 300_000)
public class PolicyReconciler implements Reconciler<Policy>, Cleaner<Policy> {

    public static final String FINALIZER = "iam.operator.dev/finalizer";

    private final ReconcileEngine engine;
    private final PolicyAdapter adapter;

    public PolicyReconciler(ReconcileEngine engine, PolicyAdapter adapter) {
        this.engine = engine;
        this.adapter = adapter;
    }

    @Override
    public UpdateControl<Policy> reconcile(Policy policy, Context<Policy> context) {
        return engine.reconcile(policy, adapter);
    }

    @Override
    public DeleteControl cleanup(Policy policy, Context<Policy> context) {
        return engine.cleanup(policy, adapter);
    }

    /** The engine has already written the status before any failure reaches the SDK. */
    @Override
    public ErrorStatusUpdateControl<Policy> updateErrorStatus(
            Policy policy, Context<Policy> context, Exception e) {
        return ErrorStatusUpdateControl.noStatusUpdate();
    }
}
