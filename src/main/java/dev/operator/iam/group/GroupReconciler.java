package dev.operator.iam.group;

import dev.operator.iam.api.ResourceReference;
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
 * Wires the Group kind into the engine; all behaviour lives in {@link ReconcileEngine} and {@link
 * GroupAdapter}. Watches the Policy objects of {@code policyRefs}, so a group waiting for one
 * converges as soon as it is Ready.
 */
@ControllerConfiguration(
        name = "group",
        finalizerName = PolicyReconciler.FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RelevantChangeFilter.class))
@GradualRetry(
        maxAttempts = -1,
        initialInterval = 1_000,
        intervalMultiplier = 2,
        maxInterval = 300_000)
public class GroupReconciler implements Reconciler<Group>, Cleaner<Group> {

    private final ReconcileEngine engine;
    private final GroupAdapter adapter;

    public GroupReconciler(ReconcileEngine engine, GroupAdapter adapter) {
        this.engine = engine;
        this.adapter = adapter;
    }

    @Override
    public List<EventSource<?, Group>> prepareEventSources(EventSourceContext<Group> context) {
        return List.of(
                ReferenceWatch.on(
                        Policy.class,
                        context,
                        group ->
                                group.getSpec() == null
                                        ? List.of()
                                        : group.getSpec().getPolicyRefs().stream()
                                                .map(ResourceReference::name)
                                                .toList()));
    }

    @Override
    public UpdateControl<Group> reconcile(Group group, Context<Group> context) {
        return engine.reconcile(group, adapter);
    }

    @Override
    public DeleteControl cleanup(Group group, Context<Group> context) {
        return engine.cleanup(group, adapter);
    }

    /** The engine has already written the status before any failure reaches the SDK. */
    @Override
    public ErrorStatusUpdateControl<Group> updateErrorStatus(
            Group group, Context<Group> context, Exception e) {
        return ErrorStatusUpdateControl.noStatusUpdate();
    }
}
