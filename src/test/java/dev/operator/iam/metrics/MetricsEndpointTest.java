package dev.operator.iam.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.policy.PolicyAdapter;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.MetricsScraper;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The metrics of design.md, with their names and labels, as Prometheus scrapes them. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class MetricsEndpointTest extends OperatorTestSupport {

    @Inject PolicyAdapter adapter;

    @Test
    void everySeriesOfTheContractExistsForThePolicyKind() {
        String metrics = MetricsScraper.scrape();
        Map<String, String> kind = Map.of("kind", "Policy");

        MetricsScraper.value(metrics, "iam_operator_drift_detected_total", kind);
        MetricsScraper.value(metrics, "iam_operator_drift_corrected_total", kind);
        MetricsScraper.value(metrics, "iam_operator_drifted_resources", kind);
        for (String outcome : new String[] {"adopted", "recovered", "refused"}) {
            MetricsScraper.value(
                    metrics,
                    "iam_operator_adoptions_total",
                    Map.of("kind", "Policy", "outcome", outcome));
        }
        for (String ready : new String[] {"true", "false"}) {
            MetricsScraper.value(
                    metrics,
                    "iam_operator_managed_resources",
                    Map.of("kind", "Policy", "ready", ready));
        }
        for (String source : new String[] {"snapshot", "individual"}) {
            MetricsScraper.value(
                    metrics,
                    "iam_operator_observations_total",
                    Map.of("kind", "Policy", "source", source));
        }
        for (String outcome : new String[] {"success", "failed"}) {
            MetricsScraper.value(
                    metrics, "iam_operator_account_scans_total", Map.of("outcome", outcome));
        }
        assertThat(metrics).containsPattern("(?m)^iam_operator_account_scan_seconds_count \\S+$");
        for (String operation : adapter.operations()) {
            Stream.concat(
                            Stream.of("success"),
                            Stream.of(AwsErrorKind.values()).map(AwsErrorKind::metricOutcome))
                    .filter(Objects::nonNull)
                    .distinct()
                    .forEach(
                            outcome ->
                                    MetricsScraper.value(
                                            metrics,
                                            "iam_operator_aws_calls_total",
                                            Map.of("operation", operation, "outcome", outcome)));
            MetricsScraper.value(
                    metrics, "iam_operator_aws_call_seconds_count", Map.of("operation", operation));
            MetricsScraper.value(
                    metrics,
                    "iam_operator_aws_call_seconds_bucket",
                    Map.of("operation", operation, "le", "0.1"));
        }
        assertThat(metrics).containsPattern("(?m)^iam_operator_aws_inflight_calls \\S+$");
        // leader election is off outside a cluster: this process reconciles, so it counts as leader
        assertThat(metrics).containsPattern("(?m)^iam_operator_leader 1\\.0$");
    }

    @Test
    void managedResourcesIsAGaugeThatFollowsTheObjects() {
        double readyBefore = ready("true");
        apply(policy("gauge-follows", DOC_READ));
        policies.awaitReady("gauge-follows", true, "Created");
        await().atMost(TIMEOUT).until(() -> ready("true") == readyBefore + 1);
        assertThat(MetricsScraper.scrape())
                .as("JOSDK's own reconcile meters stay")
                .contains(
                        "reconciliations_execution_duration_seconds_count{controller_name=\"policy\"");

        policies.delete("gauge-follows");
        policies.awaitGone("gauge-follows");

        await().atMost(TIMEOUT).until(() -> ready("true") == readyBefore);
    }

    @Test
    void labelsNeverCarryResourceNames() {
        apply(policy("no-such-label-value", DOC_READ));
        policies.awaitReady("no-such-label-value", true, "Created");

        assertThat(MetricsScraper.scrape()).doesNotContain("no-such-label-value");
    }

    private static double ready(String ready) {
        return MetricsScraper.value(
                "iam_operator_managed_resources", Map.of("kind", "Policy", "ready", ready));
    }
}
