package dev.operator.iam.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Map;
import java.util.Optional;

/**
 * A custom resource that stands for one AWS IAM resource. Unknown fields are ignored: the mock API
 * server does not prune, and a newer CRD beside an older operator must not stop the informer.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public abstract class ManagedResource<S extends IamSpec, T extends IamStatus>
        extends CustomResource<S, T> implements Namespaced {

    /** Set by the engine for the duration of one reconcile; never serialised. */
    @JsonIgnore private transient ResolvedReferences resolvedReferences = ResolvedReferences.NONE;

    /** Set by the engine from the namespace's TenantPolicy before validation; never serialised. */
    @JsonIgnore private transient TenantDefaults tenantDefaults = TenantDefaults.NONE;

    /**
     * The status as the reconcile found it, kept by the engine so that a reconcile which changed
     * nothing but the time writes nothing; never serialised.
     */
    @JsonIgnore private transient Object statusAsRead;

    /** The name in AWS: {@code spec.name}, or {@code metadata.name} when that is empty. */
    @JsonIgnore
    public String awsName() {
        String n = getSpec() == null ? null : getSpec().getName();
        return n == null || n.isBlank() ? getMetadata().getName() : n;
    }

    /**
     * The IAM path: {@code spec.path}, or the tenant's path when the object gives none (design.md,
     * "Tenancy"), or {@code /}.
     */
    @JsonIgnore
    public String awsPath() {
        String p = getSpec() == null ? null : getSpec().declaredPath();
        return p == null || p.isEmpty() ? tenantDefaults.path() : p;
    }

    /** What the namespace's TenantPolicy gives an object that leaves a field out. */
    @JsonIgnore
    public TenantDefaults tenantDefaults() {
        return tenantDefaults;
    }

    @JsonIgnore
    public void tenantDefaults(TenantDefaults defaults) {
        this.tenantDefaults = defaults == null ? TenantDefaults.NONE : defaults;
        if (getSpec() != null) {
            getSpec().applyTenantDefaults(this.tenantDefaults);
        }
    }

    /** The value of one of our annotations, if set. */
    @JsonIgnore
    public Optional<String> annotation(String key) {
        Map<String, String> a = getMetadata().getAnnotations();
        return Optional.ofNullable(a == null ? null : a.get(key)).map(String::trim);
    }

    /** Status, created on first use so the engine never deals with null. */
    @JsonIgnore
    public T status() {
        if (getStatus() == null) {
            setStatus(newStatus());
        }
        return getStatus();
    }

    /**
     * The targets of this object's references ({@code policyRefs}, {@code roleRef}, ...), all
     * Ready, as the engine resolved them before calling the adapter.
     */
    @JsonIgnore
    public ResolvedReferences resolvedReferences() {
        return resolvedReferences;
    }

    @JsonIgnore
    public void resolvedReferences(ResolvedReferences resolved) {
        this.resolvedReferences = resolved == null ? ResolvedReferences.NONE : resolved;
    }

    /** An empty status of this kind. */
    protected abstract T newStatus();

    /** Kept by the engine at the start of a reconcile (see {@link #statusAsRead()}). */
    @JsonIgnore
    public void statusAsRead(Object snapshot) {
        this.statusAsRead = snapshot;
    }

    /** The status as the current reconcile found it, as the engine recorded it; null if none. */
    @JsonIgnore
    public Object statusAsRead() {
        return statusAsRead;
    }
}
