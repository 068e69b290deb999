package dev.operator.iam.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Checks a policy document against IAM's policy grammar without calling AWS, so that a mistake is
 * reported on the custom resource with a message that names the field to fix, instead of as IAM's
 * terse {@code MalformedPolicyDocument} error.
 *
 * <p>The rules are those of the IAM JSON policy grammar: element names are case-sensitive; a
 * document is an object with only {@code Version}, {@code Id} and {@code Statement}; each statement
 * has an {@code Effect} of exactly {@code Allow} or {@code Deny}; actions, resources and principal
 * values are a string or an array of strings; an element and its {@code Not} form are mutually
 * exclusive. The rules that depend on the {@link DocumentKind} are described there. IAM counts a
 * managed policy's size without whitespace and rejects one over 6,144 characters; trust policies
 * have an account quota that can be raised, so their size is left to IAM. Sids are checked as IAM
 * does for identity policies: letters and digits only, unique within the document.
 */
public final class PolicyDocumentValidator {

    /** IAM's limit for a managed policy document, counted without whitespace. */
    static final int MANAGED_POLICY_MAX_CHARS = 6144;

    private static final List<String> DOCUMENT_KEYS = List.of("Version", "Id", "Statement");
    private static final List<String> STATEMENT_KEYS =
            List.of(
                    "Sid",
                    "Effect",
                    "Principal",
                    "NotPrincipal",
                    "Action",
                    "NotAction",
                    "Resource",
                    "NotResource",
                    "Condition");
    private static final List<String> PRINCIPAL_TYPES =
            List.of("AWS", "Service", "Federated", "CanonicalUser");
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> EFFECTS = Set.of("Allow", "Deny");
    private static final Pattern IDENTITY_SID = Pattern.compile("[A-Za-z0-9]*");

    private PolicyDocumentValidator() {}

    /**
     * Validates a document, naming it by {@link DocumentKind#defaultFieldName()} in messages.
     *
     * @see #validate(String, DocumentKind, String)
     */
    public static ValidationResult validate(String document, DocumentKind kind) {
        return validate(document, kind, kind.defaultFieldName());
    }

    /**
     * Validates a document. Every problem found is reported, except that a text that is not a JSON
     * object is reported alone.
     *
     * @param document the JSON text the user wrote
     * @param kind which grammar applies
     * @param fieldName how the document is named at the start of each message, e.g. {@code
     *     spec.policyDocument}
     * @return the parsed document, or the problems, each one line naming the offending field
     */
    public static ValidationResult validate(String document, DocumentKind kind, String fieldName) {
        Objects.requireNonNull(document, "document");
        JsonNode root;
        try {
            root = PolicyJson.parse(document, fieldName);
        } catch (InvalidDocumentException e) {
            return ValidationResult.invalid(List.of(e.getMessage()));
        }
        List<String> problems = new Checker(kind).check(fieldName, root, document);
        return problems.isEmpty()
                ? ValidationResult.valid(root)
                : ValidationResult.invalid(problems);
    }

    /** Walks one document, collecting problems. */
    private static final class Checker {

        private final DocumentKind kind;
        private final List<String> problems = new ArrayList<>();
        private final Map<String, String> sidPaths = new HashMap<>();

        Checker(DocumentKind kind) {
            this.kind = kind;
        }

        List<String> check(String path, JsonNode root, String text) {
            if (!root.isObject()) {
                problem("%s must be a JSON object, found %s", path, found(root));
                return problems;
            }
            checkSize(path, text);
            checkKeys(path, root, DOCUMENT_KEYS);
            JsonNode version = root.get("Version");
            if (version != null
                    && !(version.isTextual() && VERSIONS.contains(version.textValue()))) {
                problem(
                        "%s.Version must be \"2012-10-17\" or \"2008-10-17\", found %s",
                        path, found(version));
            }
            checkString(path + ".Id", root.get("Id"));
            checkStatements(path, root.get("Statement"));
            return problems;
        }

