package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.emulator.Hold;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.policy.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kubernetes API failing the operator right after IAM created a policy, so that the ARN cannot
 * be recorded: a status write rejected with 409 Conflict, and the API server answering nothing but
 * 503 for several seconds. Either way the operator must not create a second policy, and the object
 * converges to Ready=True once the API server accepts writes again.
 */
class KubernetesApiFailuresIT {

    private static final String NAMESPACE = "api-failures";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * Longer than the fabric8 client's own retries of a failed request (10 retries, 100 ms doubling
     * up to 3.2 s: about 19 s), so that the status write fails for good and the Java Operator SDK
     * retries the reconcile: both failure paths run.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(25);

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(Map.of("IAM_OPERATOR_RESYNC_INTERVAL", "2s"));

    private final PolicyObjects policies = PolicyObjects.in(env.api(), NAMESPACE);

    @Test
    void aStatusWriteRejectedWithConflictIsRetriedWithoutCreatingThePolicyAgain() {
        String name = "conflicted";
        RequestTrap conflict =
                env.api()
                        .answerNext(
                                "the status write that records the ARN of " + name,
                                policies.statusWriteRecordingArn(name),
                                409,
                                "Conflict");
        OperatorProcess operator = env.startOperator("conflicts");
        policies.create(name);

        assertThat(conflict.awaitSprung(TIMEOUT)).as("%s sprung", conflict).isTrue();
        assertThat(env.emulator().callCount("CreatePolicy"))
                .as("CreatePolicy calls when the ARN write was refused")
                .isEqualTo(1);

        Policy ready = policies.awaitReady(name, TIMEOUT);
        assertOnePolicyRecordedIn(ready);
        assertThat(operator.isAlive()).as("the operator still runs").isTrue();
    }

    @Test
    void anApiServerOutageAfterTheCreateEndsInOnePolicyAndAReadyObject() {
        String name = "outage";
        Hold createAnswer = env.emulator().faults().holdResponse("CreatePolicy");
        OperatorProcess operator = env.startOperator("outage");
        policies.create(name);
        assertThat(createAnswer.awaitHeld(TIMEOUT)).as("CreatePolicy reached IAM").isTrue();

        try (MockApiServer.Outage outage = env.api().outage()) {
            // IAM's answer arrives while the API server refuses everything: the status write that
            // would record the ARN fails.
            createAnswer.release();
            await().alias("the operator met the outage")
                    .atMost(TIMEOUT)
                    .until(() -> outage.refused() > 0);
            sleep(OUTAGE);
        }

        Policy ready = policies.awaitReady(name, TIMEOUT);
        assertOnePolicyRecordedIn(ready);
        assertThat(operator.isAlive()).as("the operator still runs").isTrue();
        assertThat(String.join("\n", operator.logTail(200)))
                .as("the operator's log (the write failed after the client's retries)")
                .contains("status write failed");
    }

    private void assertOnePolicyRecordedIn(Policy ready) {
        List<PolicySnapshot> named =
                env.emulator().policies().stream()
                        .filter(p -> p.name().equalsIgnoreCase(ready.getMetadata().getName()))
                        .toList();
        assertThat(named).as("policies named %s", ready.getMetadata().getName()).hasSize(1);
        assertThat(ready.getStatus().getArn()).as("status.arn").isEqualTo(named.get(0).arn());
        assertThat(env.emulator().callCount("CreatePolicy")).as("CreatePolicy calls").isEqualTo(1);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
