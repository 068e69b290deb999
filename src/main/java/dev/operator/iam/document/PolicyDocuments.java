package dev.operator.iam.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares IAM policy documents by meaning rather than by text, so that the operator only updates a
 * policy in AWS when the user actually changed it. IAM stores a document as submitted and returns
 * it with its own formatting, so a textual comparison would report drift on every reconciliation.
 *
 * <p>The normal form, and therefore equivalence, disregards what IAM disregards:
 *
 * <ul>
 *   <li>whitespace and the order of keys;
 *   <li>the order of statements, and repeated identical statements ({@code Statement} is a set); a
 *       single statement object is the same as a one-element array;
 *   <li>within {@code Action}, {@code NotAction}, {@code Resource}, {@code NotResource}, each
 *       principal type of {@code Principal}/{@code NotPrincipal}, and each condition key: the order
 *       of values, repeated values, and a single string versus a one-element array;
 *   <li>the case of {@code Action}/{@code NotAction} values and of condition key names, which IAM
 *       matches case-insensitively ({@code s3:GetObject} is {@code s3:getobject});
 *   <li>numbers and booleans versus strings in condition values, which IAM compares as strings
 *       ({@code false} is {@code "false"});
 *   <li>a missing {@code Version} versus {@code "2008-10-17"}, which IAM assumes when there is
 *       none;
 *   <li>a principal given as an account ID versus that account's root ARN ({@code 123456789012} is
 *       {@code arn:aws:iam::123456789012:root}); IAM stores trust policies with the ARN whichever
 *       was submitted.
 * </ul>
 *
 * Everything else is significant, in particular {@code Sid}, {@code Effect}, resources (ARNs are
 * case-sensitive), condition operators (their names are case-sensitive) and values, service
 * principals, and {@code "Principal": "*"} versus {@code {"AWS": "*"}}. Treating a difference as
 * significant at worst causes one redundant update; treating it as insignificant could leave a
 * policy unapplied. If one condition operator has two keys differing only in case, the normal form
 * keeps only the last.
 */
public final class PolicyDocuments {

