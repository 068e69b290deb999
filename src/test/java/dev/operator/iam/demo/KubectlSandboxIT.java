package dev.operator.iam.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.process.BuildOutput;
import dev.operator.iam.process.ProcessTestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real {@code kubectl} against the sandbox's API server (the mock server with the discovery,
 * OpenAPI and tables it serves) and the packaged operator, through the kubeconfig the sandbox
 * writes: what the README promises a newcomer can type. Skipped where no kubectl is installed
 * (Debian's {@code kubernetes-client} package has one; {@code .ci/run} installs it).
 */
class KubectlSandboxIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Path EXAMPLES = BuildOutput.projectDir().resolve("examples");

    @RegisterExtension
    static final ProcessTestEnvironment env = new ProcessTestEnvironment(Map.of());

    private Path kubeconfig;

    @BeforeAll
    static void kubectlIsInstalled() {
        Assumptions.assumeTrue(
                run(null, "version", "--client").exitCode() == 0,
                "no kubectl on the PATH (Debian package kubernetes-client)");
    }

    @BeforeEach
    void writeKubeconfig() {
        kubeconfig =
                Kubeconfig.write(
                        BuildOutput.target().resolve("process-tests/kubectl/kubeconfig"),
                        env.api().url());
        env.startOperator("kubectl");
    }

    @Test
    void appliesTheExamplesAndShowsTheirStatusInColumns() {
        Result applied = kubectl("apply", "-f", EXAMPLES.toString());
        assertThat(applied.exitCode()).as("kubectl apply -f examples/: %s", applied).isZero();
        assertThat(applied.output())
                .as("kubectl apply -f examples/")
                .contains("policy.iam.operator.dev/orders-bucket-read created")
                .contains("role.iam.operator.dev/orders-api created");

        await().atMost(TIMEOUT)
                .untilAsserted(
                        () ->
                                assertThat(
                                                kubectl(
                                                                "get",
                                                                "iampolicy",
                                                                "orders-bucket-read",
                                                                "-o",
                                                                "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}")
                                                        .output())
                                        .isEqualTo("Created"));
        Result table = kubectl("get", "iampolicy", "orders-bucket-read");
        List<String> lines = table.output().lines().toList();
        assertThat(lines).as("kubectl get iampolicy: %s", table).hasSize(2);
        assertThat(lines.get(0))
                .as("header")
                .contains("NAME", "AWS-NAME", "READY", "REASON", "ARN");
        assertThat(lines.get(1))
                .as("row")
                .contains(
                        "orders-bucket-read",
                        "True",
                        "arn:aws:iam::123456789012:policy/orders/orders-bucket-read")
                // Created, or UpToDate once the sandbox's 5 s resync came between the two reads.
                .containsPattern(" (Created|UpToDate) ")
                .as("AGE as a duration, not a timestamp")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");

        Result again =
                kubectl("apply", "-f", EXAMPLES.resolve("policy-s3-read-only.yaml").toString());
        assertThat(again.output())
                .as("kubectl apply of an unchanged file: %s", again)
                .contains("policy.iam.operator.dev/orders-bucket-read unchanged");
    }

    @Test
    void describesAnObjectWithItsConditionsAndEvents() {
        kubectl("apply", "-f", EXAMPLES.resolve("policy-s3-read-only.yaml").toString());
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> {
                            String described =
                                    kubectl("describe", "iampolicy", "orders-bucket-read").output();
                            assertThat(described).contains("Type:", "Ready", "Reason:", "Created");
                            assertThat(described.substring(described.indexOf("Events:")))
                                    .as("the events about this object")
                                    .contains("Created")
                                    .doesNotContain("<none>");
                        });
    }

    @Test
    void listsEveryKindOfTheCategoryTheCrdsDeclare() {
        List<String> categories = categoriesOfTheCrds();
        Assumptions.assumeTrue(
                categories.contains("iam"), "the generated CRDs declare no category iam yet");
        kubectl("apply", "-f", EXAMPLES.resolve("policy-s3-read-only.yaml").toString());
        Result all = kubectl("get", "iam", "-A");
        assertThat(all.exitCode()).as("kubectl get iam -A: %s", all).isZero();
        assertThat(all.output()).contains("policy.iam.operator.dev/orders-bucket-read");
    }

    @Test
    void explainsAFieldFromTheCrdSchema() {
        Assumptions.assumeTrue(
                clientMinorVersion() >= 27,
                "kubectl before 1.27 explains from OpenAPI v2 (protobuf), which the sandbox serves"
                        + " without schemas");
        Result explained = kubectl("explain", "iampolicy.spec.policyDocument");
        assertThat(explained.exitCode()).as("kubectl explain: %s", explained).isZero();
        assertThat(explained.output()).contains("KIND:", "Policy", "FIELD:", "policyDocument");
    }

    private static int clientMinorVersion() {
        Matcher minor =
                Pattern.compile("Minor:\"(\\d+)|v1\\.(\\d+)\\.")
                        .matcher(run(null, "version", "--client").output());
        if (!minor.find()) {
            return 0;
        }
        return Integer.parseInt(minor.group(1) != null ? minor.group(1) : minor.group(2));
    }

    private Result kubectl(String... args) {
        return run(kubeconfig, args);
    }

    private static List<String> categoriesOfTheCrds() {
        List<String> categories = new ArrayList<>();
        for (Path file : BuildOutput.crdFiles()) {
            try {
                String text = Files.readString(file);
                int at = text.indexOf("categories:");
                if (at >= 0) {
                    text.substring(at)
                            .lines()
                            .skip(1)
                            .takeWhile(line -> line.trim().startsWith("-"))
                            .map(line -> line.trim().substring(1).trim().replace("\"", ""))
                            .forEach(categories::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return categories;
    }

    record Result(int exitCode, String output) {}

    /** kubectl with this kubeconfig (none: no cluster at all), its output, within 30 s. */
    private static Result run(Path kubeconfig, String... args) {
        List<String> command = new ArrayList<>();
        command.add("kubectl");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("KUBECONFIG");
        if (kubeconfig != null) {
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, new String(output, StandardCharsets.UTF_8));
            }
            return new Result(
                    process.exitValue(), new String(output, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return new Result(-1, "cannot run kubectl: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
