package dev.operator.iam.oidc;

import static dev.operator.iam.controller.IamReconciler.FINALIZER;
import static dev.operator.iam.controller.IamReconciler.RETRY_FOREVER;
import static dev.operator.iam.controller.IamReconciler.RETRY_INITIAL_MILLIS;
import static dev.operator.iam.controller.IamReconciler.RETRY_MAX_MILLIS;
import static dev.operator.iam.controller.IamReconciler.RETRY_MULTIPLIER;

import dev.operator.iam.controller.IamReconciler;
import dev.operator.iam.engine.ReconcileEngine;
import dev.operator.iam.engine.RelevantChangeFilter;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;

/**
 * The OpenIDConnectProvider kind's controller: {@link IamReconciler} with the {@link
 * OpenIDConnectProviderAdapter}.
 */
@ControllerConfiguration(
        name = "openidconnectprovider",
        finalizerName = FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RelevantChangeFilter.class))
@GradualRetry(
        maxAttempts = RETRY_FOREVER,
        initialInterval = RETRY_INITIAL_MILLIS,
        intervalMultiplier = RETRY_MULTIPLIER,
        maxInterval = RETRY_MAX_MILLIS)
public class OpenIDConnectProviderReconciler extends IamReconciler<OpenIDConnectProvider> {

    public OpenIDConnectProviderReconciler(
            ReconcileEngine engine, OpenIDConnectProviderAdapter adapter) {
        super(engine, adapter);
    }
}
