package dev.operator.iam.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for the sandbox's API server: plain HTTP, no credentials, namespace default. */
final class Kubeconfig {

    static final String CONTEXT = "iam-operator-sandbox";

    private Kubeconfig() {}

    static Path write(Path file, String serverUrl) {
        String text =
                """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user: {}
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                """
                        .formatted(CONTEXT, serverUrl);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
