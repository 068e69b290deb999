package dev.operator.iam.engine;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.aws.AccountContext;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.CallPriority;
import dev.operator.iam.aws.RateBudget;
import org.jboss.logging.MDC;

/**
 * Puts the object being reconciled into the logging MDC for the duration of one reconcile: {@code
 * kind}, {@code namespace}, {@code name}, and {@code arn} once it is known. JSON logs carry them as
 * fields, so a log pipeline can select every line about one object without parsing messages; {@code
 * resource} ("Kind namespace/name") names the object in the shutdown drain's report. Also the
 * {@link CallPriority} of the reconcile's IAM calls, and the {@link AccountContext} they act in
 * (set by the engine once the namespace's TenantPolicy is known) is left on close.
 */
final class ResourceMdc implements AutoCloseable {

    private static final String[] KEYS = {
        AwsCalls.MDC_KIND,
        AwsCalls.MDC_NAMESPACE,
        AwsCalls.MDC_NAME,
        AwsCalls.MDC_ARN,
        AwsCalls.MDC_RESOURCE
    };

    private ResourceMdc() {}

    /**
     * @param priority how the object's IAM calls rank against the call budget: a change a user
     *     asked for, or a resync
     */
    static ResourceMdc of(String kind, ManagedResource<?, ?> r, RateBudget.Priority priority) {
        CallPriority.set(priority);
        String namespace = r.getMetadata().getNamespace();
        String name = r.getMetadata().getName();
        MDC.put(AwsCalls.MDC_KIND, kind);
        MDC.put(AwsCalls.MDC_NAMESPACE, namespace);
        MDC.put(AwsCalls.MDC_NAME, name);
        MDC.put(AwsCalls.MDC_RESOURCE, object(kind, r));
        // The ARN of an earlier reconcile; a resource found or created in this one replaces it.
        arn(r.getStatus() == null ? null : r.getStatus().getArn());
        return new ResourceMdc();
    }

    /** How the object is named in logs and in the per-object memory of the account observations. */
    static String object(String kind, ManagedResource<?, ?> r) {
        return kind + " " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }

    /** The ARN of the AWS resource of the object being reconciled, from the moment it is known. */
    static void arn(String arn) {
        if (arn == null) {
            MDC.remove(AwsCalls.MDC_ARN);
        } else {
            MDC.put(AwsCalls.MDC_ARN, arn);
        }
    }

    @Override
    public void close() {
        CallPriority.clear();
        AccountContext.clear();
        for (String key : KEYS) {
            MDC.remove(key);
        }
    }
}
