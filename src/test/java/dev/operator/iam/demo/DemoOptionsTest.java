package dev.operator.iam.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    private static final Path EXAMPLES = Path.of("/project/examples");

    @Test
    void withoutFilesTheTourRunsOnTheExamples() {
        DemoOptions options = DemoOptions.from(new Properties(), Map.of(), EXAMPLES);

        assertThat(options.files()).containsExactly(EXAMPLES);
        assertThat(options.tour()).isTrue();
        assertThat(options.operatorSettings()).isEmpty();
    }

    @Test
    void givenFilesAndDirectoriesAreAppliedInsteadAndTheTourIsOff() {
        Properties properties = new Properties();
        properties.setProperty("demo.dir", "/mine/policies, /mine/role.yaml");

        DemoOptions options = DemoOptions.from(properties, Map.of(), EXAMPLES);

        assertThat(options.files())
                .containsExactly(Path.of("/mine/policies"), Path.of("/mine/role.yaml"));
        assertThat(options.tour()).isFalse();
    }

    @Test
    void theTourCanBeAskedForWithOwnFilesOrTurnedOff() {
        Properties withFiles = new Properties();
        withFiles.setProperty("demo.dir", "/mine");
        withFiles.setProperty("demo.tour", "true");
        Properties off = new Properties();
        off.setProperty("demo.tour", "false");

        assertThat(DemoOptions.from(withFiles, Map.of(), EXAMPLES).tour()).isTrue();
        assertThat(DemoOptions.from(off, Map.of(), EXAMPLES).tour()).isFalse();
    }

    @Test
    void operatorSettingsComeFromItsVariablesAndPropertiesAndAPropertyWins() {
        Properties properties = new Properties();
        properties.setProperty("iam-operator.resync-interval", "30s");
        properties.setProperty("iam-operator.drift.default-policy", "report");
        properties.setProperty("demo.http.port", "9090");
        Map<String, String> environment =
                Map.of(
                        "IAM_OPERATOR_RESYNC_INTERVAL", "1m",
                        "IAM_OPERATOR_CLUSTER_ID", "sandbox",
                        "HOME", "/root");

        DemoOptions options = DemoOptions.from(properties, environment, EXAMPLES);

        assertThat(options.operatorSettings())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "IAM_OPERATOR_RESYNC_INTERVAL", "30s",
                                "IAM_OPERATOR_DRIFT_DEFAULT_POLICY", "report",
                                "IAM_OPERATOR_CLUSTER_ID", "sandbox"));
    }

    @Test
    void durationsAreReadAsQuarkusReadsThem() {
        assertThat(DemoOptions.duration("5s")).hasValue(Duration.ofSeconds(5));
        assertThat(DemoOptions.duration("500ms")).hasValue(Duration.ofMillis(500));
        assertThat(DemoOptions.duration("10m")).hasValue(Duration.ofMinutes(10));
        assertThat(DemoOptions.duration("PT1H")).hasValue(Duration.ofHours(1));
        assertThat(DemoOptions.duration("soon")).isEmpty();
    }
}
