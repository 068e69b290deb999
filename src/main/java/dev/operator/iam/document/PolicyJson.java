package dev.operator.iam.document;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JSON parsing shared by this package: strict about trailing content and duplicate keys (a
 * document with two {@code "Effect"} keys is ambiguous), and with single-line error messages.
 */
final class PolicyJson {

    /**
     * Jackson's location of an earlier token, e.g. {@code [Source: REDACTED (...); line: 2, column:
     * 16]}.
     */
    private static final Pattern SOURCE_LOCATION =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private PolicyJson() {}

    /** Parses {@code text} as exactly one JSON value, or returns empty if it is anything else. */
    static Optional<JsonNode> tryParse(String text) {
        try {
            return Optional.of(MAPPER.readTree(text)).filter(node -> !node.isMissingNode());
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses {@code text} as exactly one JSON value.
     *
     * @param subject how the text is named at the start of the exception message
     * @throws InvalidDocumentException if the text is blank or not JSON
     */
    static JsonNode parse(String text, String subject) {
        if (text.isBlank()) {
            throw new InvalidDocumentException(subject + " is empty");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(subject + " is not valid JSON: " + describe(e));
        }
    }

    /**
     * How a value is shown in messages after "found": scalars as JSON (e.g. {@code "allow"}, {@code
     * 42}), containers by their type (e.g. {@code an empty array}).
     */
    static String describeValue(JsonNode node) {
        if (node.isArray()) {
            return node.isEmpty() ? "an empty array" : "an array";
        }
        return node.isObject() ? "an object" : node.toString();
    }

    /** Jackson's message on one line, without source descriptions, with the line and column. */
    private static String describe(JsonProcessingException e) {
        String message =
                SOURCE_LOCATION
                        .matcher(e.getOriginalMessage())
                        .replaceAll("line $1, column $2")
                        .replaceAll("\\s*\\R\\s*", " ")
                        .strip();
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return message;
        }
        return message + " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
