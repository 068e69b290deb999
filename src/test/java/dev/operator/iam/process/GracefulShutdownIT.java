package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.emulator.Hold;
import dev.operator.iam.policy.Policy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM on the packaged operator: an AWS call already sent is allowed to finish, never
 * interrupted, and its result reaches Kubernetes before the process exits; a call that outlives the
 * drain timeout is abandoned at the timeout, and the next start recovers its resource by tags.
 */
class GracefulShutdownIT {

    private static final String NAMESPACE = "shutdown";
    private static final String NAME = "drained";
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(4);

    /** Longer than the drain, so that the drain timeout, not the call timeout, ends a held call. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    /** JVM exit after the drain: clients closed, Quarkus stopped. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(10);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(
                    Map.of(
                            "IAM_OPERATOR_SHUTDOWN_DRAIN_TIMEOUT",
                            DRAIN_TIMEOUT.toSeconds() + "s",
                            "IAM_OPERATOR_AWS_CALL_TIMEOUT",
                            CALL_TIMEOUT.toSeconds() + "s"));

    private final PolicyObjects policies = PolicyObjects.in(env.api(), NAMESPACE);

    @Test
    void sigtermLetsTheCallInFlightFinishAndWritesItsStatusBeforeExiting() throws Exception {
        Hold createAnswer = env.emulator().faults().holdResponse("CreatePolicy");
        OperatorProcess operator = env.startOperator("drains");
        create();
        assertThat(createAnswer.awaitHeld(TIMEOUT)).as("CreatePolicy reached IAM").isTrue();

        operator.terminate();

        // Readiness DOWN while draining: 503, or no answer once HTTP stopped.
        await().alias("readiness DOWN while draining")
                .atMost(Duration.ofSeconds(3))
                .until(() -> !readiness(operator).equals(Optional.of(200)));
        // The call is still in flight: the process waits for it rather than exiting.
        assertThat(operator.awaitExit(Duration.ofSeconds(1)))
                .as("exit while CreatePolicy is in flight")
                .isEmpty();
        createAnswer.release();

        OptionalInt exit = operator.awaitExit(DRAIN_TIMEOUT.plus(EXIT_MARGIN));
        assertThat(exit).as("the operator exited after the answer arrived").isPresent();
        Condition ready = readyCondition();
        assertThat(ready.getStatus() + "/" + ready.getReason())
                .as("status written by the process that was told to stop, without a restart")
                .isEqualTo("True/Created");
        assertThat(object().get().getStatus().getArn()).isNotNull();
        assertThat(String.join("\n", operator.logTail(40))).contains("drained 1 AWS call(s)");
        assertThat(env.emulator().callCount("CreatePolicy")).isEqualTo(1);
    }

    @Test
    void aCallThatOutlivesTheDrainTimeoutIsAbandonedAndRecoveredByTheNextStart() {
        Hold createAnswer = env.emulator().faults().holdResponse("CreatePolicy");
        OperatorProcess operator = env.startOperator("abandons");
        create();
        assertThat(createAnswer.awaitHeld(TIMEOUT)).as("CreatePolicy reached IAM").isTrue();
        long sigterm = System.nanoTime();

        operator.terminate();

        OptionalInt exit = operator.awaitExit(DRAIN_TIMEOUT.plus(EXIT_MARGIN));
        assertThat(exit).as("the operator exited at the drain timeout").isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - sigterm))
                .as("time from SIGTERM to exit")
                .isGreaterThanOrEqualTo(DRAIN_TIMEOUT.minusSeconds(1));
        assertThat(String.join("\n", operator.logTail(60))).contains("abandoning 1 AWS call(s)");
        createAnswer.releaseWithDrop();

        env.startOperator("recovers");
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () ->
                                assertThat(
                                                readyCondition().getStatus()
                                                        + "/"
                                                        + readyCondition().getReason())
                                        .isEqualTo("True/Recovered"));
        assertThat(env.emulator().callCount("CreatePolicy")).isEqualTo(1);
        assertThat(env.emulator().policies()).hasSize(1);
    }

    private static Optional<Integer> readiness(OperatorProcess operator) {
        try {
            HttpResponse<Void> response =
                    HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create(operator.baseUri() + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return Optional.of(response.statusCode());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private Condition readyCondition() {
        return policies.ready(NAME).orElse(new Condition());
    }

    private void create() {
        policies.create(NAME);
    }

    private Resource<Policy> object() {
        return policies.object(NAME);
    }
}
