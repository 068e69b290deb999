package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas against one API server with leader election: only the leader calls AWS, and the
 * {@code iam_operator_leader} gauge and the readiness data say which one leads; when the leader is
 * killed, the other takes over once the lease expires; when it is stopped gracefully, it gives the
 * lease up and the other takes over at once.
 */
class LeaderElectionIT {

    private static final String NAMESPACE = "replicas";
    private static final String LEASE_NAMESPACE = "iam-operator";
    private static final String LEASE_NAME = "iam-operator-lease";
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a JVM that ran its shutdown hooks after SIGTERM exits with: 128 + 15. */
    private static final int SIGTERM_EXIT = 143;

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(
                    Map.of(
                            "IAM_OPERATOR_LEADER_ELECTION_ENABLED", "true",
                            "POD_NAMESPACE", LEASE_NAMESPACE,
                            "IAM_OPERATOR_LEADER_ELECTION_LEASE_DURATION", "4s",
                            "IAM_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE", "3s",
                            "IAM_OPERATOR_LEADER_ELECTION_RETRY_PERIOD", "1s"));

    private final PolicyObjects policies = PolicyObjects.in(env.api(), NAMESPACE);

    @Test
    void onlyTheLeaderCallsAwsAndTheStandbyTakesOverWhenItDies() {
        OperatorProcess first = env.startOperator("replica-a");
        OperatorProcess second = env.startOperator("replica-b");
        policies.create("first-policy");
        policies.awaitReady("first-policy", TIMEOUT);

        OperatorProcess leader = creates(first) == 1 ? first : second;
        OperatorProcess standby = leader == first ? second : first;
        assertThat(creates(leader)).as("CreatePolicy calls of the leader").isEqualTo(1);
        assertThat(awsCalls(standby)).as("AWS calls of the standby").isZero();
        assertThat(leaderGauge(leader)).as("iam_operator_leader of the leader").isEqualTo(1.0);
        assertThat(leaderGauge(standby)).as("iam_operator_leader of the standby").isEqualTo(0.0);
        assertThat(readinessSaysLeader(leader)).as("readiness data of the leader").isTrue();
        assertThat(readinessSaysLeader(standby)).as("readiness data of the standby").isFalse();

        leader.kill();
        policies.create("second-policy");

        policies.awaitReady("second-policy", TIMEOUT);
        assertThat(creates(standby)).as("CreatePolicy calls of the new leader").isEqualTo(1);
        assertThat(leaderGauge(standby))
                .as("iam_operator_leader of the former standby")
                .isEqualTo(1.0);
        assertThat(readinessSaysLeader(standby)).as("readiness data of the new leader").isTrue();
        assertThat(env.emulator().callCount("CreatePolicy")).isEqualTo(2);
        assertThat(env.api().client().leases().inNamespace(LEASE_NAMESPACE).list().getItems())
                .as("the lease")
                .hasSize(1);
    }

    /**
     * With a lease of a minute, a standby that had to wait for the lease to expire would need a
     * minute to take over; it converges a new object well within that, because the leader released
     * the lease after draining.
     */
    @Test
    void theLeaderGivesTheLeaseUpOnSigtermSoTheStandbyTakesOverWithoutWaitingForItToExpire() {
        Duration leaseDuration = Duration.ofSeconds(60);
        Map<String, String> longLease =
                Map.of(
                        "IAM_OPERATOR_LEADER_ELECTION_LEASE_DURATION",
                        leaseDuration.toSeconds() + "s",
                        "IAM_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE",
                        "40s");
        OperatorProcess leader = env.startOperator("leader", longLease);
        await().alias("the first replica leads")
                .atMost(TIMEOUT)
                .until(() -> leaderGauge(leader) == 1.0);
        String leaderIdentity = lease().getSpec().getHolderIdentity();
        OperatorProcess standby = env.startOperator("standby", longLease);
        policies.create("before-sigterm");
        policies.awaitReady("before-sigterm", TIMEOUT);
        assertThat(leaderGauge(standby)).as("iam_operator_leader of the standby").isEqualTo(0.0);

        leader.terminate();
        OptionalInt exit = leader.awaitExit(TIMEOUT);
        assertThat(exit).as("the leader exited after SIGTERM").isPresent();
        // Giving the lease up on purpose is no lost leadership: no error, no failure exit.
        assertThat(exit.getAsInt())
                .as("exit code after SIGTERM (the JVM's 128 + 15, never the lost-lease 1)")
                .isEqualTo(SIGTERM_EXIT);
        assertThat(String.join("\n", leader.logTail(200)))
                .contains("released lease")
                .doesNotContain("lost leadership");
        policies.create("after-sigterm");

        // Far less than the lease duration: only a released lease lets the standby in this soon.
        Duration wellBeforeExpiry = leaseDuration.minusSeconds(20);
        policies.awaitReady("after-sigterm", wellBeforeExpiry);
        assertThat(leaderGauge(standby))
                .as("iam_operator_leader of the former standby")
                .isEqualTo(1.0);
        assertThat(creates(standby)).as("CreatePolicy calls of the new leader").isEqualTo(1);
        Lease lease = lease();
        assertThat(lease.getSpec().getHolderIdentity())
                .as("holder of the lease after the hand-over")
                .isNotBlank()
                .isNotEqualTo(leaderIdentity);
        assertThat(lease.getSpec().getLeaseDurationSeconds())
                .as("the new holder's lease duration (the release wrote 1s)")
                .isEqualTo((int) leaseDuration.toSeconds());
        assertThat(env.emulator().callCount("CreatePolicy")).isEqualTo(2);
    }

    private static Lease lease() {
        return env.api().client().leases().inNamespace(LEASE_NAMESPACE).withName(LEASE_NAME).get();
    }

    private static double leaderGauge(OperatorProcess operator) {
        return PrometheusText.value(operator.metrics(), "iam_operator_leader", Map.of())
                .orElseThrow(() -> new AssertionError("no iam_operator_leader on " + operator));
    }

    /** The {@code leader} entry of the {@code iam-operator-leader} readiness check. */
    private static boolean readinessSaysLeader(OperatorProcess operator) {
        JsonNode body;
        try {
            body = JSON.readTree(operator.readiness());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode check : body.path("checks")) {
            if ("iam-operator-leader".equals(check.path("name").asText())) {
                assertThat(check.path("status").asText())
                        .as("a standby is Ready too")
                        .isEqualTo("UP");
                return check.path("data").path("leader").asBoolean();
            }
        }
        throw new AssertionError("no iam-operator-leader check in " + body);
    }

    private static double creates(OperatorProcess operator) {
        return PrometheusText.value(
                        operator.metrics(),
                        "iam_operator_aws_calls_total",
                        Map.of("operation", "CreatePolicy", "outcome", "success"))
                .orElse(0);
    }

    /** Every AWS call the process made, whatever its outcome. */
    private static double awsCalls(OperatorProcess operator) {
        return PrometheusText.sum(operator.metrics(), "iam_operator_aws_calls_total");
    }
}
