package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.IamStatus;
import dev.operator.iam.emulator.Hold;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.policy.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The failure the operator exists for (design.md; ACK issues #2497, #2103, #2066), reproduced on
 * the shipped artifact: the operator process is SIGKILLed after IAM committed {@code CreatePolicy}
 * but before Kubernetes recorded the ARN. ACK, which finds a policy only through the ARN in status,
 * loops on {@code EntityAlreadyExists} from then on. A new operator process must instead find the
 * policy by its natural key, recognise it by the ownership tags written in the create call, and
 * converge to exactly one policy without ever calling {@code CreatePolicy} again.
 */
class CrashDuringCreateIT {

    private static final String NAMESPACE = "crash";
    private static final String NAME = "orders-read";
    private static final String DOCUMENT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",\
            "Resource":"arn:aws:s3:::orders/*"}]}\
            """;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESYNC_INTERVAL = Duration.ofSeconds(1);

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(
                    Map.of("IAM_OPERATOR_RESYNC_INTERVAL", RESYNC_INTERVAL.toSeconds() + "s"));

    private final PolicyObjects policies = PolicyObjects.in(env.api(), NAMESPACE);

    @Test
    void recoversAPolicyWhoseCreateAnswerWasLostWhenTheOperatorWasKilled() {
        OperatorProcess restarted = killDuringCreateAndRestart();

        assertRecoveredWithoutASecondCreate(restarted);
        // Resyncs observe the policy again and again; none of them may create it again. A resync
        // reads the policy on its own (GetPolicy) or compares with the account scan.
        long observationsBefore = observations();
        await().during(RESYNC_INTERVAL.multipliedBy(3))
                .atMost(RESYNC_INTERVAL.multipliedBy(10))
                .until(() -> env.emulator().callCount("CreatePolicy") == 1);
        assertThat(observations())
                .as(
                        "GetPolicy and GetAccountAuthorizationDetails calls after three resync"
                                + " intervals (proves resyncs ran)")
                .isGreaterThanOrEqualTo(observationsBefore + 2);
        assertThat(onlyPolicyInAws().versionIds())
                .as("policy versions (recovery changed nothing)")
                .containsExactly("v1");
    }

    @Test
    void recoversWhenKilledAfterTheCreateAnswerArrivedButBeforeStatusWasWritten() {
        // The operator got the ARN from IAM; its status write is caught before the API server
        // applies
        // it. This is the window ACK's runtime PR #191 narrows but cannot close.
        RequestTrap arnWrite =
                env.api()
                        .trapNext(
                                "the status write that records the ARN of " + NAME,
                                policies.statusWriteRecordingArn(NAME));
        OperatorProcess first = env.startOperator("first");
        policies.create(NAME, DOCUMENT, Map.of());

        assertThat(arnWrite.awaitSprung(TIMEOUT))
                .as("%s sprung within %s", arnWrite, TIMEOUT)
                .isTrue();
        assertThat(env.emulator().callCount("CreatePolicy")).as("CreatePolicy calls").isEqualTo(1);
        assertInsideTheFailureWindow();
        first.kill();

        assertRecoveredWithoutASecondCreate(env.startOperator("second"));
    }

    @Test
    void deletingTheRecoveredObjectDeletesThePolicy() {
        killDuringCreateAndRestart();
        policies.awaitReady(NAME, "True", "Recovered", TIMEOUT);
        String arn = onlyPolicyInAws().arn();

        policies.object(NAME).delete();

        await().atMost(TIMEOUT)
                .untilAsserted(
                        () ->
                                assertThat(policies.object(NAME).get())
                                        .as(
                                                "the Policy object (its finalizer is removed once"
                                                        + " AWS is clean)")
                                        .isNull());
        assertThat(env.emulator().policy(arn)).as("policy %s in AWS", arn).isEmpty();
        assertThat(env.emulator().callCount("DeletePolicy")).as("DeletePolicy calls").isEqualTo(1);
    }

    /**
     * Holds IAM's answer to CreatePolicy (the policy is committed), kills the operator waiting for
     * it, drops the answer and starts a new operator process, which is returned.
     */
    private OperatorProcess killDuringCreateAndRestart() {
        Hold createAnswer = env.emulator().faults().holdResponse("CreatePolicy");
        OperatorProcess first = env.startOperator("first");
        Policy created = policies.create(NAME, DOCUMENT, Map.of());

        assertThat(createAnswer.awaitHeld(TIMEOUT))
                .as("CreatePolicy reached IAM within %s", TIMEOUT)
                .isTrue();
        // IAM has the policy, tagged in the create call itself; the operator has not heard back.
        assertThat(onlyPolicyInAws().tags())
                .as("tags of the policy in AWS")
                .containsAllEntriesOf(PolicyObjects.ownershipTags(created));
        assertInsideTheFailureWindow();
        first.kill();
        createAnswer.releaseWithDrop();

        return env.startOperator("second");
    }

    /** The object says "about to create" and knows no ARN, while the policy exists in AWS. */
    private void assertInsideTheFailureWindow() {
        IamStatus status = policies.object(NAME).get().getStatus();
        assertThat(status).as("status of %s/%s", NAMESPACE, NAME).isNotNull();
        assertThat(status.getCreateIntent())
                .as("status.createIntent (written before CreatePolicy)")
                .isNotNull();
        assertThat(status.getArn()).as("status.arn").isNull();
    }

    private void assertRecoveredWithoutASecondCreate(OperatorProcess restarted) {
        policies.awaitReady(NAME, "True", "Recovered", TIMEOUT);
        PolicySnapshot inAws = onlyPolicyInAws();
        IamStatus status = policies.object(NAME).get().getStatus();
        assertThat(status.getArn()).as("status.arn").isEqualTo(inAws.arn());
        assertThat(status.getCreateIntent()).as("status.createIntent once recovered").isNull();
        assertThat(env.emulator().callCount("CreatePolicy"))
                .as("CreatePolicy calls, ever")
                .isEqualTo(1);
        assertThat(
                        PrometheusText.value(
                                restarted.metrics(),
                                "iam_operator_adoptions_total",
                                Map.of("kind", "Policy", "outcome", "recovered")))
                .as(
                        "iam_operator_adoptions_total{kind=\"Policy\",outcome=\"recovered\"} of the"
                                + " new process")
                .hasValue(1.0);
    }

    /** The one policy in AWS with this name (IAM names are case-insensitive). */
    private PolicySnapshot onlyPolicyInAws() {
        List<PolicySnapshot> named =
                env.emulator().policies().stream()
                        .filter(p -> p.name().equalsIgnoreCase(NAME))
                        .toList();
        assertThat(named).as("policies named %s in AWS", NAME).hasSize(1);
        return named.get(0);
    }

    private long observations() {
        return env.emulator().callCount("GetPolicy")
                + env.emulator().callCount("GetAccountAuthorizationDetails");
    }
}
