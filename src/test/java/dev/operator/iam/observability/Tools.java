package dev.operator.iam.observability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Finds and runs the Prometheus tools of Debian's {@code prometheus} package. */
final class Tools {

    /** How .ci/run installs them; the message of a test skipped for want of them. */
    static final String INSTALL = "apt-get install -y --no-install-recommends prometheus";

    private Tools() {}

    /** An executable of this name on the PATH. */
    static Optional<Path> onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * The tool on the PATH; when it is missing, skips the calling test and says so on the console
     * too (Surefire shows an assumption's message only in its reports).
     */
    static Path require(String tool, String check) {
        Optional<Path> found = onPath(tool);
        if (found.isEmpty()) {
            String message =
                    check
                            + " SKIPPED: "
                            + tool
                            + " is not installed (Debian package prometheus: "
                            + INSTALL
                            + ")";
            System.err.println(message);
            Assumptions.abort(message);
        }
        return found.get();
    }

    record Result(int exitCode, String output) {}

    /** Runs a command to its end, at most {@code timeoutSeconds}; stdout and stderr together. */
    static Result run(Path workingDir, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("tool-", ".out");
        try {
            Process p =
                    new ProcessBuilder(command)
                            .directory(workingDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(
                        String.join(" ", command)
                                + " did not finish within "
                                + timeoutSeconds
                                + " s:\n"
                                + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
