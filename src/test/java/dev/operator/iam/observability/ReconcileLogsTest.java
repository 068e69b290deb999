package dev.operator.iam.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One log line per AWS mutation and per state change, naming kind, namespace, name, ARN and
 * operation, with the object in the MDC so that JSON logs carry it as fields.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class ReconcileLogsTest extends OperatorTestSupport {

    /** A log line as a pipeline would see it: the logger, the text and the MDC fields. */
    record Line(String logger, Level level, String message, Map<String, String> mdc) {}

    private final Logger operatorLogger = Logger.getLogger("dev.operator.iam");
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Handler capture =
            new Handler() {
                @Override
                public void publish(LogRecord record) {
                    Map<String, String> mdc =
                            record instanceof ExtLogRecord ext ? ext.getMdcCopy() : Map.of();
                    String message =
                            record instanceof ExtLogRecord ext
                                    ? ext.getFormattedMessage()
                                    : record.getMessage();
                    lines.add(new Line(record.getLoggerName(), record.getLevel(), message, mdc));
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        operatorLogger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        operatorLogger.removeHandler(capture);
    }

    @Test
    void everyAwsMutationAndStateChangeIsOneLineWithTheObjectAndItsArnInTheMdc() {
        String arn = policyArn("logged");
        String subject = "Policy " + namespace + "/logged arn=" + arn;
        apply(policy("logged", DOC_READ));
        policies.awaitReady("logged", true, "Created");
        backend().putPolicyVersionOutOfBand(arn, DOC_WRITE);
        policies.awaitReady("logged", true, "DriftCorrected");
        policies.awaitSyncedAgain("logged");

        policies.delete("logged");
        policies.awaitGone("logged");

        List<Line> mine =
                lines.stream()
                        .filter(l -> namespace.equals(l.mdc().get("namespace")))
                        .filter(l -> l.level().intValue() >= Level.INFO.intValue())
                        .toList();
        assertThat(mine)
                .as("every line about this object carries it in the MDC")
                .isNotEmpty()
                .allSatisfy(
                        l -> {
                            assertThat(l.mdc()).containsEntry("kind", "Policy");
                            assertThat(l.mdc()).containsEntry("name", "logged");
                        });
        List<Line> awsLines = mine.stream().filter(l -> l.logger().endsWith("AwsCalls")).toList();
        assertThat(awsLines)
                .extracting(Line::message)
                .as("no line for reads; the ARN from CreatePolicy's answer on its own line")
                .startsWith("AWS CreatePolicy succeeded: " + subject)
                .contains(
                        "AWS CreatePolicyVersion succeeded: " + subject,
                        "AWS DeletePolicy succeeded: " + subject)
                .allMatch(m -> m.matches("AWS [A-Za-z]+ succeeded: .*"));
        assertThat(awsLines.subList(1, awsLines.size()))
                .as("the ARN is in the MDC from the moment it is known")
                .allSatisfy(l -> assertThat(l.mdc()).containsEntry("arn", arn));
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(operationsIn(awsLines))
                                        .as("one line per mutation AWS received")
                                        .isEqualTo(
                                                calls.about("logged").stream()
                                                        .map(c -> c.action())
                                                        .filter(
                                                                a ->
                                                                        !a.startsWith("Get")
                                                                                && !a.startsWith(
                                                                                        "List"))
                                                        .toList()));
        assertThat(mine)
                .filteredOn(l -> l.logger().endsWith("ReconcileEngine"))
                .extracting(Line::message)
                .as("one line per state change, none for quiet resyncs")
                .satisfiesExactly(
                        m ->
                                assertThat(m)
                                        .isEqualTo(
                                                subject
                                                        + ": New -> Created (Ready=true): created "
                                                        + arn),
                        m ->
                                assertThat(m)
                                        .startsWith(subject + ": ")
                                        .contains("-> DriftCorrected (Ready=true): reverted drift"),
                        m ->
                                assertThat(m)
                                        .isEqualTo(
                                                subject + ": finalizer removed: deleted " + arn));
    }

    private static List<String> operationsIn(List<Line> awsLines) {
        return awsLines.stream().map(l -> l.message().split(" ")[1]).toList();
    }
}
