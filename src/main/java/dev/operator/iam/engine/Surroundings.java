package dev.operator.iam.engine;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.tenancy.TenantPolicy;
import java.util.Collection;
import java.util.Map;

/**
 * What the engine reads of Kubernetes besides the object itself, from the reconciler's watches:
 * never a request per reconcile, never AWS.
 */
public interface Surroundings {

    /** Where the objects this one refers to are read. */
    ReferenceResolver references();

    /** The labels of a namespace; empty when it has none or is not known. */
    Map<String, String> namespaceLabels(String namespace);

    /** Every TenantPolicy of the cluster. */
    Collection<TenantPolicy> tenantPolicies();

    /** Objects of the same kind in the object's namespace that were created before it. */
    int objectsAhead(ManagedResource<?, ?> resource);
}
