package dev.operator.iam.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One statement of a policy document that {@link PolicyDocumentValidator} accepted, with IAM's
 * alternatives spelled out: a single string or a list is always a list here, and {@code "*"} as a
 * principal is the principal type {@code "*"} with the value {@code "*"}.
 *
 * @param index the statement's position in the document, from 0
 * @param sid the statement's {@code Sid}, or null
 * @param allow whether {@code Effect} is {@code Allow}
 * @param actions {@code Action}, or null when the statement has {@code NotAction}
 * @param notActions {@code NotAction}, or null
 * @param resources {@code Resource}, or null when the statement has {@code NotResource} or is a
 *     trust policy's
 * @param notResources {@code NotResource}, or null
 * @param principals {@code Principal} by type ({@code AWS}, {@code Service}, {@code Federated}, …),
 *     or null when the statement has {@code NotPrincipal} or is an identity policy's
 * @param hasNotPrincipal whether the statement has {@code NotPrincipal}
 * @param condition the {@code Condition} block as written, or an empty object
 */
public record Statement(
        int index,
        String sid,
        boolean allow,
        List<String> actions,
        List<String> notActions,
        List<String> resources,
        List<String> notResources,
        Map<String, List<String>> principals,
        boolean hasNotPrincipal,
        JsonNode condition) {

    /** How messages name the statement: its Sid, else its position. */
    public String label() {
        return sid != null && !sid.isEmpty()
                ? "statement \"" + sid + "\""
                : "statement " + index + " (counting from 0)";
    }
}
