package dev.operator.iam.engine;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.aws.AwsCalls;
import org.jboss.logging.MDC;

/** Puts "Kind namespace/name" into the logging MDC for the duration of one reconcile. */
final class ResourceMdc implements AutoCloseable {

    private ResourceMdc() {}

    static ResourceMdc of(String kind, ManagedResource<?, ?> r) {
        MDC.put(
                AwsCalls.MDC_RESOURCE,
                kind + " " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName());
        return new ResourceMdc();
    }

    @Override
    public void close() {
        MDC.remove(AwsCalls.MDC_RESOURCE);
    }
}
