package dev.operator.iam.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.MetricsScraper;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus server scrapes the running operator and evaluates the alert rules: the
 * exposition parses, the drift counter arrives under the name the rules use, every rule evaluates
 * without error, and a drift makes IamOperatorDriftDetected fire. Skipped where Debian's {@code
 * prometheus} package is not installed.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class PrometheusScrapeTest extends OperatorTestSupport {

    /** The job name the alert rules select. */
    private static final String JOB = "iam-operator";

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DRIFTS =
            "iam_operator_drift_detected_total{job=\"" + JOB + "\", kind=\"Policy\"}";

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void prometheusReadsADriftFromTheOperatorAndFiresTheDriftAlert() throws Exception {
        Path binary = Tools.require("prometheus", "the real Prometheus scrape");
        apply(policy("scraped-drift", DOC_READ));
        policies.awaitReady("scraped-drift", true, "Created");

        try (PrometheusServer prometheus =
                PrometheusServer.start(
                        binary,
                        JOB,
                        metrics.getHost() + ":" + metrics.getPort(),
                        metrics.getPath(),
                        AlertRulesTest.RULES)) {
            double before = driftsNow();
            awaitValue(prometheus, DRIFTS, before);
            assertThat(prometheus.value("up{job=\"" + JOB + "\"}")).hasValue(1.0);
            awaitEveryRuleEvaluatedWithoutError(prometheus);
            assertThat(state(prometheus, "IamOperatorDriftDetected"))
                    .as("no drift yet in Prometheus's window")
                    .isEqualTo("inactive");
            // Pending from an evaluation before the first scrape, inactive once up is 1.
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> state(prometheus, "IamOperatorDown").equals("inactive"));

            backend().putPolicyVersionOutOfBand(policyArn("scraped-drift"), DOC_WRITE);
            policies.awaitReady("scraped-drift", true, "DriftCorrected");

            assertThat(driftsNow()).as("in /q/metrics").isEqualTo(before + 1);
            awaitValue(prometheus, DRIFTS, before + 1);
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> state(prometheus, "IamOperatorDriftDetected").equals("firing"));
            assertThat(firing(prometheus, "IamOperatorDriftDetected"))
                    .singleElement()
                    .satisfies(
                            alert ->
                                    assertThat(alert.path("labels").path("kind").asText())
                                            .isEqualTo("Policy"));
        }
    }

    private static double driftsNow() {
        return MetricsScraper.value("iam_operator_drift_detected_total", Map.of("kind", "Policy"));
    }

    private static void awaitValue(PrometheusServer prometheus, String promql, double expected) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> {
                            OptionalDouble v = prometheus.value(promql);
                            assertThat(v).as(promql + " in Prometheus").hasValue(expected);
                        });
    }

    private static void awaitEveryRuleEvaluatedWithoutError(PrometheusServer prometheus) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> {
                            List<JsonNode> rules = prometheus.alertingRules();
                            assertThat(rules).hasSize(AlertRulesTest.alerts().size());
                            assertThat(rules)
                                    .allSatisfy(
                                            r ->
                                                    assertThat(r.path("health").asText())
                                                            .as(
                                                                    r.path("name").asText()
                                                                            + " "
                                                                            + r.path("lastError")
                                                                                    .asText())
                                                            .isEqualTo("ok"));
                        });
    }

    private static String state(PrometheusServer prometheus, String alert) {
        return rule(prometheus, alert).path("state").asText();
    }

    private static List<JsonNode> firing(PrometheusServer prometheus, String alert) {
        return rule(prometheus, alert).path("alerts").findParents("labels").stream()
                .filter(a -> a.path("state").asText().equals("firing"))
                .toList();
    }

    private static JsonNode rule(PrometheusServer prometheus, String alert) {
        return prometheus.alertingRules().stream()
                .filter(r -> r.path("name").asText().equals(alert))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alerting rule " + alert));
    }
}
