package dev.operator.iam.engine;

import dev.operator.iam.api.ManagedResource;

/** Persists an object's status to Kubernetes, now. */
public interface StatusWriter {

    /**
     * Writes {@code resource.getStatus()} to the status subresource of the current object in the
     * API. Throws when the write did not land (the engine never calls AWS after a failed intent
     * write). An object that no longer exists is not an error.
     */
    void write(ManagedResource<?, ?> resource);
}
