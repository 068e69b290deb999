package dev.operator.iam.kube;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.Reason;
import dev.operator.iam.engine.EventRecorder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events (core/v1) about our objects, shown by {@code kubectl describe}.
 *
 * <p>An event that repeats one already recorded for the same object (same type, reason and message)
 * is folded into it: its {@code count} goes up and its {@code lastTimestamp} moves, as client-go's
 * event correlator does, so a failure met on every retry shows as one line "x12 over 20m" rather
 * than twelve. The engine decides <em>when</em> there is something to say (transitions and
 * actions); this only keeps repeats from piling up.
 */
@ApplicationScoped
public class KubernetesEventRecorder implements EventRecorder {

    private static final Logger LOG = Logger.getLogger(KubernetesEventRecorder.class);

    /** Events are limited to 1024 characters of message by the API server. */
    private static final int MAX_MESSAGE = 1024;

    /** How many distinct recent events are remembered for folding repeats (client-go: 4096). */
    private static final int REMEMBERED = 4096;

    static final String COMPONENT = "iam-operator";

    private final KubernetesClient client;

    /** The last event recorded per object, type, reason and message, least recently used first. */
    private final Map<Key, Recorded> recent =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Recorded> eldest) {
                    return size() > REMEMBERED;
                }
            };

    private record Key(String uid, String type, Reason reason, String message) {}

    private record Recorded(String namespace, String name, int count) {}

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
        // The engine logs the transition itself, with the ARN: this line only traces the event.
        LOG.debugf(
                "%s %s %s/%s: %s: %s",
                type,
                r.getKind(),
                r.getMetadata().getNamespace(),
                r.getMetadata().getName(),
                reason,
                message);
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        Key key = new Key(r.getMetadata().getUid(), type, reason, text);
        String now = Instant.now().toString();
        try {
            Recorded earlier;
            synchronized (recent) {
                earlier = recent.get(key);
            }
            Recorded recorded = earlier == null ? null : fold(earlier, now).orElse(null);
            if (recorded == null) {
                recorded = create(r, type, reason, text, now);
            }
            synchronized (recent) {
                recent.put(key, recorded);
            }
        } catch (RuntimeException e) {
            LOG.debugf("event not recorded: %s", e.getMessage());
        }
    }

    /**
     * Counts a repeat on the event recorded earlier, with a JSON Patch (the operator's role may
     * create and patch events, not read them); empty when that event is gone (the API server
     * expires events, after one hour by default) or cannot be changed, so that a new one is
     * created.
     */
    private Optional<Recorded> fold(Recorded earlier, String now) {
        int count = earlier.count() + 1;
        String patch =
                "[{\"op\":\"replace\",\"path\":\"/count\",\"value\":"
                        + count
                        + "},{\"op\":\"replace\",\"path\":\"/lastTimestamp\",\"value\":\""
                        + now
                        + "\"}]";
        try {
            client.v1()
                    .events()
                    .inNamespace(earlier.namespace())
                    .withName(earlier.name())
                    .patch(PatchContext.of(PatchType.JSON), patch);
            return Optional.of(new Recorded(earlier.namespace(), earlier.name(), count));
        } catch (RuntimeException e) {
            LOG.debugf("earlier event %s not updated: %s", earlier.name(), e.getMessage());
            return Optional.empty();
        }
    }

    private Recorded create(
            ManagedResource<?, ?> r, String type, Reason reason, String message, String now) {
        String namespace = r.getMetadata().getNamespace();
        String name =
                r.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8);
        client.v1()
                .events()
                .inNamespace(namespace)
                .resource(
                        new EventBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(namespace)
                                .endMetadata()
                                .withInvolvedObject(
                                        new ObjectReferenceBuilder()
                                                .withApiVersion(r.getApiVersion())
                                                .withKind(r.getKind())
                                                .withNamespace(namespace)
                                                .withName(r.getMetadata().getName())
                                                .withUid(r.getMetadata().getUid())
                                                .withResourceVersion(
                                                        r.getMetadata().getResourceVersion())
                                                .build())
                                .withType(type)
                                .withReason(reason.name())
                                .withMessage(message)
                                .withNewSource()
                                .withComponent(COMPONENT)
                                .endSource()
                                .withReportingComponent(COMPONENT)
                                .withFirstTimestamp(now)
                                .withLastTimestamp(now)
                                .withCount(1)
                                .build())
                .create();
        return new Recorded(namespace, name, 1);
    }
}
