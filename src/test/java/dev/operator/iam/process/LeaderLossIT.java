package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A leader that cannot renew its lease (the Kubernetes API server unreachable from it) exits with
 * status 1 after draining, instead of reconciling on while another replica acquires the lease and
 * writes to AWS too: Kubernetes restarts the pod, which then waits as a standby.
 */
class LeaderLossIT {

    private static final String LEASE_NAMESPACE = "iam-operator";
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    /**
     * The renew deadline is checked between renewal attempts, and one attempt against an API server
     * answering 503 lasts as long as the fabric8 client's own retries (10 retries, 100 ms doubling
     * up to 3.2 s: about 19 s). So the leader notices the loss after about 20 s, not 3 s; then it
     * drains and exits. Generous on a loaded machine.
     */
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(120);

    /** The whole log: the ERROR line is followed by the shutdown's lines. */
    private static final int WHOLE_LOG = 100_000;

    private static final String LOST = "lost leadership of lease";

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(
                    Map.of(
                            "IAM_OPERATOR_LEADER_ELECTION_ENABLED", "true",
                            "POD_NAMESPACE", LEASE_NAMESPACE,
                            "IAM_OPERATOR_LEADER_ELECTION_LEASE_DURATION", "4s",
                            "IAM_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE", "3s",
                            "IAM_OPERATOR_LEADER_ELECTION_RETRY_PERIOD", "1s"));

    @Test
    void aLeaderThatCannotRenewItsLeaseDrainsAndExitsWithAnError() {
        OperatorProcess leader = env.startOperator("loses-lease");
        await().alias("the operator leads").atMost(TIMEOUT).until(() -> leaderGauge(leader) == 1.0);

        OptionalInt exit;
        try (MockApiServer.Outage outage = env.api().outage()) {
            exit = leader.awaitExit(EXIT_WITHIN);
            assertThat(outage.refused()).as("requests refused during the outage").isPositive();
        }

        assertThat(exit).as("exit code of the leader that lost its lease").hasValue(1);
        String log = String.join("\n", leader.logTail(WHOLE_LOG));
        assertThat(log)
                .as("the log of the leader that lost its lease")
                .containsPattern(" ERROR .*" + LOST + ".*exiting with status 1")
                .contains("only one replica writes to AWS IAM")
                .contains("Kubernetes restarts the pod")
                // the exit went through Quarkus: the drain ran
                .contains("shutting down: readiness DOWN")
                .containsPattern("drained \\d+ AWS call\\(s\\)");
        assertThat(log.lines().filter(line -> line.contains(LOST)).count())
                .as("ERROR lines about the lost lease")
                .isEqualTo(1);
    }

    private static double leaderGauge(OperatorProcess operator) {
        return PrometheusText.value(operator.metrics(), "iam_operator_leader", Map.of())
                .orElseThrow(() -> new AssertionError("no iam_operator_leader on " + operator));
    }
}
