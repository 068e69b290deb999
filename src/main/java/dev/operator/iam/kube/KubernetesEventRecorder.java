package dev.operator.iam.kube;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.Reason;
import dev.operator.iam.engine.EventRecorder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Kubernetes Events (core/v1) about our objects, shown by {@code kubectl describe}. */
@ApplicationScoped
public class KubernetesEventRecorder implements EventRecorder {

    private static final Logger LOG = Logger.getLogger(KubernetesEventRecorder.class);

    /** Events are limited to 1024 characters of message by the API server. */
    private static final int MAX_MESSAGE = 1024;

    static final String COMPONENT = "iam-operator";

    private final KubernetesClient client;

    public KubernetesEventRecorder(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void normal(ManagedResource<?, ?> resource, Reason reason, String message) {
        record(resource, "Normal", reason, message);
    }

    @Override
    public void warning(ManagedResource<?, ?> resource, Reason reason, String message) {
        record(resource, "Warning", reason, message);
    }

    private void record(ManagedResource<?, ?> r, String type, Reason reason, String message) {
        LOG.infof(
                "%s %s %s/%s: %s: %s",
                type,
                r.getKind(),
                r.getMetadata().getNamespace(),
                r.getMetadata().getName(),
                reason,
                message);
        String now = Instant.now().toString();
        try {
            client.v1()
                    .events()
                    .inNamespace(r.getMetadata().getNamespace())
                    .resource(
                            new EventBuilder()
                                    .withNewMetadata()
                                    .withName(
                                            r.getMetadata().getName()
                                                    + "."
                                                    + UUID.randomUUID().toString().substring(0, 8))
                                    .withNamespace(r.getMetadata().getNamespace())
                                    .endMetadata()
                                    .withInvolvedObject(
                                            new ObjectReferenceBuilder()
                                                    .withApiVersion(r.getApiVersion())
                                                    .withKind(r.getKind())
                                                    .withNamespace(r.getMetadata().getNamespace())
                                                    .withName(r.getMetadata().getName())
                                                    .withUid(r.getMetadata().getUid())
                                                    .withResourceVersion(
                                                            r.getMetadata().getResourceVersion())
                                                    .build())
                                    .withType(type)
                                    .withReason(reason.name())
                                    .withMessage(
                                            message.length() > MAX_MESSAGE
                                                    ? message.substring(0, MAX_MESSAGE)
                                                    : message)
                                    .withNewSource()
                                    .withComponent(COMPONENT)
                                    .endSource()
                                    .withReportingComponent(COMPONENT)
                                    .withFirstTimestamp(now)
                                    .withLastTimestamp(now)
                                    .withCount(1)
                                    .build())
                    .create();
        } catch (RuntimeException e) {
            LOG.debugf("event not recorded: %s", e.getMessage());
        }
    }
}
