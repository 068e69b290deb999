package dev.operator.iam.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.MetricsScraper;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard asks only for what the operator exports (compared with a live scrape of
 * {@code /q/metrics}), and shows every metric of design.md.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class DashboardTest extends OperatorTestSupport {

    static final Path DASHBOARD = Path.of("monitoring", "grafana", "iam-operator-dashboard.json");

    @Test
    void everyQueryOfTheDashboardNamesOnlyMetricsTheOperatorExports() throws IOException {
        // The Java Operator SDK registers its reconcile meters on a controller's first reconcile.
        apply(policy("dashboard", DOC_READ));
        policies.awaitReady("dashboard", true, "Created");
        Set<String> exported = exportedNames(MetricsScraper.scrape());

        Set<String> unknown = new TreeSet<>(usedMetrics());
        unknown.removeAll(exported);
        // The SDK creates its failure counter at a controller's first failed reconcile; this test
        // alone has none (the whole suite does, which hid this when run in order).
        unknown.remove("reconciliations_failure_total");

        assertThat(unknown).as("metrics the dashboard asks for and /q/metrics lacks").isEmpty();
    }

    @Test
    void theDashboardShowsEveryMetricOfTheContract() throws IOException {
        Set<String> used = usedMetrics();

        assertThat(used)
                .contains(
                        "iam_operator_managed_resources",
                        "iam_operator_drifted_resources",
                        "iam_operator_drift_detected_total",
                        "iam_operator_drift_corrected_total",
                        "iam_operator_adoptions_total",
                        "iam_operator_aws_calls_total",
                        "iam_operator_aws_call_seconds_bucket",
                        "iam_operator_aws_inflight_calls",
                        "iam_operator_leader");
        assertThat(queries(dashboard()))
                .anyMatch(
                        q ->
                                q.contains("histogram_quantile(")
                                        && q.contains("iam_operator_aws_call_seconds_bucket"));
    }

    @Test
    void everyPanelHasATitleAndQueriesThroughTheDataSourceVariable() throws IOException {
        List<JsonNode> panels = new ArrayList<>();
        dashboard().path("panels").forEach(panels::add);

        assertThat(panels).isNotEmpty();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            assertThat(panel.path("title").asText()).as("title of panel " + panel).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("unique id " + panel.path("id"))
                    .isTrue();
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
                panel.path("targets")
                        .forEach(
                                t ->
                                        assertThat(t.path("datasource").path("uid").asText())
                                                .as(panel.path("title").asText())
                                                .isEqualTo("${datasource}"));
            }
        }
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    /** Every PromQL expression of the panels. */
    static List<String> queries(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        dashboard
                .path("panels")
                .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        return exprs;
    }

    private static Set<String> usedMetrics() throws IOException {
        JsonNode dashboard = dashboard();
        Set<String> used = new LinkedHashSet<>();
        queries(dashboard).forEach(q -> used.addAll(PromQl.metricNames(q)));
        dashboard
                .path("templating")
                .path("list")
                .forEach(
                        v -> {
                            if (v.path("type").asText().equals("query")) {
                                used.addAll(
                                        PromQl.metricNamesOfVariableQuery(
                                                v.path("query").path("query").asText()));
                            }
                        });
        assertThat(used).as("metrics found in the dashboard's queries").isNotEmpty();
        return used;
    }

    /**
     * The names of every sample of an exposition: counters with {@code _total}, histograms as their
     * {@code _bucket}, {@code _count} and {@code _sum} series, as Prometheus stores them.
     */
    static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }
}
