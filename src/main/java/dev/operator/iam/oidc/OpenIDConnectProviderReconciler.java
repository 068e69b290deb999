package dev.operator.iam.oidc;

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
 * Wires the OpenIDConnectProvider kind into the engine; all behaviour lives in {@link
 * ReconcileEngine} and {@link OpenIDConnectProviderAdapter}.
 */
@ControllerConfiguration(
        name = "openidconnectprovider",
        finalizerName = PolicyReconciler.FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RelevantChangeFilter.class))
@GradualRetry(
        maxAttempts = -1,
        initialInterval = 1_000,
        intervalMultiplier = 2,
        maxInterval = 300_000)
public class OpenIDConnectProviderReconciler
        implements Reconciler<OpenIDConnectProvider>, Cleaner<OpenIDConnectProvider> {

    private final ReconcileEngine engine;
    private final OpenIDConnectProviderAdapter adapter;

    public OpenIDConnectProviderReconciler(
            ReconcileEngine engine, OpenIDConnectProviderAdapter adapter) {
        this.engine = engine;
        this.adapter = adapter;
    }

    @Override
    public UpdateControl<OpenIDConnectProvider> reconcile(
            OpenIDConnectProvider provider, Context<OpenIDConnectProvider> context) {
        return engine.reconcile(provider, adapter);
    }

    @Override
    public DeleteControl cleanup(
            OpenIDConnectProvider provider, Context<OpenIDConnectProvider> context) {
        return engine.cleanup(provider, adapter);
    }

    /** The engine has already written the status before any failure reaches the SDK. */
    @Override
    public ErrorStatusUpdateControl<OpenIDConnectProvider> updateErrorStatus(
            OpenIDConnectProvider provider, Context<OpenIDConnectProvider> context, Exception e) {
        return ErrorStatusUpdateControl.noStatusUpdate();
    }
}
