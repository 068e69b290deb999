package dev.operator.iam.user;

import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.engine.ReconcileEngine;
import dev.operator.iam.engine.RelevantChangeFilter;
import dev.operator.iam.group.Group;
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
 * Wires the User kind into the engine; all behaviour lives in {@link ReconcileEngine} and {@link
 * UserAdapter}. Watches the Policy objects of {@code policyRefs} and the Group objects of {@code
 * groupRefs}, so a user waiting for one converges as soon as it is Ready.
 */
@ControllerConfiguration(
        name = "user",
        finalizerName = PolicyReconciler.FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RelevantChangeFilter.class))
@GradualRetry(
        maxAttempts = -1,
        initialInterval = 1_000,
        intervalMultiplier = 2,
        maxInterval = 300_000)
public class UserReconciler implements Reconciler<User>, Cleaner<User> {

    private final ReconcileEngine engine;
    private final UserAdapter adapter;

    public UserReconciler(ReconcileEngine engine, UserAdapter adapter) {
        this.engine = engine;
        this.adapter = adapter;
    }

    @Override
    public List<EventSource<?, User>> prepareEventSources(EventSourceContext<User> context) {
        return List.of(
                ReferenceWatch.on(
                        Policy.class,
                        context,
                        user ->
                                user.getSpec() == null
                                        ? List.of()
                                        : names(user.getSpec().getPolicyRefs())),
                ReferenceWatch.on(
                        Group.class,
                        context,
                        user ->
                                user.getSpec() == null
                                        ? List.of()
                                        : names(user.getSpec().getGroupRefs())));
    }

    private static List<String> names(List<ResourceReference> refs) {
        return refs.stream().map(ResourceReference::name).toList();
    }

    @Override
    public UpdateControl<User> reconcile(User user, Context<User> context) {
        return engine.reconcile(user, adapter);
    }

    @Override
    public DeleteControl cleanup(User user, Context<User> context) {
        return engine.cleanup(user, adapter);
    }

    /** The engine has already written the status before any failure reaches the SDK. */
    @Override
    public ErrorStatusUpdateControl<User> updateErrorStatus(
            User user, Context<User> context, Exception e) {
        return ErrorStatusUpdateControl.noStatusUpdate();
    }
}
