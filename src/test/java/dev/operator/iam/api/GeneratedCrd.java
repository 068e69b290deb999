package dev.operator.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * A CRD as the build generates it into {@code target/kubernetes/} (what the chart copies and {@code
 * kubectl explain} reads), for the CRD checks of every kind.
 *
 * @param crd the whole CustomResourceDefinition
 * @param version its one version
 * @param spec the OpenAPI schema of {@code spec}
 */
public record GeneratedCrd(JsonNode crd, JsonNode version, JsonNode spec) {

    /** Reads {@code target/kubernetes/<plural>.iam.operator.dev-v1.yml}. */
    public static GeneratedCrd read(String plural) throws IOException {
        Path file = Path.of("target/kubernetes/" + plural + ".iam.operator.dev-v1.yml");
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        JsonNode version = crd.at("/spec/versions/0");
        return new GeneratedCrd(
                crd, version, version.at("/schema/openAPIV3Schema/properties/spec"));
    }

    /**
     * Adds to {@code out} the path of every property under {@code schema} (and under its array
     * items) that has no description, which {@code kubectl explain} would show empty.
     */
    public static void collectUndescribed(String path, JsonNode schema, List<String> out) {
        JsonNode properties =
                schema.has("items")
                        ? schema.get("items").get("properties")
                        : schema.get("properties");
        if (properties == null) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String p = path + "." + f.getKey();
            if (!f.getValue().hasNonNull("description")) {
                out.add(p);
            }
            collectUndescribed(p, f.getValue(), out);
        }
    }

    /** The JSON path of the Ready condition's message, the {@code -o wide} column. */
    public static final String READY_MESSAGE = ".status.conditions[?(@.type==\"Ready\")].message";

    /** The printer columns as {@code name:priority}, in the CRD's order (kubectl's order). */
    public List<String> columns() {
        List<String> columns = new ArrayList<>();
        version.get("additionalPrinterColumns")
                .forEach(
                        c ->
                                columns.add(
                                        c.get("name").asText()
                                                + ":"
                                                + c.path("priority").asInt(0)));
        return columns;
    }

    /**
     * What {@code kubectl} shows of a kind that stands for an IAM resource: {@code kubectl get}
     * columns AWS-Name, Ready, Reason, ARN, Age in that order (fabric8's generator alone sorts them
     * by JSON path), the Ready message added by {@code -o wide}, listed by {@code kubectl get iam},
     * and {@code kubectl explain <kind>.spec} / {@code .status} described at the top.
     */
    public void assertKubectlView() {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(columns())
                .as("printer columns (name:priority) of %s", kind())
                .containsExactly(
                        "AWS-Name:0", "Ready:0", "Reason:0", "ARN:0", "Age:0", "Message:1");
        soft.assertThat(version.at("/additionalPrinterColumns/5/jsonPath").asText())
                .as("the Message column of %s", kind())
                .isEqualTo(READY_MESSAGE);
        assertCategoryAndTopDescriptions(soft);
        soft.assertAll();
    }

    /** {@code kubectl get iam} lists the kind; {@code spec} and {@code status} are described. */
    public void assertCategoryAndTopDescriptions(SoftAssertions soft) {
        List<String> categories = new ArrayList<>();
        crd.at("/spec/names/categories").forEach(c -> categories.add(c.asText()));
        soft.assertThat(categories).as("categories of %s", kind()).containsExactly("iam");
        for (String top : new String[] {"spec", "status"}) {
            soft.assertThat(
                            version.at("/schema/openAPIV3Schema/properties/" + top + "/description")
                                    .asText())
                    .as("description of %s.%s (kubectl explain)", kind(), top)
                    .isNotBlank();
        }
    }

    public String kind() {
        return crd.at("/spec/names/kind").asText();
    }
}