        private void checkSize(String path, String text) {
            if (kind != DocumentKind.IDENTITY_POLICY) {
                return;
            }
            long length = text.codePoints().filter(c -> !Character.isWhitespace(c)).count();
            if (length > MANAGED_POLICY_MAX_CHARS) {
                problem(
                        "%s is %d characters long excluding whitespace; IAM allows at most %d for a"
                                + " managed policy",
                        path, length, MANAGED_POLICY_MAX_CHARS);
            }
        }

        private void checkStatements(String path, JsonNode statements) {
            String statementPath = path + ".Statement";
            if (statements == null) {
                problem("%s must have a \"Statement\"", path);
            } else if (statements.isObject()) {
                checkStatement(statementPath, statements);
            } else if (!statements.isArray() || statements.isEmpty()) {
                problem(
                        "%s must be an object or a non-empty array of objects, found %s",
                        statementPath, found(statements));
            } else {
                for (int i = 0; i < statements.size(); i++) {
                    String elementPath = statementPath + "[" + i + "]";
                    if (statements.get(i).isObject()) {
                        checkStatement(elementPath, statements.get(i));
                    } else {
                        problem(
                                "%s must be an object, found %s",
                                elementPath, found(statements.get(i)));
                    }
                }
            }
        }

        private void checkStatement(String path, JsonNode statement) {
            checkKeys(path, statement, STATEMENT_KEYS);
            checkSid(path + ".Sid", statement.get("Sid"));
            JsonNode effect = statement.get("Effect");
            if (effect == null) {
                problem("%s must have \"Effect\": \"Allow\" or \"Deny\"", path);
            } else if (!effect.isTextual() || !EFFECTS.contains(effect.textValue())) {
                problem(
                        "%s must have \"Effect\": \"Allow\" or \"Deny\", found %s",
                        path, found(effect));
            }
            checkExclusive(path, statement, "Action", this::checkStringList);
            requireOneOf(path, statement, "Action");
            if (kind == DocumentKind.IDENTITY_POLICY) {
                checkExclusive(path, statement, "Resource", this::checkStringList);
                requireOneOf(path, statement, "Resource");
                String reason = "an identity policy applies to whoever it is attached to";
                forbid(path, statement, "Principal", reason);
                forbid(path, statement, "NotPrincipal", reason);
            } else {
                checkExclusive(path, statement, "Principal", this::checkPrincipal);
                requireOneOf(path, statement, "Principal");
                String reason = "the resource of a trust policy is the role itself";
                forbid(path, statement, "Resource", reason);
                forbid(path, statement, "NotResource", reason);
            }
            checkCondition(path + ".Condition", statement.get("Condition"));
        }

        private void checkSid(String path, JsonNode sid) {
            if (!checkString(path, sid) || kind != DocumentKind.IDENTITY_POLICY) {
                return;
            }
            if (!IDENTITY_SID.matcher(sid.textValue()).matches()) {
                problem("%s must contain only letters and digits, found %s", path, found(sid));
            }
            String firstPath = sidPaths.putIfAbsent(sid.textValue(), path);
            if (firstPath != null) {
                problem(
                        "%s %s is already used by %s; Sids must be unique",
                        path, found(sid), firstPath);
            }
        }

        /** Checks that an optional element is a string; returns whether it is present and valid. */
        private boolean checkString(String path, JsonNode node) {
            if (node != null && !node.isTextual()) {
                problem("%s must be a string, found %s", path, found(node));
            }
            return node != null && node.isTextual();
        }

        private void checkExclusive(
                String path,
                JsonNode statement,
                String name,
                BiConsumer<String, JsonNode> checkValue) {
            String notName = "Not" + name;
            if (statement.has(name) && statement.has(notName)) {
                problem("%s must not have both \"%s\" and \"%s\"", path, name, notName);
            }
            for (String key : List.of(name, notName)) {
                if (statement.has(key)) {
                    checkValue.accept(path + "." + key, statement.get(key));
                }
            }
        }

