package dev.operator.iam.servicelinkedrole;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.testing.OperatorTestSupport;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helpers of the ServiceLinkedRole tests. The emulator is shared by the whole run and knows few
 * services, each with one default role per account; so most tests use Auto Scaling, which accepts a
 * custom suffix, with the test's namespace as suffix: a role no other test meets.
 */
abstract class SlrTestSupport extends OperatorTestSupport {

    static final String AUTOSCALING = "autoscaling.amazonaws.com";

    /**
     * This test's custom suffix, unique in the run and short: IAM role names have at most 64
     * characters, and {@code AWSServiceRoleForAutoScaling_} takes 29 of them.
     */
    String suffix() {
        return "n" + namespace.substring(namespace.lastIndexOf('-') + 1) + "z";
    }

    /** The name IAM gives this test's Auto Scaling role. */
    String roleName() {
        return "AWSServiceRoleForAutoScaling_" + suffix();
    }

    ServiceLinkedRole slr(
            String name,
            String service,
            String suffix,
            String description,
            Map<String, String> annotations) {
        ServiceLinkedRole r = new ServiceLinkedRole();
        r.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withAnnotations(annotations)
                        .build());
        ServiceLinkedRoleSpec spec = new ServiceLinkedRoleSpec();
        spec.setAwsServiceName(service);
        spec.setCustomSuffix(suffix);
        spec.setDescription(description);
        r.setSpec(spec);
        return r;
    }

    /** This test's Auto Scaling role object. */
    ServiceLinkedRole slr(String name, String description, Map<String, String> annotations) {
        return slr(name, AUTOSCALING, suffix(), description, annotations);
    }

    ServiceLinkedRole apply(ServiceLinkedRole r) {
        return client.resource(r).create();
    }

    Resource<ServiceLinkedRole> resource(String name) {
        return client.resources(ServiceLinkedRole.class).inNamespace(namespace).withName(name);
    }

    ServiceLinkedRole object(String name) {
        return resource(name).get();
    }

    Optional<Condition> conditionOf(String name, String type) {
        ServiceLinkedRole r = object(name);
        return r == null || r.getStatus() == null
                ? Optional.empty()
                : Conditions.find(r.getStatus(), type);
    }

    Optional<Condition> readyCondition(String name) {
        return conditionOf(name, Conditions.READY);
    }

    ServiceLinkedRole awaitReason(String name, boolean ready, String reason) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () ->
                                readyCondition(name)
                                        .filter(
                                                c ->
                                                        c.getStatus()
                                                                        .equals(
                                                                                ready
                                                                                        ? "True"
                                                                                        : "False")
                                                                && c.getReason().equals(reason))
                                        .isPresent());
        return object(name);
    }

    void awaitObjectGone(String name) {
        await().atMost(TIMEOUT).until(() -> object(name) == null);
    }

    RoleSnapshot awsRole(String roleName) {
        return emulator()
                .role(roleName)
                .orElseThrow(() -> new AssertionError("no role " + roleName + " in AWS"));
    }

    /** The IAM calls since {@code moment} with a parameter that contains {@code fragment}. */
    List<RecordedCall> callsMentioning(String fragment, Instant moment) {
        return emulator().calls().stream()
                .filter(c -> !c.at().isBefore(moment))
                .filter(c -> c.params().values().stream().anyMatch(v -> v.contains(fragment)))
                .toList();
    }

    static long count(List<RecordedCall> calls, String action) {
        return calls.stream().filter(c -> c.action().equals(action)).count();
    }

    static boolean readOnly(RecordedCall c) {
        return c.action().startsWith("Get") || c.action().startsWith("List");
    }

    void annotate(String name, String key, String value) {
        resource(name)
                .edit(
                        r -> {
                            Map<String, String> a =
                                    new HashMap<>(
                                            r.getMetadata().getAnnotations() == null
                                                    ? Map.of()
                                                    : r.getMetadata().getAnnotations());
                            if (value == null) {
                                a.remove(key);
                            } else {
                                a.put(key, value);
                            }
                            r.getMetadata().setAnnotations(a);
                            return r;
                        });
    }

    static void sleepThroughResyncs() {
        try {
            Thread.sleep(Duration.ofMillis(4500).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
