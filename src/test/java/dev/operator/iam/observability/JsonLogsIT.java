package dev.operator.iam.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicySpec;
import dev.operator.iam.process.OperatorProcess;
import dev.operator.iam.process.ProcessTestEnvironment;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged operator writes JSON log lines when {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED=true} (a
 * runtime switch: the same jar and image serve both), and those lines carry the object of a
 * reconcile as MDC fields a log pipeline can select on.
 */
class JsonLogsIT {

    private static final String NAMESPACE = "json-logs";
    private static final String NAME = "orders-read";
    private static final String ARN = "arn:aws:iam::123456789012:policy/" + NAME;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"));

    @Test
    void theSwitchTurnsEveryLogLineIntoJsonWithTheObjectAsFields() {
        OperatorProcess operator = env.startOperator("json-logs");

        env.api().client().resource(policy()).create();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> logger(operator, "ReconcileEngine").size() >= 1);
        List<JsonNode> lines = lines(operator);
        assertThat(lines).as("JSON lines").isNotEmpty();
        assertThat(logger(operator, "AwsCalls"))
                .filteredOn(l -> l.path("message").asText().startsWith("AWS CreatePolicy"))
                .singleElement()
                .satisfies(
                        l -> {
                            assertThat(l.path("level").asText()).isEqualTo("INFO");
                            assertThat(l.path("message").asText())
                                    .isEqualTo(
                                            "AWS CreatePolicy succeeded: Policy "
                                                    + NAMESPACE
                                                    + "/"
                                                    + NAME
                                                    + " arn="
                                                    + ARN);
                            assertThat(l.path("mdc").path("kind").asText()).isEqualTo("Policy");
                            assertThat(l.path("mdc").path("namespace").asText())
                                    .isEqualTo(NAMESPACE);
                            assertThat(l.path("mdc").path("name").asText()).isEqualTo(NAME);
                        });
        assertThat(logger(operator, "ReconcileEngine"))
                .first()
                .satisfies(
                        l -> {
                            assertThat(l.path("message").asText()).contains("New -> Created");
                            assertThat(l.path("mdc").path("arn").asText()).isEqualTo(ARN);
                        });
    }

    private static Policy policy() {
        Policy p = new Policy();
        p.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NAMESPACE).build());
        PolicySpec spec = new PolicySpec();
        spec.setPolicyDocument(
                """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",\
                "Resource":"arn:aws:s3:::orders/*"}]}\
                """);
        p.setSpec(spec);
        return p;
    }

    private static List<JsonNode> logger(OperatorProcess operator, String simpleName) {
        return lines(operator).stream()
                .filter(l -> l.path("loggerName").asText().endsWith("." + simpleName))
                .toList();
    }

    /** Every line of the operator's output, each of which must be a JSON object. */
    private static List<JsonNode> lines(OperatorProcess operator) {
        try {
            return Files.readAllLines(operator.logFile()).stream()
                    .filter(l -> !l.isBlank())
                    .map(JsonLogsIT::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as("a JSON object: " + line).isTrue();
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
