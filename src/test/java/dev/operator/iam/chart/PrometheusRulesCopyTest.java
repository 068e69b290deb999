package dev.operator.iam.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.process.BuildOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Helm reads no file outside the chart, so the PrometheusRule template renders a copy of the alert
 * rules: {@code helm/iam-operator/files/prometheus-rules.yml}. This keeps the copy equal to the
 * original in {@code monitoring/prometheus/}.
 */
class PrometheusRulesCopyTest {

    static final Path ORIGINAL =
            BuildOutput.projectDir().resolve("monitoring/prometheus/iam-operator-rules.yml");
    static final Path COPY = HelmChart.DIR.resolve("files/prometheus-rules.yml");

    @Test
    void theChartBundlesTheAlertRulesUnchanged() throws IOException {
        Assumptions.assumeTrue(Files.exists(ORIGINAL), ORIGINAL + " does not exist (yet)");

        assertThat(Files.readString(COPY))
                .as(
                        "cp %s %s",
                        BuildOutput.projectDir().relativize(ORIGINAL),
                        BuildOutput.projectDir().relativize(COPY))
                .isEqualTo(Files.readString(ORIGINAL));
    }
}
