package dev.operator.iam.engine;

import dev.operator.iam.api.ManagedResource;

/** Persists connection details to a Secret owned by the object, now. */
public interface SecretWriter {

    /**
     * Creates or replaces the Secret {@code details.secretName()} in the object's namespace with
     * {@code details.data()}, owned by the object (ownerReference, {@code controller: true}).
     * Throws when the write did not land: the engine then writes no status, so the next reconcile
     * sees the create as unfinished.
     */
    void write(ManagedResource<?, ?> owner, ConnectionDetails details);
}
