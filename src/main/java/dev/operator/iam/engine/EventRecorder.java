package dev.operator.iam.engine;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.Reason;

/**
 * Records Kubernetes Events about an object. Best effort: a failed event never fails a reconcile.
 */
public interface EventRecorder {

    void normal(ManagedResource<?, ?> resource, Reason reason, String message);

    void warning(ManagedResource<?, ?> resource, Reason reason, String message);
}
