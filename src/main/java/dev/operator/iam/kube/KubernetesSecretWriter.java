package dev.operator.iam.kube;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.engine.ConnectionDetails;
import dev.operator.iam.engine.SecretWriter;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes connection details into an Opaque Secret owned by the object, so that deleting the object
 * deletes the Secret (Kubernetes garbage collection) and {@code kubectl describe} shows who made
 * it. The values are written base64-encoded in {@code data}, as the API server stores them (not
 * {@code stringData}, which a server only merges on write), and never reach a log line.
 */
@ApplicationScoped
public class KubernetesSecretWriter implements SecretWriter {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    private final KubernetesClient client;

    public KubernetesSecretWriter(KubernetesClient client) {
        this.client = client;
    }

    private static Map<String, String> base64(Map<String, String> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach(
                (k, v) ->
                        encoded.put(
                                k,
                                Base64.getEncoder()
                                        .encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return encoded;
    }

    @Override
    public void write(ManagedResource<?, ?> owner, ConnectionDetails details) {
        Secret secret =
                new SecretBuilder()
                        .withNewMetadata()
                        .withName(details.secretName())
                        .withNamespace(owner.getMetadata().getNamespace())
                        .addToLabels(MANAGED_BY, "iam-operator")
                        .addToOwnerReferences(
                                new OwnerReferenceBuilder()
                                        .withApiVersion(owner.getApiVersion())
                                        .withKind(owner.getKind())
                                        .withName(owner.getMetadata().getName())
                                        .withUid(owner.getMetadata().getUid())
                                        .withController(true)
                                        .withBlockOwnerDeletion(true)
                                        .build())
                        .endMetadata()
                        .withType("Opaque")
                        .withData(base64(details.data()))
                        .build();
        var resource =
                client.secrets().inNamespace(owner.getMetadata().getNamespace()).resource(secret);
        try {
            resource.create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // It exists (a rotation, or a write repeated after a crash): replace it whole.
            resource.replace();
        }
    }

    @Override
    public Optional<String> read(ManagedResource<?, ?> owner, String secretName, String key) {
        Secret secret = controlled(owner, secretName);
        if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
            return Optional.empty();
        }
        return Optional.of(
                new String(
                        Base64.getDecoder().decode(secret.getData().get(key)),
                        StandardCharsets.UTF_8));
    }

    @Override
    public void delete(ManagedResource<?, ?> owner, String secretName) {
        Secret secret = controlled(owner, secretName);
        if (secret != null) {
            client.secrets()
                    .inNamespace(owner.getMetadata().getNamespace())
                    .withName(secretName)
                    .delete();
        }
    }

    @Override
    public void release(ManagedResource<?, ?> owner, String secretName) {
        Secret secret = controlled(owner, secretName);
        if (secret == null) {
            return;
        }
        secret.getMetadata()
                .getOwnerReferences()
                .removeIf(ref -> owner.getMetadata().getUid().equals(ref.getUid()));
        client.secrets().inNamespace(owner.getMetadata().getNamespace()).resource(secret).update();
    }

    /** The Secret when the object is its controller; null when absent or someone else's. */
    private Secret controlled(ManagedResource<?, ?> owner, String secretName) {
        Secret secret =
                client.secrets()
                        .inNamespace(owner.getMetadata().getNamespace())
                        .withName(secretName)
                        .get();
        if (secret == null || secret.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        boolean controlled =
                secret.getMetadata().getOwnerReferences().stream()
                        .anyMatch(
                                ref ->
                                        owner.getMetadata().getUid().equals(ref.getUid())
                                                && Boolean.TRUE.equals(ref.getController()));
        return controlled ? secret : null;
    }
}
