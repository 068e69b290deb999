package dev.operator.iam.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The objects of {@code examples/*.yaml}, applied as {@code kubectl apply -f examples/} would, and
 * read back without knowing their Java types, so new kinds need no change here.
 */
final class ExampleObjects {

    private static final String DEFAULT_NAMESPACE = "default";

    private final KubernetesClient client;
    private final List<HasMetadata> applied = new ArrayList<>();

    ExampleObjects(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Applies every object of every {@code .yaml}/{@code .yml} file (multi-document) in {@code
     * dir}.
     */
    List<HasMetadata> applyAll(Path dir) {
        for (Path file : yamlFiles(dir)) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata item : client.load(in).items()) {
                    if (item.getMetadata().getNamespace() == null) {
                        item.getMetadata().setNamespace(DEFAULT_NAMESPACE);
                    }
                    applied.add(client.resource(item).createOr(NonDeletingOperation::update));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return List.copyOf(applied);
    }

    List<HasMetadata> applied() {
        return List.copyOf(applied);
    }

    /**
     * The object's {@code Ready} condition as a map ({@code status}, {@code reason}, {@code
     * message}).
     */
    Optional<Map<String, Object>> readyCondition(HasMetadata object) {
        return status(object)
                .flatMap(
                        status ->
                                conditions(status).stream()
                                        .filter(c -> "Ready".equals(c.get("type")))
                                        .findFirst());
    }

    /** {@code status.arn}, if the object has one. */
    Optional<String> arn(HasMetadata object) {
        return status(object).map(status -> status.get("arn")).map(String::valueOf);
    }

    private Optional<Map<String, Object>> status(HasMetadata object) {
        HasMetadata current = client.resource(object).get();
        if (current == null) {
            return Optional.empty();
        }
        GenericKubernetesResource generic =
                client.getKubernetesSerialization()
                        .convertValue(current, GenericKubernetesResource.class);
        Map<String, Object> status = generic.get("status");
        return Optional.ofNullable(status);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(Map<String, Object> status) {
        Object conditions = status.get("conditions");
        return conditions instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no examples directory " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
