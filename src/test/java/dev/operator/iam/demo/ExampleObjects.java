package dev.operator.iam.demo;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
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
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The objects of {@code examples/*.yaml}, applied as {@code kubectl apply -f examples/} would, and
 * read back without knowing their Java types, so new kinds need no change here.
 */
final class ExampleObjects {

    private static final String DEFAULT_NAMESPACE = "default";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final KubernetesClient client;
    private final List<HasMetadata> applied = new ArrayList<>();

    ExampleObjects(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Applies every object of every {@code .yaml}/{@code .yml} file (multi-document) of these files
     * and directories (a directory's files in name order, not its subdirectories); objects without
     * a namespace go to {@code default} unless their kind is cluster-scoped.
     */
    List<HasMetadata> applyAll(List<Path> filesAndDirectories) {
        List<HasMetadata> now = new ArrayList<>();
        for (Path file : yamlFiles(filesAndDirectories)) {
            now.addAll(apply(file, item -> {}));
        }
        return now;
    }

    /** Applies the objects of one file, each changed by {@code edit} first. */
    List<HasMetadata> apply(Path file, Consumer<HasMetadata> edit) {
        List<HasMetadata> now = new ArrayList<>();
        for (HasMetadata item : read(file)) {
            edit.accept(item);
            now.add(apply(item));
        }
        return now;
    }

    /**
     * Creates the object, or updates the one of that name; remembered for {@link #applied()}. As
     * {@code kubectl apply} does, it records what was applied in the {@value #LAST_APPLIED}
     * annotation, so that {@code kubectl apply} of the same files later computes its patch from it.
     */
    HasMetadata apply(HasMetadata item) {
        if (item.getMetadata().getNamespace() == null && isNamespaced(item)) {
            item.getMetadata().setNamespace(DEFAULT_NAMESPACE);
        }
        String asApplied = client.getKubernetesSerialization().asJson(item);
        if (item.getMetadata().getAnnotations() == null) {
            item.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
        }
        item.getMetadata().getAnnotations().put(LAST_APPLIED, asApplied);
        HasMetadata current = client.resource(item).createOr(NonDeletingOperation::update);
        applied.removeIf(
                a ->
                        a.getKind().equals(current.getKind())
                                && a.getMetadata().getName().equals(current.getMetadata().getName())
                                && Objects.equals(
                                        a.getMetadata().getNamespace(),
                                        current.getMetadata().getNamespace()));
        applied.add(current);
        return current;
    }

    /** The objects of a YAML file (multi-document). */
    List<HasMetadata> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return client.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Typed kinds say so; for the others (our kinds, loaded without their Java types) the API
     * server's discovery does, and a kind it does not know is taken as namespaced, as most are.
     */
    private boolean isNamespaced(HasMetadata item) {
        if (!(item instanceof GenericKubernetesResource)) {
            return item instanceof Namespaced;
        }
        APIResourceList resources = client.getApiResources(item.getApiVersion());
        if (resources == null) {
            return true;
        }
        return resources.getResources().stream()
                .filter(r -> r.getKind().equals(item.getKind()))
                .findFirst()
                .map(r -> !Boolean.FALSE.equals(r.getNamespaced()))
                .orElse(true);
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

    /** A field of the object's current status, as text (a list or map as JSON). */
    Optional<String> statusField(HasMetadata object, String field) {
        return status(object).map(status -> status.get(field)).map(this::text);
    }

    /** A field of the object's spec as given (not read back), as text. */
    Optional<String> specField(HasMetadata object, String field) {
        Map<String, Object> spec = generic(object).get("spec");
        return Optional.ofNullable(spec).map(s -> s.get(field)).map(this::text);
    }

    private String text(Object value) {
        return value instanceof String string
                ? string
                : client.getKubernetesSerialization().asJson(value);
    }

    private Optional<Map<String, Object>> status(HasMetadata object) {
        HasMetadata current = client.resource(object).get();
        if (current == null) {
            return Optional.empty();
        }
        Map<String, Object> status = generic(current).get("status");
        return Optional.ofNullable(status);
    }

    private GenericKubernetesResource generic(HasMetadata object) {
        return client.getKubernetesSerialization()
                .convertValue(object, GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(Map<String, Object> status) {
        Object conditions = status.get("conditions");
        return conditions instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** The YAML files given, and those directly in the directories given, in order. */
    static List<Path> yamlFiles(List<Path> filesAndDirectories) {
        List<Path> files = new ArrayList<>();
        for (Path path : filesAndDirectories) {
            if (Files.isRegularFile(path)) {
                files.add(path);
            } else if (Files.isDirectory(path)) {
                try (Stream<Path> listed = Files.list(path)) {
                    listed.filter(ExampleObjects::isYaml).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                throw new IllegalArgumentException("no such file or directory: " + path);
            }
        }
        return files;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }
}
