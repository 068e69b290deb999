package dev.operator.iam.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The alert rules as Prometheus itself reads them: {@code promtool check rules} and {@code promtool
 * test rules} (skipped, saying so, where promtool is not installed), and the promises that need no
 * promtool: every alert is unit-tested firing and not firing, and has its runbook.
 */
class AlertRulesTest {

    /** Where the runbooks are published: docs/observability.md on the project's repository. */
    static final String RUNBOOK_BASE =
            "https://github.com/iam-operator/iam-operator/blob/main/docs/observability.md";

    static final Path DIR = Path.of("monitoring", "prometheus");
    static final Path RULES = DIR.resolve("iam-operator-rules.yml");
    static final Path RULE_TESTS = DIR.resolve("iam-operator-rules.test.yml");
    static final Path DOCS = Path.of("docs", "observability.md");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    @Tag("process") // runs promtool: left out of ./mvnw test -Punit
    void promtoolAcceptsTheRules() throws Exception {
        Tools.Result r =
                Tools.run(
                        DIR,
                        60,
                        List.of(
                                promtool().toString(),
                                "check",
                                "rules",
                                RULES.getFileName().toString()));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    @Tag("process") // runs promtool: left out of ./mvnw test -Punit
    void everyAlertFiresAndStaysQuietAsItsUnitTestsSay() throws Exception {
        Tools.Result r =
                Tools.run(
                        DIR,
                        120,
                        List.of(
                                promtool().toString(),
                                "test",
                                "rules",
                                RULE_TESTS.getFileName().toString()));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertIsUnitTestedBothFiringAndNotFiring() throws IOException {
        JsonNode tests = YAML.readTree(RULE_TESTS.toFile());
        assertThat(tests.path("rule_files").get(0).asText())
                .isEqualTo(RULES.getFileName().toString());

        for (String alert : alerts()) {
            List<JsonNode> cases = new ArrayList<>();
            tests.path("tests")
                    .forEach(
                            t ->
                                    t.path("alert_rule_test")
                                            .forEach(
                                                    c -> {
                                                        if (c.path("alertname")
                                                                .asText()
                                                                .equals(alert)) {
                                                            cases.add(c);
                                                        }
                                                    }));
            assertThat(cases).as(alert + " firing").anyMatch(c -> !c.path("exp_alerts").isEmpty());
            assertThat(cases)
                    .as(alert + " not firing")
                    .anyMatch(c -> c.path("exp_alerts").isEmpty());
        }
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookSection() throws IOException {
        String docs = Files.readString(DOCS);

        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            assertThat(rule.path("labels").path("severity").asText())
                    .as(alert + " severity")
                    .isIn("critical", "warning");
            assertThat(rule.path("annotations").path("summary").asText())
                    .as(alert + " summary")
                    .isNotBlank();
            assertThat(rule.path("annotations").path("runbook_url").asText())
                    .as(alert + " runbook_url: absolute, so Alertmanager and Grafana link it")
                    .isEqualTo(RUNBOOK_BASE + "#" + alert.toLowerCase(Locale.ROOT));
            assertThat(docs).as("runbook section of " + alert).contains("\n### " + alert + "\n");
        }
    }

    static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        YAML.readTree(RULES.toFile())
                .path("groups")
                .forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }

    static List<String> alerts() throws IOException {
        List<String> alerts = rules().stream().map(r -> r.path("alert").asText()).toList();
        assertThat(alerts).as("alert rules").isNotEmpty().doesNotContain("");
        return alerts;
    }

    private static Path promtool() {
        return Tools.require("promtool", "promtool check/test rules of " + RULES);
    }
}
