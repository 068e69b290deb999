package dev.operator.iam.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the statements of a policy document into {@link Statement}s. */
public final class PolicyStatements {

    private PolicyStatements() {}

    /**
     * The statements of a document that {@link PolicyDocumentValidator} accepts.
     *
     * @throws InvalidDocumentException if the text is not JSON
     */
    public static List<Statement> of(String document) {
        JsonNode root = PolicyJson.parse(document, "the policy document");
        JsonNode statements = root.path("Statement");
        List<JsonNode> each = new ArrayList<>();
        if (statements.isObject()) {
            each.add(statements);
        } else if (statements.isArray()) {
            statements.forEach(each::add);
        }
        List<Statement> result = new ArrayList<>();
        for (int i = 0; i < each.size(); i++) {
            JsonNode s = each.get(i);
            result.add(
                    new Statement(
                            i,
                            s.path("Sid").isTextual() ? s.get("Sid").textValue() : null,
                            "Allow".equals(s.path("Effect").textValue()),
                            strings(s.get("Action")),
                            strings(s.get("NotAction")),
                            strings(s.get("Resource")),
                            strings(s.get("NotResource")),
                            principals(s.get("Principal")),
                            s.has("NotPrincipal"),
                            s.has("Condition")
                                    ? s.get("Condition")
                                    : JsonNodeFactory.instance.objectNode()));
        }
        return result;
    }

    /** A string or a list of strings as a list; null when absent. */
    static List<String> strings(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    private static Map<String, List<String>> principals(JsonNode node) {
        if (node == null) {
            return null;
        }
        Map<String, List<String>> principals = new LinkedHashMap<>();
        if (node.isTextual()) {
            principals.put(node.textValue(), List.of(node.textValue()));
        } else {
            node.fields().forEachRemaining(e -> principals.put(e.getKey(), strings(e.getValue())));
        }
        return principals;
    }
}
