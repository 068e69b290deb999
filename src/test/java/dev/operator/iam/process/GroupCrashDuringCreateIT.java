package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.emulator.GroupSnapshot;
import dev.operator.iam.emulator.Hold;
import dev.operator.iam.group.Group;
import dev.operator.iam.group.GroupSpec;
import dev.operator.iam.group.GroupStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crash that matters most for a kind IAM cannot tag: the operator process is SIGKILLed after
 * IAM committed {@code CreateGroup} but before the answer arrived. There is no ownership tag on the
 * group to find; the only evidence is the create intent recorded in the object's status before the
 * call. A new process must recognise the group by that intent and converge to exactly one group
 * without calling {@code CreateGroup} again.
 */
class GroupCrashDuringCreateIT {

    private static final String NAMESPACE = "crash";
    private static final String NAME = "developers";
    private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESYNC_INTERVAL = Duration.ofSeconds(1);

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(
                    Map.of("IAM_OPERATOR_RESYNC_INTERVAL", RESYNC_INTERVAL.toSeconds() + "s"));

    @Test
    void recoversAGroupWhoseCreateAnswerWasLostWhenTheOperatorWasKilled() {
        Hold createAnswer = env.emulator().faults().holdResponse("CreateGroup");
        OperatorProcess first = env.startOperator("first");
        create();

        assertThat(createAnswer.awaitHeld(TIMEOUT))
                .as("CreateGroup reached IAM within %s", TIMEOUT)
                .isTrue();
        GroupSnapshot committed = onlyGroupInAws();
        assertThat(committed.attachedPolicyArns())
                .as("policies (attached only after the CreateGroup answer)")
                .isEmpty();
        GroupStatus during = object().get().getStatus();
        assertThat(during.getCreateIntent())
                .as("status.createIntent (written before CreateGroup)")
                .isNotNull();
        assertThat(during.getCreateIntent().getKey()).isEqualTo(NAME);
        assertThat(during.getArn()).as("status.arn").isNull();
        first.kill();
        createAnswer.releaseWithDrop();

        OperatorProcess restarted = env.startOperator("second");

        awaitReadyCondition("True", "Recovered");
        GroupSnapshot inAws = onlyGroupInAws();
        GroupStatus status = object().get().getStatus();
        assertThat(inAws.id()).as("the group the killed process created").isEqualTo(committed.id());
        assertThat(status.getId()).as("status.id").isEqualTo(inAws.id());
        assertThat(status.getArn()).as("status.arn").isEqualTo(inAws.arn());
        assertThat(status.getCreateIntent()).as("status.createIntent once recovered").isNull();
        assertThat(inAws.attachedPolicyArns())
                .as("the rest of the spec, applied by the new process")
                .containsExactly(READ_ONLY);
        assertThat(env.emulator().callCount("CreateGroup"))
                .as("CreateGroup calls, ever")
                .isEqualTo(1);
        assertThat(
                        PrometheusText.value(
                                restarted.metrics(),
                                "iam_operator_adoptions_total",
                                Map.of("kind", "Group", "outcome", "recovered")))
                .as("iam_operator_adoptions_total{kind=\"Group\",outcome=\"recovered\"}")
                .hasValue(1.0);

        // Resyncs observe the group again and again; the GroupId now proves it is ours, and none
        // of them may create it again.
        // A resync reads it on its own (GetGroup) or compares with the account scan.
        long observationsBefore = observations();
        await().during(RESYNC_INTERVAL.multipliedBy(3))
                .atMost(RESYNC_INTERVAL.multipliedBy(10))
                .until(() -> env.emulator().callCount("CreateGroup") == 1);
        assertThat(observations())
                .as(
                        "GetGroup and GetAccountAuthorizationDetails calls after three resync"
                                + " intervals (proves resyncs ran)")
                .isGreaterThanOrEqualTo(observationsBefore + 2);
        assertThat(Conditions.isTrue(object().get().getStatus(), Conditions.READY))
                .as("still Ready after resyncs")
                .isTrue();
    }

    private void awaitReadyCondition(String status, String reason) {
        IamObjects.in(env.api(), NAMESPACE).awaitReady(Group.class, NAME, status, reason, TIMEOUT);
    }

    /** The one group with this name (IAM names are case-insensitive). */
    private GroupSnapshot onlyGroupInAws() {
        List<GroupSnapshot> named =
                env.emulator().groups().stream()
                        .filter(g -> g.name().equalsIgnoreCase(NAME))
                        .toList();
        assertThat(named).as("groups named %s in AWS", NAME).hasSize(1);
        return named.get(0);
    }

    private Group create() {
        Group group = new Group();
        group.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(NAME).build());
        GroupSpec spec = new GroupSpec();
        spec.setPolicies(List.of(READ_ONLY));
        group.setSpec(spec);
        return env.api().client().resource(group).create();
    }

    private Resource<Group> object() {
        return env.api().client().resources(Group.class).inNamespace(NAMESPACE).withName(NAME);
    }

    private long observations() {
        return env.emulator().callCount("GetGroup")
                + env.emulator().callCount("GetAccountAuthorizationDetails");
    }
}
