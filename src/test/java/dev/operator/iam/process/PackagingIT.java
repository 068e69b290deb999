package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped artifact carries no test machinery: neither the IAM emulator nor the Kubernetes mock
 * server, nor any test library, can end up in the image through a scope mistake in pom.xml.
 */
class PackagingIT {

    /**
     * Jar file names in {@code lib/} as Quarkus writes them: {@code
     * groupId.artifactId-version.jar}.
     */
    private static final List<Pattern> FORBIDDEN_LIBRARIES =
            Stream.of(
                            "io\\.fabric8\\.kubernetes-server-mock.*",
                            ".*mockwebserver.*",
                            ".*junit.*",
                            ".*rest-assured.*")
                    .map(Pattern::compile)
                    .toList();

    private static final String EMULATOR_PACKAGE = "dev/operator/iam/emulator/";

    @BeforeAll
    static void packaged() {
        OperatorProcess.assumePackaged();
    }

    @Test
    void theApplicationLibrariesContainNoTestLibrary() throws IOException {
        List<String> libraries =
                jarsUnder(BuildOutput.quarkusApp().resolve("lib")).stream()
                        .map(jar -> jar.getFileName().toString())
                        .toList();

        assertThat(libraries)
                .as("jars under %s", BuildOutput.quarkusApp().resolve("lib"))
                .isNotEmpty();
        assertThat(libraries)
                .as("test libraries among the packaged jars")
                .noneMatch(
                        name ->
                                FORBIDDEN_LIBRARIES.stream()
                                        .anyMatch(p -> p.matcher(name).matches()));
    }

    /** The application jar, and the bytecode Quarkus generated or transformed from it. */
    @Test
    void theApplicationClassesContainNoEmulatorClass() throws IOException {
        List<Path> jars = new ArrayList<>(jarsUnder(BuildOutput.quarkusApp().resolve("app")));
        jars.addAll(jarsUnder(BuildOutput.quarkusApp().resolve("quarkus")));
        List<String> entries = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                file.stream()
                        .map(entry -> jar.getFileName() + "!/" + entry.getName())
                        .forEach(entries::add);
            }
        }

        assertThat(entries)
                .as("classes of the packaged application")
                .anyMatch(
                        entry -> entry.endsWith("!/dev/operator/iam/policy/PolicyReconciler.class"))
                .noneMatch(entry -> entry.contains("!/" + EMULATOR_PACKAGE));
    }

    private static List<Path> jarsUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
