package dev.operator.iam.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.operator.iam.process.BuildOutput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chart in {@code helm/iam-operator}, linted and rendered by Helm's own library (helm-java: the
 * Go code of Helm, loaded in-process; no helm binary), as {@code helm lint} and {@code helm
 * template} would.
 */
final class HelmChart {

    static final Path DIR = BuildOutput.projectDir().resolve("helm/iam-operator");
    static final String RELEASE = "iam-operator";
    static final String NAMESPACE = "iam-system";

    /**
     * Helm's client-only default is Kubernetes 1.20, below the chart's kubeVersion; a real install
     * uses the cluster's.
     */
    static final String KUBE_VERSION = "1.30.0";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private HelmChart() {}

    static LintResult lint() {
        return new Helm(DIR).lint().strict().call();
    }

    /** {@code helm template} with the chart's default values. */
    static Rendered template() {
        return template(null);
    }

    /**
     * {@code helm template -f <values>}: {@code valuesYaml} is merged over values.yaml, as a user's
     * values file is.
     */
    static Rendered template(String valuesYaml) {
        return new Rendered(render(valuesYaml));
    }

    /** The rendered text, or Helm's error (schema violations, {@code fail}) as an exception. */
    static String render(String valuesYaml) {
        TemplateCommand command =
                new Helm(DIR)
                        .template()
                        .withName(RELEASE)
                        .withNamespace(NAMESPACE)
                        .withKubeVersion(KUBE_VERSION);
        if (valuesYaml == null) {
            return command.call();
        }
        Path file = null;
        try {
            file = Files.createTempFile("iam-operator-values-", ".yaml");
            Files.writeString(file, valuesYaml);
            return command.withValuesFile(file).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file; nothing depends on it
                }
            }
        }
    }

    /** The objects of one rendering, parsed by fabric8 as a client would read them. */
    static final class Rendered {

        private final String text;
        private final List<HasMetadata> objects = new ArrayList<>();

        Rendered(String text) {
            this.text = text;
            for (String document : DOCUMENT_SEPARATOR.split(text)) {
                if (document.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                    continue;
                }
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }

        String text() {
            return text;
        }

        List<HasMetadata> objects() {
            return List.copyOf(objects);
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        /** Objects of a kind that fabric8 has no class for (ServiceMonitor, PrometheusRule). */
        List<HasMetadata> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            if (found.size() != 1) {
                throw new AssertionError(
                        "expected one " + type.getSimpleName() + ", found " + found.size());
            }
            return found.get(0);
        }

        <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
            return all(type).stream()
                    .filter(o -> name.equals(o.getMetadata().getName()))
                    .findFirst();
        }
    }
}
