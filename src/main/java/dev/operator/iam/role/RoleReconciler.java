package dev.operator.iam.role;

import dev.operator.iam.engine.ReconcileEngine;
import dev.operator.iam.engine.RelevantChangeFilter;
import dev.operator.iam.kube.ReferenceWatch;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicyReconciler;
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
 * Wires the Role kind into the engine; all behaviour lives in {@link ReconcileEngine} and {@link
 * RoleAdapter}. Watches the Policy objects named in {@code policyRefs}, so that a role waiting for
 * one continues as soon as it is Ready.
 */
@ControllerConfiguration(
        name = "role",
        finalizerName = PolicyReconciler.FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RelevantChangeFilter.class))
@GradualRetry(
        maxAttempts = -1,
        initialInterval = 1_000,
        intervalMultiplier = 2,
        maxInterval = 300_000)
public class RoleReconciler implements Reconciler<Role>, Cleaner<Role> {

    private final ReconcileEngine engine;
    private final RoleAdapter adapter;

    public RoleReconciler(ReconcileEngine engine, RoleAdapter adapter) {
        this.engine = engine;
        this.adapter = adapter;
    }

    @Override
    public UpdateControl<Role> reconcile(Role role, Context<Role> context) {
        return engine.reconcile(role, adapter);
    }

    @Override
    public DeleteControl cleanup(Role role, Context<Role> context) {
        return engine.cleanup(role, adapter);
    }

    @Override
    public List<EventSource<?, Role>> prepareEventSources(EventSourceContext<Role> context) {
        return List.of(
                ReferenceWatch.on(
                        Policy.class,
                        context,
                        role ->
                                role.getSpec() == null
                                        ? List.of()
                                        : role.getSpec().getPolicyRefs().stream()
                                                .map(ref -> ref == null ? null : ref.name())
                                                .toList()));
    }

    /** The engine has already written the status before any failure reaches the SDK. */
    @Override
    public ErrorStatusUpdateControl<Role> updateErrorStatus(
            Role role, Context<Role> context, Exception e) {
        return ErrorStatusUpdateControl.noStatusUpdate();
    }
}
