package dev.operator.iam.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code ./mvnw package} puts what the process-level tests start and install: the JVM package
 * ({@code target/quarkus-app/}) and the generated CRDs ({@code target/kubernetes/}), the same files
 * the image and the chart are built from.
 */
public final class BuildOutput {

    private static final String CRD_GLOB = "*.iam.operator.dev-v1.yml";

    private BuildOutput() {}

    /**
     * The project directory: failsafe sets {@code basedir}; {@code exec:java} and IDEs run in the
     * project directory.
     */
    public static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
    }

    public static Path target() {
        return projectDir().resolve("target");
    }

    /** The Quarkus JVM package; failsafe passes its location as {@code quarkus.app.dir}. */
    public static Path quarkusApp() {
        String configured = System.getProperty("quarkus.app.dir");
        return configured != null
                ? Path.of(configured).toAbsolutePath()
                : target().resolve("quarkus-app");
    }

    public static Path runJar() {
        return quarkusApp().resolve("quarkus-run.jar");
    }

    public static boolean isPackaged() {
        return Files.isRegularFile(runJar());
    }

    /** Directory for the logs of operator processes started by tests and the demo. */
    public static Path processLogs() {
        return target().resolve("process-tests");
    }

    /** The CRDs generated at build time, one file per kind. */
    public static List<Path> crdFiles() {
        Path dir = target().resolve("kubernetes");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, CRD_GLOB)) {
                stream.forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalStateException(
                    "no CRDs (" + CRD_GLOB + ") in " + dir + ": run ./mvnw package first");
        }
        files.sort(null);
        return files;
    }
}
