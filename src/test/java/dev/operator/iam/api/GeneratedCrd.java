package dev.operator.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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
}
