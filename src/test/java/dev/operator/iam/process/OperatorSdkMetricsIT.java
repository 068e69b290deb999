package dev.operator.iam.process;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged operator (not only the test profile) exports the Java Operator SDK's own meters,
 * which docs/observability.md lists and the Grafana dashboard's reconcile panels query.
 */
class OperatorSdkMetricsIT {

    private static final String NAMESPACE = "sdk-meters";
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final Map<String, String> POLICY_CONTROLLER =
            Map.of("controller_name", "policy");

    @RegisterExtension
    static final ProcessTestEnvironment env = new ProcessTestEnvironment(Map.of());

    private final PolicyObjects policies = PolicyObjects.in(env.api(), NAMESPACE);

    @Test
    void thePackagedOperatorExportsTheReconcileMetersTheDashboardQueries() {
        OperatorProcess operator = env.startOperator("sdk-meters");
        policies.create("metered");
        policies.awaitReady("metered", TIMEOUT);

        // The meters are written when a reconcile ends, a moment after its status write.
        await().alias("reconciliations_success_total of the policy controller")
                .atMost(TIMEOUT)
                .until(
                        () ->
                                PrometheusText.value(
                                                        operator.metrics(),
                                                        "reconciliations_success_total",
                                                        POLICY_CONTROLLER)
                                                .orElse(0)
                                        >= 1);
        String metrics = operator.metrics();
        SoftAssertions soft = new SoftAssertions();
        for (String counter :
                List.of(
                        "reconciliations_started_total",
                        "reconciliations_success_total",
                        "reconciliations_execution_duration_seconds_count",
                        "events_received_total")) {
            soft.assertThat(PrometheusText.value(metrics, counter, POLICY_CONTROLLER).orElse(0))
                    .as("%s{controller_name=\"policy\"}", counter)
                    .isGreaterThanOrEqualTo(1);
        }
        soft.assertThat(metrics)
                .as("the dashboard's other SDK series")
                .containsPattern("(?m)^custom_resources[{ ]")
                .containsPattern("(?m)^reconciliations_active[{ ]")
                .containsPattern("(?m)^reconciliations_queue[{ ]");
        soft.assertAll();
    }
}