        private void requireOneOf(String path, JsonNode statement, String name) {
            if (!statement.has(name) && !statement.has("Not" + name)) {
                problem("%s must have \"%s\" or \"Not%s\"", path, name, name);
            }
        }

        private void forbid(String path, JsonNode statement, String name, String reason) {
            if (statement.has(name)) {
                problem("%s must not have \"%s\" (%s)", path, name, reason);
            }
        }

        private void checkStringList(String path, JsonNode value) {
            if (value.isTextual()) {
                return;
            }
            if (!value.isArray()) {
                problem("%s must be a string or an array of strings, found %s", path, found(value));
            } else if (value.isEmpty()) {
                problem("%s must not be an empty array", path);
            }
            for (int i = 0; value.isArray() && i < value.size(); i++) {
                checkString(path + "[" + i + "]", value.get(i));
            }
        }

        private void checkPrincipal(String path, JsonNode principal) {
            boolean anyone = principal.isTextual() && principal.textValue().equals("*");
            if (!anyone && !(principal.isObject() && !principal.isEmpty())) {
                problem(
                        "%s must be \"*\" or an object such as "
                                + "{\"AWS\": \"arn:aws:iam::123456789012:root\"}, found %s",
                        path, found(principal));
                return;
            }
            for (Map.Entry<String, JsonNode> entry : principal.properties()) {
                if (!PRINCIPAL_TYPES.contains(entry.getKey())) {
                    problem(
                            "%s has unknown principal type \"%s\"%s; allowed types are %s",
                            path,
                            entry.getKey(),
                            caseHint(entry.getKey(), PRINCIPAL_TYPES),
                            String.join(", ", PRINCIPAL_TYPES));
                }
                checkStringList(path + "." + entry.getKey(), entry.getValue());
            }
        }

        private void checkCondition(String path, JsonNode condition) {
            if (condition == null) {
                return;
            }
            if (!condition.isObject()) {
                problem(
                        "%s must be an object such as {\"StringEquals\": {\"aws:SourceAccount\": "
                                + "\"123456789012\"}}, found %s",
                        path, found(condition));
                return;
            }
            for (Map.Entry<String, JsonNode> operator : condition.properties()) {
                String operatorPath = path + "." + operator.getKey();
                if (!operator.getValue().isObject()) {
                    problem(
                            "%s must be an object of condition keys to values, found %s",
                            operatorPath, found(operator.getValue()));
                    continue;
                }
                for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
                    checkConditionValues(operatorPath + "." + key.getKey(), key.getValue());
                }
            }
        }

        private void checkConditionValues(String path, JsonNode values) {
            boolean scalar = values.isValueNode() && !values.isNull();
            boolean scalarArray =
                    values.isArray()
                            && !values.isEmpty()
                            && values.valueStream()
                                    .allMatch(value -> value.isValueNode() && !value.isNull());
            if (!scalar && !scalarArray) {
                problem(
                        "%s must be a string, number, boolean or a non-empty array of them, found"
                                + " %s",
                        path, found(values));
            }
        }

        private void checkKeys(String path, JsonNode node, List<String> allowed) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                if (!allowed.contains(key)) {
                    problem(
                            "%s has unknown key \"%s\"%s; allowed keys are %s",
                            path, key, caseHint(key, allowed), String.join(", ", allowed));
                }
            }
        }

        private static String caseHint(String key, List<String> allowed) {
            return allowed.stream()
                    .filter(key::equalsIgnoreCase)
                    .map(match -> " (did you mean \"" + match + "\"? keys are case-sensitive)")
                    .findFirst()
                    .orElse("");
        }

        private static String found(JsonNode node) {
            return PolicyJson.describeValue(node);
        }

        private void problem(String format, Object... arguments) {
            problems.add(String.format(format, arguments));
        }
    }
}
