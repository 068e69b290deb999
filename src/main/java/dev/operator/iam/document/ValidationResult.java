package dev.operator.iam.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The outcome of {@link PolicyDocumentValidator#validate}: either a valid document with its parsed
 * tree, or the problems found, each a single line naming the offending field, e.g. {@code
 * policyDocument.Statement[1] must have "Effect": "Allow" or "Deny", found "allow"}.
 *
 * @param document the parsed document; {@code null} exactly when there are problems, use {@link
 *     #document()} only when {@link #isValid()}
 * @param problems what the user has to fix; empty exactly when the document is valid
 */
public record ValidationResult(JsonNode document, List<String> problems) {

    /**
     * @throws IllegalArgumentException unless exactly one of a document and problems is given
     */
    public ValidationResult {
        problems = List.copyOf(problems);
        if ((document == null) == problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "need either a document or problems, not both or neither");
        }
    }

    static ValidationResult valid(JsonNode document) {
        return new ValidationResult(document, List.of());
    }

    static ValidationResult invalid(List<String> problems) {
        return new ValidationResult(null, problems);
    }

    /**
     * @return whether the document passed every check
     */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /**
     * @return the parsed document
     * @throws IllegalStateException if the document is not valid
     */
    @Override
    public JsonNode document() {
        if (document == null) {
            throw new IllegalStateException("document is not valid: " + summary());
        }
        return document;
    }

    /**
     * @return the problems on one line, separated by {@code "; "}, for a Kubernetes condition
     *     message; empty if the document is valid
     */
    public String summary() {
        return String.join("; ", problems);
    }
}
