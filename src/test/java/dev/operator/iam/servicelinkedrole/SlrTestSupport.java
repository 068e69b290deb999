package dev.operator.iam.servicelinkedrole;

import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.testing.OperatorTestSupport;
import dev.operator.iam.testing.TestObjects;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builders of the ServiceLinkedRole tests; reading, editing and waiting go through {@link
 * TestObjects} ({@link #slrs}). The emulator is shared by the whole run and knows few services,
 * each with one default role per account; so most tests use Auto Scaling, which accepts a custom
 * suffix, with the test's namespace as suffix: a role no other test meets.
 */
abstract class SlrTestSupport extends OperatorTestSupport {

    static final String AUTOSCALING = "autoscaling.amazonaws.com";

    /** The ServiceLinkedRole objects of this test. */
    final TestObjects<ServiceLinkedRole, ServiceLinkedRoleSpec> slrs =
            objects(ServiceLinkedRole.class, "GetRole");

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
}
