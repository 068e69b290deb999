package dev.operator.iam.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.process.OperatorProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's sandbox, run as a newcomer runs it (tour and all, against the packaged operator),
 * tells each part of its story with the operator's own answer: the reasons below are read from the
 * objects' Ready conditions (or, for an action's reason that a resync already replaced, from its
 * event), so a change that breaks a screen fails here.
 */
class SandboxTourIT {

    @BeforeAll
    static void packaged() {
        OperatorProcess.assumePackaged();
    }

    @Test
    void theTourShowsRecoveryRefusalAdoptionDriftAndATenantRefused() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try (EmbeddedDemo demo =
                new EmbeddedDemo(
                        0,
                        DemoOptions.from(new Properties(), Map.of(), EmbeddedDemo.EXAMPLES),
                        out)) {
            demo.run(true);
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "the sandbox failed; it showed:\n" + captured.toString(StandardCharsets.UTF_8),
                    e);
        }
        String shown = captured.toString(StandardCharsets.UTF_8);

        assertThat(shown)
                .as("the sandbox's output")
                .containsPattern(
                        "Policy +default +orders-bucket-read +True +Recovered|event Recovered: ")
                .contains(
                        "IAM holds 1 policy named orders-bucket-read; CreatePolicy was called 1"
                                + " time")
                .contains("EntityAlreadyExists")
                .containsPattern(
                        "Policy +default +legacy-cloudwatch-write +False +AlreadyExistsNotOwned")
                .contains("IAM's policy is untouched (tags: {})")
                .containsPattern(
                        "Policy +default +legacy-cloudwatch-write +True +Adopted|event Adopted: ")
                .containsPattern(
                        "Policy +default +orders-bucket-read +True +DriftCorrected"
                                + "|event DriftCorrected: ")
                .containsPattern("Policy +default +dynamodb-orders-write +\\w+ +DriftReported")
                .containsPattern("Role +team-a +team-a-escalate +False +NotPermitted")
                .contains("IAM calls naming it: 0.");
    }
}