    /** The policy language version IAM assumes for a document without {@code Version}. */
    static final String IMPLICIT_VERSION = "2008-10-17";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern ACCOUNT_ROOT_ARN =
            Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):root");

    private PolicyDocuments() {}

    /**
     * Tells whether two policy documents mean the same to IAM, as described in the class
     * documentation.
     *
     * @param first a policy document as JSON text (decode documents from AWS with {@link
     *     AwsDocuments#decodeFromAws(String)} first)
     * @param second another policy document as JSON text
     * @return whether their normal forms are equal
     * @throws InvalidDocumentException if either is not a JSON object
     */
    public static boolean equivalent(String first, String second) {
        return normalise(parse(first, "first policy document"))
                .equals(normalise(parse(second, "second policy document")));
    }

    /**
     * Returns the normal form of a policy document as compact JSON text, suitable for logging,
     * hashing and storing in status.
     *
     * @param document a policy document as JSON text
     * @return the normal form, equal for exactly the documents that are {@link #equivalent}
     * @throws InvalidDocumentException if the text is not a JSON object
     */
    public static String canonical(String document) {
        return normalise(parse(document, "policy document")).toString();
    }

    /**
     * Returns the normal form of a policy document: keys sorted, an explicit {@code Version}, and
     * every set-valued element (see the class documentation) as a sorted array without duplicates.
     * The input is not modified. Documents that break the IAM grammar are normalised as far as they
     * can be.
     *
     * @param document a parsed policy document
     * @return a new tree
     * @throws InvalidDocumentException if the document is not a JSON object
     */
    public static JsonNode normalise(JsonNode document) {
        if (!document.isObject()) {
            throw new InvalidDocumentException(
                    "policy document must be a JSON object, found "
                            + PolicyJson.describeValue(document));
        }
        Map<String, JsonNode> fields = new TreeMap<>();
        fields.put("Version", TextNode.valueOf(IMPLICIT_VERSION));
        for (Map.Entry<String, JsonNode> field : document.properties()) {
            JsonNode value = field.getValue();
            fields.put(
                    field.getKey(),
                    field.getKey().equals("Statement")
                            ? asSet(value, PolicyDocuments::normaliseStatement)
                            : sortKeys(value));
        }
        return objectOf(fields);
    }

    /**
     * Describes the first difference between two documents that are not {@link #equivalent}, for
     * logs and events, e.g. {@code Version differs: "2008-10-17" vs "2012-10-17"} or {@code
     * statement only in the first document: {"Action":["s3:getobject"],...}}.
     *
     * @param first a policy document as JSON text
     * @param second another policy document as JSON text
     * @return the difference, or empty exactly when the documents are equivalent
     * @throws InvalidDocumentException if either is not a JSON object
     */
    public static Optional<String> firstDifference(String first, String second) {
        JsonNode left = normalise(parse(first, "first policy document"));
        JsonNode right = normalise(parse(second, "second policy document"));
        Set<String> names = new TreeSet<>();
        left.fieldNames().forEachRemaining(names::add);
        right.fieldNames().forEachRemaining(names::add);
        return names.stream()
                .map(name -> difference(name, left.get(name), right.get(name)))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<String> difference(String name, JsonNode left, JsonNode right) {
        if (Objects.equals(left, right)) {
            return Optional.empty();
        }
        if (name.equals("Statement") && left != null && right != null) {
            return onlyIn(left, right)
                    .map(statement -> "statement only in the first document: " + statement)
                    .or(
                            () ->
                                    onlyIn(right, left)
                                            .map(
                                                    statement ->
                                                            "statement only in the second document:"
                                                                    + " "
                                                                    + statement));
        }
        return Optional.of(name + " differs: " + show(left) + " vs " + show(right));
    }

    private static Optional<JsonNode> onlyIn(JsonNode statements, JsonNode others) {
        return statements
                .valueStream()
                .filter(statement -> others.valueStream().noneMatch(statement::equals))
                .findFirst();
    }

    private static String show(JsonNode value) {
        return value == null ? "absent" : value.toString();
    }

    private static JsonNode parse(String document, String subject) {
        return PolicyJson.parse(Objects.requireNonNull(document, subject), subject);
    }

    private static JsonNode normaliseStatement(JsonNode statement) {
        return statement.isObject()
                ? normaliseObject(
                        statement, UnaryOperator.identity(), PolicyDocuments::normaliseElement)
                : sortKeys(statement);
    }

    private static JsonNode normaliseElement(String name, JsonNode value) {
        return switch (name) {
            case "Action", "NotAction" ->
                    asSet(value, action -> text(action, PolicyDocuments::lowerCase));
            case "Resource", "NotResource" -> asSet(value, PolicyDocuments::verbatimText);
            case "Principal", "NotPrincipal" -> normalisePrincipal(value);
            case "Condition" -> normaliseCondition(value);
            default -> sortKeys(value);
        };
    }

    private static JsonNode normalisePrincipal(JsonNode principal) {
        if (!principal.isObject()) {
            return sortKeys(principal);
        }
        return normaliseObject(
                principal,
                UnaryOperator.identity(),
                (type, ids) -> asSet(ids, id -> text(id, PolicyDocuments::accountOfRootArn)));
    }

    private static JsonNode normaliseCondition(JsonNode condition) {
        if (!condition.isObject()) {
            return sortKeys(condition);
        }
        return normaliseObject(
                condition,
                UnaryOperator.identity(),
                (operator, keys) ->
                        keys.isObject()
                                ? normaliseObject(
                                        keys,
                                        PolicyDocuments::lowerCase,
                                        (key, values) ->
                                                asSet(values, PolicyDocuments::verbatimText))
                                : sortKeys(keys));
    }

    /** A scalar as a string passed through {@code fold}; anything else with sorted keys. */
    private static JsonNode text(JsonNode value, UnaryOperator<String> fold) {
        boolean scalar = value.isValueNode() && !value.isNull();
        return scalar ? TextNode.valueOf(fold.apply(value.asText())) : sortKeys(value);
    }

    private static JsonNode verbatimText(JsonNode value) {
        return text(value, UnaryOperator.identity());
    }

    /** A value or array of values as a sorted array of distinct normalised elements. */
    private static ArrayNode asSet(JsonNode value, UnaryOperator<JsonNode> normaliseElement) {
        Map<String, JsonNode> distinct = new TreeMap<>();
        for (JsonNode element : value.isArray() ? value : List.of(value)) {
            JsonNode normal = normaliseElement.apply(element);
            distinct.putIfAbsent(normal.toString(), normal);
        }
        ArrayNode set = NODES.arrayNode();
        distinct.values().forEach(set::add);
        return set;
    }

    private static JsonNode sortKeys(JsonNode node) {
        if (node.isObject()) {
            return normaliseObject(node, UnaryOperator.identity(), (key, value) -> sortKeys(value));
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(element -> copy.add(sortKeys(element)));
            return copy;
        }
        return node;
    }

    private static ObjectNode normaliseObject(
            JsonNode object,
            UnaryOperator<String> normaliseKey,
            BiFunction<String, JsonNode, JsonNode> normaliseValue) {
        Map<String, JsonNode> fields = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = normaliseValue.apply(field.getKey(), field.getValue());
            fields.put(normaliseKey.apply(field.getKey()), value);
        }
        return objectOf(fields);
    }

    private static ObjectNode objectOf(Map<String, JsonNode> sortedFields) {
        ObjectNode object = NODES.objectNode();
        sortedFields.forEach(object::set);
        return object;
    }

    private static String lowerCase(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private static String accountOfRootArn(String principal) {
        Matcher matcher = ACCOUNT_ROOT_ARN.matcher(principal);
        return matcher.matches() ? matcher.group(1) : principal;
    }
}
