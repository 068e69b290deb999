package dev.operator.iam.accesskey;

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
 * The AccessKey kind's controller: {@link IamReconciler} with the {@link AccessKeyAdapter}. Watches
 * the User object of {@code userRef}.
 */
@ControllerConfiguration(
        name = "accesskey",
        finalizerName = FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RelevantChangeFilter.class))
@GradualRetry(
        maxAttempts = RETRY_FOREVER,
        initialInterval = RETRY_INITIAL_MILLIS,
        intervalMultiplier = RETRY_MULTIPLIER,
        maxInterval = RETRY_MAX_MILLIS)
public class AccessKeyReconciler extends IamReconciler<AccessKey> {

    public AccessKeyReconciler(ReconcileEngine engine, AccessKeyAdapter adapter) {
        super(engine, adapter);
    }
}
