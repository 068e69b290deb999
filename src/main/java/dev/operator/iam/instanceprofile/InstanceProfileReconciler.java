package dev.operator.iam.instanceprofile;

import dev.operator.iam.engine.ReconcileEngine;
import dev.operator.iam.engine.RelevantChangeFilter;
import dev.operator.iam.kube.ReferenceWatch;
import dev.operator.iam.policy.PolicyReconciler;
import dev.operator.iam.role.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.util.List;

/**
 * Wires the InstanceProfile kind into the engine; all behaviour lives in {@link ReconcileEngine}
 * and {@link InstanceProfileAdapter}. Watches the Role object named in {@code roleRef}, so that a
 * profile waiting for it continues as soon as it is Ready.
 */
@ControllerConfiguration(
        name = "instanceprofile",
        finalizerName = PolicyReconciler.FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RelevantChangeFilter.class))
@GradualRetry(
        maxAttempts = -1,
        initialInterval = 1_000,
        intervalMultiplier = 2,
        maxInterval = 300_000)
public class InstanceProfileReconciler
        implements Reconciler<InstanceProfile>, Cleaner<InstanceProfile> {

    private final ReconcileEngine engine;
    private final InstanceProfileAdapter adapter;

    public InstanceProfileReconciler(ReconcileEngine engine, InstanceProfileAdapter adapter) {
        this.engine = engine;
        this.adapter = adapter;
    }

    @Override
    public UpdateControl<InstanceProfile> reconcile(
            InstanceProfile profile, Context<InstanceProfile> context) {
        return engine.reconcile(profile, adapter);
    }

    @Override
    public DeleteControl cleanup(InstanceProfile profile, Context<InstanceProfile> context) {
        return engine.cleanup(profile, adapter);
    }

    @Override
    public List<EventSource<?, InstanceProfile>> prepareEventSources(
            EventSourceContext<InstanceProfile> context) {
        return List.of(
                ReferenceWatch.on(
                        Role.class,
                        context,
                        profile ->
                                profile.getSpec() == null || profile.getSpec().getRoleRef() == null
                                        ? List.of()
                                        : java.util.Collections.singletonList(
                                                profile.getSpec().getRoleRef().name())));
    }

    /** The engine has already written the status before any failure reaches the SDK. */
    @Override
    public ErrorStatusUpdateControl<InstanceProfile> updateErrorStatus(
            InstanceProfile profile, Context<InstanceProfile> context, Exception e) {
        return ErrorStatusUpdateControl.noStatusUpdate();
    }
}
