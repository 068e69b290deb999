package dev.operator.iam.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/** IAM's input constraints for managed policies, with the error codes and messages IAM uses. */
final class PolicyRules {

    static final int MAX_VERSIONS = 5;
    static final int MAX_TAGS = 50;

    private static final int MAX_DOCUMENT_LENGTH = 131_072;

    /** Managed policy size quota; IAM counts characters other than whitespace. */
    private static final int MAX_DOCUMENT_SIZE = 6_144;

    private static final int MAX_DESCRIPTION_LENGTH = 1_000;
    private static final int MAX_PATH_LENGTH = 512;
    private static final int MAX_TAG_KEY_LENGTH = 128;
    private static final int MAX_TAG_VALUE_LENGTH = 256;

    private static final String NAME_PATTERN = "[\\w+=,.@-]+";
    private static final String PATH_PATTERN = "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)";
    private static final String DOCUMENT_PATTERN = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
    private static final String VERSION_ID_PATTERN = "v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?";
    private static final String TAG_PATTERN = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final Pattern PATH = Pattern.compile(PATH_PATTERN);
    private static final Pattern DOCUMENT = Pattern.compile(DOCUMENT_PATTERN);
    private static final Pattern VERSION_ID = Pattern.compile(VERSION_ID_PATTERN);
    private static final Pattern TAG = Pattern.compile(TAG_PATTERN);

    /**
     * Customer managed ({@code arn:aws:iam::123456789012:policy/...}) or AWS managed policy ARNs.
     */
    private static final Pattern POLICY_ARN =
            Pattern.compile("arn:aws:iam::(\\d{12}|aws):policy/.*");

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PolicyRules() {}

    static void checkName(String name) {
        if (name.isEmpty() || name.length() > 128) {
            throw ServiceError.validation(
                    "policyName", name, "Member must have length between 1 and 128");
        }
        if (!NAME.matcher(name).matches()) {
            throw ServiceError.validation(
                    "policyName",
                    name,
                    "Member must satisfy regular expression pattern: " + NAME_PATTERN);
        }
    }

    static void checkPath(String path) {
        if (path.isEmpty() || path.length() > MAX_PATH_LENGTH) {
            throw ServiceError.validation(
                    "path", path, "Member must have length between 1 and " + MAX_PATH_LENGTH);
        }
        if (!PATH.matcher(path).matches()) {
            throw ServiceError.validation(
                    "path",
                    path,
                    "Member must satisfy regular expression pattern: " + PATH_PATTERN);
        }
    }

    static void checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw ServiceError.validation(
                    "description",
                    description,
                    "Member must have length less than or equal to " + MAX_DESCRIPTION_LENGTH);
        }
    }

    /**
     * Shape and size first (ValidationError, LimitExceeded), then the grammar
     * (MalformedPolicyDocument).
     */
    static void checkDocument(String document) {
        checkDocument(document, MAX_DOCUMENT_SIZE, "PolicySize");
    }

    /**
     * Like {@link #checkDocument(String)}, with another size quota: inline policies and trust
     * policies have their own.
     */
    static void checkDocument(String document, int maxSize, String quotaName) {
        if (document.isEmpty() || document.length() > MAX_DOCUMENT_LENGTH) {
            throw ServiceError.validation(
                    "policyDocument",
                    document,
                    "Member must have length between 1 and " + MAX_DOCUMENT_LENGTH);
        }
        if (!DOCUMENT.matcher(document).matches()) {
            throw ServiceError.validation(
                    "policyDocument",
                    document,
                    "Member must satisfy regular expression pattern: " + DOCUMENT_PATTERN);
        }
        if (document.chars().filter(c -> !Character.isWhitespace(c)).count() > maxSize) {
            throw ServiceError.limitExceeded(
                    "Cannot exceed quota for " + quotaName + ": " + maxSize);
        }
        parse(document);
    }

    /**
     * The document's JSON object with a Statement.
     *
     * @throws ServiceError {@code MalformedPolicyDocument} otherwise
     */
    static JsonNode parse(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw ServiceError.malformedPolicyDocument("Syntax errors in policy.");
        }
        if (root == null || !root.isObject()) {
            throw ServiceError.malformedPolicyDocument("Syntax errors in policy.");
        }
        JsonNode statement = root.get("Statement");
        if (statement == null || !(statement.isArray() || statement.isObject())) {
            throw ServiceError.malformedPolicyDocument("Missing required field Statement");
        }
        return root;
    }

    static void checkVersionId(String versionId) {
        if (!VERSION_ID.matcher(versionId).matches()) {
            throw ServiceError.validation(
                    "versionId",
                    versionId,
                    "Member must satisfy regular expression pattern: " + VERSION_ID_PATTERN);
        }
    }

    /**
     * @throws ServiceError {@code InvalidInput} for a string that is not a policy ARN at all
     */
    static void checkPolicyArn(String arn) {
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw ServiceError.invalidInput("ARN " + arn + " is not valid.");
        }
    }

    static void checkTags(Map<String, String> tags) {
        checkTagCount(tags.size());
        tags.forEach(
                (key, value) -> {
                    checkTagKey(key);
                    if (value.length() > MAX_TAG_VALUE_LENGTH || !TAG.matcher(value).matches()) {
                        throw ServiceError.validation(
                                "tags.member.value",
                                value,
                                "Member must have length less than"
                                        + " or equal to "
                                        + MAX_TAG_VALUE_LENGTH
                                        + " and satisfy pattern: "
                                        + TAG_PATTERN);
                    }
                });
    }

    static void checkTagKeys(Collection<String> keys) {
        checkTagCount(keys.size());
        keys.forEach(PolicyRules::checkTagKey);
    }

    /** The quota on tags a policy may carry in total. */
    static void checkTagCount(int count) {
        if (count > MAX_TAGS) {
            throw ServiceError.limitExceeded("Cannot exceed quota for TagsPerPolicy: " + MAX_TAGS);
        }
    }

    private static void checkTagKey(String key) {
        if (key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH || !TAG.matcher(key).matches()) {
            throw ServiceError.validation(
                    "tags.member.key",
                    key,
                    "Member must have length between 1 and "
                            + MAX_TAG_KEY_LENGTH
                            + " and satisfy pattern: "
                            + TAG_PATTERN);
        }
    }
}
