package dev.operator.iam.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.process.BuildOutput;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart against what the build generates from the Java types (target/kubernetes/, written by
 * {@code package}, hence an IT): the CRDs in {@code crds/} are the generated ones, byte for byte,
 * and the chart manages exactly the kinds the build generated RBAC for, never granting a verb on
 * them that quarkus-operator-sdk's generated ClusterRole does not grant.
 *
 * <p>Where the chart deliberately differs from target/kubernetes/kubernetes.yml: no {@code create}
 * or {@code delete} on the kinds (the operator never creates or deletes its own objects; it only
 * removes its finalizer, a patch); a Role per namespace instead of the ClusterRole when
 * watchNamespaces is set; the CRD read limited to the operator's own CRDs by name; a Lease Role for
 * leader election (the generated manifests run one replica without it); no binding to the cluster's
 * {@code view} ClusterRole (the generated manifests add one by default; the operator reads nothing
 * it grants).
 */
class ChartCrdsIT {

    private static final Path CHART_CRDS = HelmChart.DIR.resolve("crds");
    private static final String GROUP = "iam.operator.dev";

    @Test
    void theChartCarriesExactlyTheGeneratedCrds() throws IOException {
        List<Path> generated = BuildOutput.crdFiles();
        Set<String> inChart = new TreeSet<>();
        try (Stream<Path> files = Files.list(CHART_CRDS)) {
            files.forEach(f -> inChart.add(f.getFileName().toString()));
        }

        assertThat(inChart)
                .as(
                        "helm/iam-operator/crds/ holds the files of target/kubernetes/*.%s-v1.yml",
                        GROUP)
                .isEqualTo(
                        new TreeSet<>(
                                generated.stream().map(p -> p.getFileName().toString()).toList()));
        for (Path file : generated) {
            assertThat(Files.readString(CHART_CRDS.resolve(file.getFileName())))
                    .as(
                            "helm/iam-operator/crds/%s differs from the generated one: cp %s %s",
                            file.getFileName(),
                            BuildOutput.projectDir().relativize(file),
                            "helm/iam-operator/crds/")
                    .isEqualTo(Files.readString(file));
        }
    }

    @Test
    void theChartGrantsOnlyVerbsTheGeneratedRbacGrantsForExactlyTheGeneratedKinds()
            throws IOException {
        Map<String, Set<String>> generated =
                verbsOnOurGroup(
                        generatedManifests().stream()
                                .filter(ClusterRole.class::isInstance)
                                .map(ClusterRole.class::cast)
                                .flatMap(r -> r.getRules().stream())
                                .toList());
        HelmChart.Rendered rendered = HelmChart.template();
        Map<String, Set<String>> chart =
                verbsOnOurGroup(
                        Stream.of("iam-operator", "iam-operator-tenancy")
                                .flatMap(
                                        name ->
                                                rendered
                                                        .named(ClusterRole.class, name)
                                                        .orElseThrow()
                                                        .getRules()
                                                        .stream())
                                .toList());
        // TenantPolicies carry no finalizer: the operator never adds one, so it needs no verb on
        // it.
        generated.remove("tenantpolicies/finalizers");

        assertThat(chart.keySet())
                .as(
                        "resources of %s: add a new kind to iam-operator.kinds in"
                                + " templates/_helpers.tpl",
                        GROUP)
                .isEqualTo(generated.keySet());
        chart.forEach(
                (resource, verbs) ->
                        assertThat(generated.get(resource)).as(resource).containsAll(verbs));
    }

    @Test
    void theChartConfiguresTheNamespacesOfEveryGeneratedController() throws IOException {
        Deployment generated =
                generatedManifests().stream()
                        .filter(Deployment.class::isInstance)
                        .map(Deployment.class::cast)
                        .findFirst()
                        .orElseThrow();

        assertThat(controllerNamespaceVariables(HelmChart.template().one(Deployment.class)))
                .isEqualTo(controllerNamespaceVariables(generated));
    }

    private static List<HasMetadata> generatedManifests() throws IOException {
        String text = Files.readString(BuildOutput.target().resolve("kubernetes/kubernetes.yml"));
        KubernetesSerialization serialization = new KubernetesSerialization();
        return Stream.of(text.split("(?m)^---\\s*$"))
                .filter(d -> !d.isBlank())
                .map(d -> serialization.unmarshal(d, HasMetadata.class))
                .toList();
    }

    private static Map<String, Set<String>> verbsOnOurGroup(List<PolicyRule> rules) {
        Map<String, Set<String>> verbs = new TreeMap<>();
        for (PolicyRule rule : rules) {
            if (rule.getApiGroups().contains(GROUP)) {
                for (String resource : rule.getResources()) {
                    verbs.computeIfAbsent(resource, r -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }
        return verbs;
    }

    private static Set<String> controllerNamespaceVariables(Deployment deployment) {
        Set<String> names = new TreeSet<>();
        for (EnvVar v :
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (v.getName().startsWith("QUARKUS_OPERATOR_SDK_CONTROLLERS_")
                    && v.getName().endsWith("_NAMESPACES")) {
                names.add(v.getName());
            }
        }
        return names;
    }
}
