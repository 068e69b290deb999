package dev.operator.iam.role;

import static dev.operator.iam.controller.IamReconciler.FINALIZER;
import static dev.operator.iam.controller.IamReconciler.RETRY_FOREVER;
import static dev.operator.iam.controller.IamReconciler.RETRY_INITIAL_MILLIS;
import static dev.operator.iam.controller.IamReconciler.RETRY_MAX_MILLIS;
import static dev.operator.iam.controller.IamReconciler.RETRY_MULTIPLIER;

import dev.operator.iam.controller.IamReconciler;
import dev.operator.iam.engine.EventRecorder;
import dev.operator.iam.engine.ReconcileEngine;
import dev.operator.iam.engine.RelevantChangeFilter;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.util.ArrayList;
import java.util.List;

/**
 * The Role kind's controller: {@link IamReconciler} with the {@link RoleAdapter}. Watches the
 * Policy objects of {@code policyRefs}, and the ServiceAccounts of {@code serviceAccounts}, which
 * it annotates with the role's ARN ({@link ServiceAccountLinks}).
 */
@ControllerConfiguration(
        name = "role",
        finalizerName = FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RelevantChangeFilter.class))
@GradualRetry(
        maxAttempts = RETRY_FOREVER,
        initialInterval = RETRY_INITIAL_MILLIS,
        intervalMultiplier = RETRY_MULTIPLIER,
        maxInterval = RETRY_MAX_MILLIS)
public class RoleReconciler extends IamReconciler<Role> {

    private final ServiceAccountLinks serviceAccounts;

    public RoleReconciler(ReconcileEngine engine, RoleAdapter adapter, EventRecorder events) {
        super(engine, adapter);
        this.serviceAccounts = new ServiceAccountLinks(events);
    }

    /** Then the ServiceAccounts of {@code spec.serviceAccounts} get the role's ARN. */
    @Override
    public UpdateControl<Role> reconcile(Role role, Context<Role> context) {
        UpdateControl<Role> control = super.reconcile(role, context);
        serviceAccounts.sync(role, context);
        return control;
    }

    /** Once the role is gone, the ServiceAccounts it annotated lose the annotation. */
    @Override
    public DeleteControl cleanup(Role role, Context<Role> context) {
        DeleteControl control = super.cleanup(role, context);
        if (control.isRemoveFinalizer()) {
            serviceAccounts.releaseAll(role, context);
        }
        return control;
    }

    @Override
    public List<EventSource<?, Role>> prepareEventSources(EventSourceContext<Role> context) {
        List<EventSource<?, Role>> sources = new ArrayList<>(super.prepareEventSources(context));
        sources.add(serviceAccounts.watch(context));
        return sources;
    }
}
