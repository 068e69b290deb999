package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas against one API server with leader election: only the leader calls AWS; when it is
 * killed, the other takes over once the lease expires and converges new objects.
 */
class LeaderElectionIT {

    private static final String NAMESPACE = "replicas";
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(
                    Map.of(
                            "IAM_OPERATOR_LEADER_ELECTION_ENABLED", "true",
                            "POD_NAMESPACE", "iam-operator",
                            "IAM_OPERATOR_LEADER_ELECTION_LEASE_DURATION", "4s",
                            "IAM_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE", "3s",
                            "IAM_OPERATOR_LEADER_ELECTION_RETRY_PERIOD", "1s"));

    @Test
    void onlyTheLeaderCallsAwsAndTheStandbyTakesOverWhenItDies() {
        OperatorProcess first = env.startOperator("replica-a");
        OperatorProcess second = env.startOperator("replica-b");
        create("first-policy");
        awaitReady("first-policy");

        OperatorProcess leader = creates(first) == 1 ? first : second;
        OperatorProcess standby = leader == first ? second : first;
        assertThat(creates(leader)).as("CreatePolicy calls of the leader").isEqualTo(1);
        assertThat(awsCalls(standby)).as("AWS calls of the standby").isZero();

        leader.kill();
        create("second-policy");

        awaitReady("second-policy");
        assertThat(creates(standby)).as("CreatePolicy calls of the new leader").isEqualTo(1);
        assertThat(env.emulator().callCount("CreatePolicy")).isEqualTo(2);
        assertThat(env.api().client().leases().inNamespace("iam-operator").list().getItems())
                .as("the lease")
                .hasSize(1);
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

    private void create(String name) {
        Policy policy = new Policy();
        policy.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
        PolicySpec spec = new PolicySpec();
        spec.setPolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
        policy.setSpec(spec);
        env.api().client().resource(policy).create();
    }

    private void awaitReady(String name) {
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                Optional.ofNullable(
                                                env.api()
                                                        .client()
                                                        .resources(Policy.class)
                                                        .inNamespace(NAMESPACE)
                                                        .withName(name)
                                                        .get())
                                        .map(Policy::getStatus)
                                        .flatMap(s -> Conditions.find(s, Conditions.READY))
                                        .map(c -> "True".equals(c.getStatus()))
                                        .orElse(false));
    }
}
