package dev.operator.iam.engine;

import dev.operator.iam.api.ManagedResource;
import java.util.Optional;

/**
 * The Secrets an object owns ({@code controller: true} ownerReference): written now, read back (one
 * key, never logged), deleted and released. A Secret of that name that the object does not control
 * is never read, changed nor deleted through this port, except by {@link #write}, which takes it
 * over.
 */
public interface SecretWriter {

    /**
     * Creates or replaces the Secret {@code details.secretName()} in the object's namespace with
     * {@code details.data()}, owned by the object (ownerReference, {@code controller: true}).
     * Throws when the write did not land: the engine then writes no status, so the next reconcile
     * sees the create as unfinished.
     */
    void write(ManagedResource<?, ?> owner, ConnectionDetails details);

    /**
     * The value of {@code key} in the Secret {@code secretName} of the object's namespace, if that
     * Secret exists and the object controls it; empty otherwise.
     */
    Optional<String> read(ManagedResource<?, ?> owner, String secretName, String key);

    /**
     * Deletes the Secret if the object controls it; nothing when it is absent or not the object's.
     */
    void delete(ManagedResource<?, ?> owner, String secretName);

    /**
     * Removes the object's ownerReference from the Secret, which then outlives the object
     * (Kubernetes garbage collection would delete it otherwise); nothing when it is absent.
     */
    void release(ManagedResource<?, ?> owner, String secretName);
}
