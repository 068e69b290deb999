package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator started on a machine with no cluster (no kubeconfig, not in a pod): it
 * exits by itself with status 1 and one line saying what it looked for and what to do, instead of
 * retrying and ending in a stack trace.
 */
class NoClusterIT {

    @TempDir Path home;

    @Test
    void exitsWithOneClearLineWhenThereIsNoCluster() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = home.resolve("operator.log");
        ProcessBuilder builder =
                new ProcessBuilder(java.toString(), "-jar", BuildOutput.runJar().toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(
                        k ->
                                k.startsWith("KUBERNETES")
                                        || k.startsWith("KUBECONFIG")
                                        || k.startsWith("QUARKUS_")
                                        || k.startsWith("IAM_OPERATOR_"));
        env.put("HOME", home.toString());
        Process operator = builder.start();

        boolean exited = operator.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            operator.destroyForcibly();
        }

        String output = Files.readString(log);
        assertThat(exited).as("exited by itself; output:%n%s", output).isTrue();
        assertThat(operator.exitValue()).isEqualTo(1);
        assertThat(output)
                .contains("No Kubernetes cluster to manage IAM from")
                .contains("KUBECONFIG")
                .contains("./mvnw -q -Pdemo -DskipTests package exec:java");
        assertThat(output.lines().filter(l -> l.startsWith("\tat ")).count())
                .as("stack trace lines")
                .isZero();
    }
}
