package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.IamStatus;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicySpec;
import dev.operator.iam.role.Role;
import dev.operator.iam.servicelinkedrole.ServiceLinkedRole;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged operator against the emulator, whose create answers leave out what IAM's leave out
 * (a Policy's description; a Role's description, maximum session duration and boundary; a
 * service-linked role's description): each object stays Ready through two resyncs, an edit reaches
 * AWS, and deleting the object deletes the resource. An operator that recorded those fields from
 * the create answer would find a difference at the first resync (issue: a Policy with a description
 * locked up).
 */
class CreateAnswersIT {

    private static final String NAMESPACE = "create-answers";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(Map.of("IAM_OPERATOR_RESYNC_INTERVAL", "1s"));

    private final IamObjects objects = IamObjects.in(env.api(), NAMESPACE);

    @Test
    void everyFieldACreateAnswerLeavesOutStaysTrueThroughResyncsEditsAndDeletion() {
        OperatorProcess operator = env.startOperator("operator");
        String boundary =
                env.emulator().seedPolicy("boundary", "/", IamObjects.DOCUMENT, Map.of()).arn();
        Policy policy = new Policy();
        policy.setMetadata(
                new ObjectMetaBuilder().withNamespace(NAMESPACE).withName("described").build());
        PolicySpec policySpec = new PolicySpec();
        policySpec.setDescription("Read the orders bucket");
        policySpec.setPolicyDocument(IamObjects.DOCUMENT);
        policy.setSpec(policySpec);
        objects.create(policy);
        objects.create(
                objects.role(
                        "bounded",
                        s -> {
                            s.setAssumeRolePolicyDocument(IamObjects.TRUST);
                            s.setDescription("Runs the orders workers");
                            s.setMaxSessionDuration(7200);
                            s.setPermissionsBoundary(boundary);
                        }));
        objects.create(
                objects.serviceLinkedRole(
                        "scaling",
                        "autoscaling.amazonaws.com",
                        "orders",
                        s -> s.setDescription("Scales the orders fleet")));

        for (Class<? extends ManagedResource<?, ?>> kind :
                java.util.List.of(Policy.class, Role.class, ServiceLinkedRole.class)) {
            String name = nameOf(kind);
            objects.awaitReady(kind, name, TIMEOUT);
            awaitResyncs(operator, kind, 2);
            objects.awaitReady(kind, name, "True", "UpToDate", TIMEOUT);
            IamStatus status = objects.object(kind, name).get().getStatus();
            assertThat(status.getDrift()).as("drift of %s", name).isEmpty();
        }
        assertThat(env.emulator().callCount("UpdateRole"))
                .as("UpdateRole calls: nothing differed after the creates")
                .isZero();

        objects.edit(
                Policy.class,
                "described",
                p -> p.getSpec().setTags(IamObjects.tags(Map.of("team", "orders"))));
        objects.edit(Role.class, "bounded", r -> r.getSpec().setMaxSessionDuration(3600));
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                "orders"
                                                .equals(
                                                        env.emulator()
                                                                .policy(
                                                                        arnOf(
                                                                                Policy.class,
                                                                                "described"))
                                                                .orElseThrow()
                                                                .tags()
                                                                .get("team"))
                                        && env.emulator()
                                                        .role("bounded")
                                                        .orElseThrow()
                                                        .maxSessionDuration()
                                                == 3600);
        assertThat(
                        env.emulator()
                                .policy(arnOf(Policy.class, "described"))
                                .orElseThrow()
                                .description())
                .isEqualTo("Read the orders bucket");

        String slrName =
                objects.object(ServiceLinkedRole.class, "scaling").get().getStatus().getName();
        objects.delete(Policy.class, "described");
        objects.delete(Role.class, "bounded");
        objects.delete(ServiceLinkedRole.class, "scaling");
        for (Class<? extends ManagedResource<?, ?>> kind :
                java.util.List.of(Policy.class, Role.class, ServiceLinkedRole.class)) {
            await().atMost(TIMEOUT).until(() -> objects.object(kind, nameOf(kind)).get() == null);
        }
        assertThat(env.emulator().policies()).noneMatch(p -> p.name().equals("described"));
        assertThat(env.emulator().role("bounded")).isEmpty();
        assertThat(env.emulator().role(slrName)).isEmpty();
    }

    private static String nameOf(Class<?> kind) {
        return kind == Policy.class ? "described" : kind == Role.class ? "bounded" : "scaling";
    }

    private String arnOf(Class<? extends ManagedResource<?, ?>> kind, String name) {
        return objects.object(kind, name).get().getStatus().getArn();
    }

    /**
     * Waits until {@code times} more reconciles of the kind's controller succeeded: resyncs
     * happened (one object of each kind here). Status does not say it: a resync that finds nothing
     * new writes none.
     */
    private static void awaitResyncs(
            OperatorProcess operator, Class<? extends ManagedResource<?, ?>> kind, int times) {
        Map<String, String> controller =
                Map.of("controller_name", kind.getSimpleName().toLowerCase(java.util.Locale.ROOT));
        double mark = reconciles(operator, controller);
        await().atMost(TIMEOUT).until(() -> reconciles(operator, controller) >= mark + times);
    }

    private static double reconciles(OperatorProcess operator, Map<String, String> controller) {
        return PrometheusText.value(operator.metrics(), "reconciliations_success_total", controller)
                .orElse(0);
    }
}
