package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.Tag;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicySpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Policy objects for process-level tests: building and creating them in the {@link MockApiServer},
 * reading their Ready condition, waiting for it, and recognising their status writes.
 */
public final class PolicyObjects {

    /** Allows s3:GetObject on everything: a valid document for any test policy. */
    public static final String DOCUMENT = document("s3:GetObject");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;

    private PolicyObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Policy objects in {@code namespace}, through the test's own client of {@code api}. */
    public static PolicyObjects in(MockApiServer api, String namespace) {
        return new PolicyObjects(api.client(), namespace);
    }

    /** A valid policy document that allows {@code action} on every resource. */
    public static String document(String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\""
                + action
                + "\",\"Resource\":\"*\"}]}";
    }

    /** A Policy object named {@code name} (its name in AWS too) with {@link #DOCUMENT}. */
    public Policy build(String name) {
        return build(name, DOCUMENT, Map.of());
    }

    public Policy build(String name, String document, Map<String, String> tags) {
        Policy policy = new Policy();
        policy.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        PolicySpec spec = new PolicySpec();
        spec.setPolicyDocument(document);
        if (!tags.isEmpty()) {
            spec.setTags(
                    new ArrayList<>(
                            tags.entrySet().stream()
                                    .map(e -> new Tag(e.getKey(), e.getValue()))
                                    .toList()));
        }
        policy.setSpec(spec);
        return policy;
    }

    /** Creates the object with {@link #DOCUMENT}; returns it as stored (with its UID). */
    public Policy create(String name) {
        return client.resource(build(name)).create();
    }

    public Policy create(String name, String document, Map<String, String> tags) {
        return client.resource(build(name, document, tags)).create();
    }

    /** Changes the spec of the stored object (generation + 1). */
    /**
     * Changes the spec; a 409 Conflict with the operator's concurrent status write is retried on
     * the fresh object.
     */
    public Policy editSpec(String name, Consumer<PolicySpec> change) {
        return new IamObjects(client, namespace)
                .edit(Policy.class, name, p -> change.accept(p.getSpec()));
    }

    public Resource<Policy> object(String name) {
        return client.resources(Policy.class).inNamespace(namespace).withName(name);
    }

    /** The object's Ready condition, if it has one. */
    public Optional<Condition> ready(String name) {
        return Optional.ofNullable(object(name).get())
                .map(Policy::getStatus)
                .flatMap(s -> Conditions.find(s, Conditions.READY));
    }

    /**
     * Waits until the object is Ready=True for its current generation, whatever the reason; returns
     * the object.
     */
    public Policy awaitReady(String name, Duration timeout) {
        await().alias(namespace + "/" + name + " Ready=True for its current generation")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> {
                            Policy current = object(name).get();
                            assertThat(current).as("%s/%s", namespace, name).isNotNull();
                            Condition ready = ready(name).orElse(null);
                            assertThat(ready).as("Ready condition of %s", name).isNotNull();
                            assertThat(ready.getStatus())
                                    .as(
                                            "Ready of %s (reason %s: %s)",
                                            name, ready.getReason(), ready.getMessage())
                                    .isEqualTo("True");
                            assertThat(current.getStatus().getObservedGeneration())
                                    .as("status.observedGeneration of %s", name)
                                    .isEqualTo(current.getMetadata().getGeneration());
                        });
        return object(name).get();
    }

    /** Waits until the Ready condition has this status and reason. */
    public void awaitReady(String name, String status, String reason, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> {
                            Condition ready = ready(name).orElse(null);
                            assertThat(ready)
                                    .as("Ready condition of %s/%s", namespace, name)
                                    .isNotNull();
                            assertThat(ready.getStatus() + "/" + ready.getReason())
                                    .as("Ready status/reason (message: %s)", ready.getMessage())
                                    .isEqualTo(status + "/" + reason);
                        });
    }

    /** Waits until the object is gone from the API server (its finalizer removed). */
    public void awaitGone(String name, Duration timeout) {
        await().alias(namespace + "/" + name + " deleted")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> object(name).get() == null);
    }

    /** The ownership tags the operator writes on the policy of {@code created}. */
    public static Map<String, String> ownershipTags(Policy created) {
        return Map.of(
                "iam.operator.dev/cluster",
                "default",
                "iam.operator.dev/namespace",
                created.getMetadata().getNamespace(),
                "iam.operator.dev/name",
                created.getMetadata().getName(),
                "iam.operator.dev/uid",
                created.getMetadata().getUid());
    }

    /**
     * A write to this object's status subresource that sets {@code status.arn}, whatever its form:
     * a JSON Patch (what the operator sends today), a merge patch or a PUT.
     */
    public Predicate<ApiRequest> statusWriteRecordingArn(String name) {
        String statusPath =
                "/apis/iam.operator.dev/v1alpha1/namespaces/"
                        + namespace
                        + "/policies/"
                        + name
                        + "/status";
        return request ->
                ("PATCH".equals(request.method()) || "PUT".equals(request.method()))
                        && request.path().equals(statusPath)
                        && setsArn(parse(request.body()));
    }

    private static boolean setsArn(JsonNode body) {
        if (!body.isArray()) {
            return body.path("status").path("arn").isTextual();
        }
        for (JsonNode operation : body) {
            String path = operation.path("path").asText();
            JsonNode value = operation.path("value");
            if (path.equals("/status/arn") && value.isTextual()
                    || path.equals("/status") && value.path("arn").isTextual()) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
