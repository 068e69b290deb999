package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.IamStatus;
import dev.operator.iam.emulator.Hold;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.role.Role;
import dev.operator.iam.role.RoleSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ACK failure for roles, on the shipped artifact: the operator is SIGKILLed after IAM committed
 * {@code CreateRole} but before it heard back. The new process must find the role by name,
 * recognise it by the ownership tags of the create call, complete it (its managed policy) and never
 * call {@code CreateRole} again.
 */
class RoleCrashDuringCreateIT {

    private static final String NAMESPACE = "crash-role";
    private static final String NAME = "orders-worker";
    private static final String TRUST =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}\
            """;
    private static final String SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESYNC_INTERVAL = Duration.ofSeconds(1);

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(
                    Map.of("IAM_OPERATOR_RESYNC_INTERVAL", RESYNC_INTERVAL.toSeconds() + "s"));

    @Test
    void recoversARoleWhoseCreateAnswerWasLostWhenTheOperatorWasKilled() {
        Hold createAnswer = env.emulator().faults().holdResponse("CreateRole");
        OperatorProcess first = env.startOperator("first");
        Role created = create();

        assertThat(createAnswer.awaitHeld(TIMEOUT))
                .as("CreateRole reached IAM within %s", TIMEOUT)
                .isTrue();
        // IAM has the role, tagged in the create call itself; the operator has not heard back.
        assertThat(onlyRoleInAws().tags())
                .as("tags of the role in AWS")
                .containsAllEntriesOf(ownershipTags(created));
        IamStatus window = object().get().getStatus();
        assertThat(window).as("status").isNotNull();
        assertThat(window.getCreateIntent()).as("status.createIntent").isNotNull();
        assertThat(window.getArn()).as("status.arn").isNull();
        first.kill();
        createAnswer.releaseWithDrop();

        OperatorProcess second = env.startOperator("second");

        awaitReadyCondition("True", "Recovered");
        RoleSnapshot inAws = onlyRoleInAws();
        IamStatus status = object().get().getStatus();
        assertThat(status.getArn()).as("status.arn").isEqualTo(inAws.arn());
        assertThat(status.getId()).as("status.id").isEqualTo(inAws.id());
        assertThat(status.getCreateIntent()).as("status.createIntent once recovered").isNull();
        assertThat(inAws.attachedPolicyArns())
                .as("the interrupted create is completed by the new process")
                .containsExactly(SSM_CORE);
        assertThat(env.emulator().callCount("CreateRole"))
                .as("CreateRole calls, ever")
                .isEqualTo(1);
        assertThat(
                        PrometheusText.value(
                                second.metrics(),
                                "iam_operator_adoptions_total",
                                Map.of("kind", "Role", "outcome", "recovered")))
                .as("iam_operator_adoptions_total{kind=\"Role\",outcome=\"recovered\"}")
                .hasValue(1.0);

        // Resyncs observe the role again and again; none of them may create it again.
        // A resync reads it on its own (GetRole) or compares with the account scan.
        long observationsBefore = observations();
        await().during(RESYNC_INTERVAL.multipliedBy(3))
                .atMost(RESYNC_INTERVAL.multipliedBy(10))
                .until(() -> env.emulator().callCount("CreateRole") == 1);
        assertThat(observations())
                .as(
                        "GetRole and GetAccountAuthorizationDetails calls after three resync"
                                + " intervals (proves resyncs ran)")
                .isGreaterThanOrEqualTo(observationsBefore + 2);
        assertThat(onlyRoleInAws().id()).isEqualTo(inAws.id());
    }

    private void awaitReadyCondition(String status, String reason) {
        IamObjects.in(env.api(), NAMESPACE).awaitReady(Role.class, NAME, status, reason, TIMEOUT);
    }

    /** The one role in AWS with this name (IAM names are case-insensitive). */
    private RoleSnapshot onlyRoleInAws() {
        List<RoleSnapshot> named =
                env.emulator().roles().stream()
                        .filter(r -> r.name().equalsIgnoreCase(NAME))
                        .toList();
        assertThat(named).as("roles named %s in AWS", NAME).hasSize(1);
        return named.get(0);
    }

    private Role create() {
        Role role = new Role();
        role.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(NAME).build());
        RoleSpec spec = new RoleSpec();
        spec.setAssumeRolePolicyDocument(TRUST);
        spec.setPolicies(List.of(SSM_CORE));
        role.setSpec(spec);
        return env.api().client().resource(role).create();
    }

    private Resource<Role> object() {
        return env.api().client().resources(Role.class).inNamespace(NAMESPACE).withName(NAME);
    }

    private static Map<String, String> ownershipTags(Role created) {
        return Map.of(
                "iam.operator.dev/cluster",
                "default",
                "iam.operator.dev/namespace",
                NAMESPACE,
                "iam.operator.dev/name",
                NAME,
                "iam.operator.dev/uid",
                created.getMetadata().getUid());
    }

    private long observations() {
        return env.emulator().callCount("GetRole")
                + env.emulator().callCount("GetAccountAuthorizationDetails");
    }
}
