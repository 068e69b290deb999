package dev.operator.iam.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * IAM's input constraints for roles, users, groups, instance profiles and OpenID Connect providers,
 * with the error codes and messages IAM uses. Documents, paths and tag syntax follow {@link
 * PolicyRules}.
 */
final class PrincipalRules {

    /** Role, user and group names: at most 64 characters (groups and instance profiles: 128). */
    static final int MAX_ROLE_OR_USER_NAME_LENGTH = 64;

    static final int MAX_GROUP_OR_PROFILE_NAME_LENGTH = 128;

    /** IAM's default quota of managed policies attached to one role, user or group. */
    static final int DEFAULT_MANAGED_POLICY_QUOTA = 10;

    static final int MIN_SESSION_DURATION = 3_600;
    static final int MAX_SESSION_DURATION = 43_200;

    /** The trust policy quota ("role trust policy length"), counted without whitespace. */
    static final int MAX_TRUST_POLICY_SIZE = 2_048;

    /** The aggregate inline policy quotas; here applied to each inline document. */
    static final int MAX_ROLE_INLINE_POLICY_SIZE = 10_240;

    static final int MAX_USER_INLINE_POLICY_SIZE = 2_048;
    static final int MAX_GROUP_INLINE_POLICY_SIZE = 5_120;

    static final int MAX_THUMBPRINTS = 5;
    static final int MAX_CLIENT_IDS = 100;
    static final int MAX_CLIENT_ID_LENGTH = 255;
    static final int THUMBPRINT_LENGTH = 40;

    private static final int MAX_DESCRIPTION_LENGTH = 1_000;

    private static final String NAME_PATTERN = "[\\w+=,.@-]+";
    private static final String DESCRIPTION_PATTERN =
            "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final Pattern DESCRIPTION = Pattern.compile(DESCRIPTION_PATTERN);

    private PrincipalRules() {}

    /**
     * Names of roles, users, groups, instance profiles and inline policies.
     *
     * @param member the request member as AWS names it in validation messages, e.g. "roleName"
     */
    static void checkName(String member, String name, int maxLength) {
        if (name.isEmpty() || name.length() > maxLength) {
            throw ServiceError.validation(
                    member, name, "Member must have length between 1 and " + maxLength);
        }
        if (!NAME.matcher(name).matches()) {
            throw ServiceError.validation(
                    member,
                    name,
                    "Member must satisfy regular expression pattern: " + NAME_PATTERN);
        }
    }

    static void checkDescription(String description) {
        if (description == null) {
            return;
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw ServiceError.validation(
                    "description",
                    description,
                    "Member must have length less than or equal to " + MAX_DESCRIPTION_LENGTH);
        }
        if (!DESCRIPTION.matcher(description).matches()) {
            throw ServiceError.validation(
                    "description",
                    description,
                    "Member must satisfy regular expression pattern: " + DESCRIPTION_PATTERN);
        }
    }

    /**
     * A role's maximum session duration, in seconds: 3600 to 43200.
     *
     * @throws ServiceError {@code ValidationError} outside that range or for a non-number
     */
    static int maxSessionDuration(String value) {
        int seconds;
        try {
            seconds = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ServiceError.validation("maxSessionDuration", value, "Member must be an integer");
        }
        if (seconds < MIN_SESSION_DURATION) {
            throw ServiceError.validation(
                    "maxSessionDuration",
                    value,
                    "Member must have value greater than or equal to " + MIN_SESSION_DURATION);
        }
        if (seconds > MAX_SESSION_DURATION) {
            throw ServiceError.validation(
                    "maxSessionDuration",
                    value,
                    "Member must have value less than or equal to " + MAX_SESSION_DURATION);
        }
        return seconds;
    }

    /**
     * A role trust policy: a policy document whose every statement names a Principal (or
     * NotPrincipal), within the trust policy size quota.
     */
    static void checkTrustPolicy(String document) {
        PolicyRules.checkDocument(document, MAX_TRUST_POLICY_SIZE, "ACLSizePerRole");
        JsonNode statement = PolicyRules.parse(document).get("Statement");
        Iterable<JsonNode> statements = statement.isArray() ? statement : List.of(statement);
        for (JsonNode each : statements) {
            if (!each.has("Principal") && !each.has("NotPrincipal")) {
                throw ServiceError.malformedPolicyDocument("Missing required field Principal");
            }
        }
    }

    /**
     * Adds tags to an entity's tags. IAM treats the tag keys of users and roles as case-insensitive
     * ({@code ignoreKeyCase}): a request naming a key twice in any letter case is refused, and a
     * key matching an existing one in another case replaces it. Keys of instance profile and OIDC
     * provider tags, like those of managed policies, are case-sensitive.
     *
     * @param quotaName e.g. "TagsPerRole"
     * @return the existing tags with {@code added} merged in, in insertion order
     */
    static Map<String, String> mergeTags(
            Map<String, String> existing,
            Map<String, String> added,
            String quotaName,
            boolean ignoreKeyCase) {
        checkTagCount(added.size(), quotaName);
        PolicyRules.checkTags(added);
        Map<String, String> merged = new LinkedHashMap<>(existing);
        if (ignoreKeyCase) {
            Map<String, String> seen = new LinkedHashMap<>();
            added.keySet()
                    .forEach(
                            key -> {
                                if (seen.put(key.toLowerCase(Locale.ROOT), key) != null) {
                                    throw ServiceError.invalidInput("Duplicate tag keys found.");
                                }
                            });
            added.keySet()
                    .forEach(
                            key ->
                                    merged.keySet()
                                            .removeIf(
                                                    k ->
                                                            k.equalsIgnoreCase(key)
                                                                    && !k.equals(key)));
        }
        merged.putAll(added);
        checkTagCount(merged.size(), quotaName);
        return merged;
    }

    /**
     * Removes the keys (in any letter case when {@code ignoreKeyCase}); keys that are not present
     * are ignored, as in IAM.
     */
    static Map<String, String> removeTags(
            Map<String, String> existing, Collection<String> keys, boolean ignoreKeyCase) {
        checkTagCount(keys.size(), "TagKeys");
        PolicyRules.checkTagKeys(keys);
        Map<String, String> remaining = new LinkedHashMap<>(existing);
        remaining
                .keySet()
                .removeIf(
                        k ->
                                ignoreKeyCase
                                        ? keys.stream().anyMatch(k::equalsIgnoreCase)
                                        : keys.contains(k));
        return remaining;
    }

    static void checkTagCount(int count, String quotaName) {
        if (count > PolicyRules.MAX_TAGS) {
            throw ServiceError.limitExceeded(
                    "Cannot exceed quota for " + quotaName + ": " + PolicyRules.MAX_TAGS);
        }
    }

    /**
     * An OIDC provider URL: {@code https://} and a host, at most 255 characters.
     *
     * @return the URL without its scheme, as IAM stores and returns it
     */
    static String oidcUrl(String url) {
        if (url.isEmpty() || url.length() > 255) {
            throw ServiceError.validation("url", url, "Member must have length between 1 and 255");
        }
        if (!url.startsWith("https://") || url.length() == "https://".length()) {
            throw ServiceError.invalidInput(
                    "Invalid URL: " + url + ". URL must begin with https://");
        }
        String withoutScheme = url.substring("https://".length());
        return withoutScheme.endsWith("/")
                ? withoutScheme.substring(0, withoutScheme.length() - 1)
                : withoutScheme;
    }

    static void checkClientId(String clientId) {
        if (clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_LENGTH) {
            throw ServiceError.validation(
                    "clientID",
                    clientId,
                    "Member must have length between 1 and " + MAX_CLIENT_ID_LENGTH);
        }
    }

    static void checkThumbprints(Collection<String> thumbprints) {
        if (thumbprints.size() > MAX_THUMBPRINTS) {
            throw ServiceError.invalidInput(
                    "Thumbprint list must contain fewer than " + MAX_THUMBPRINTS + " entries.");
        }
        for (String thumbprint : thumbprints) {
            if (thumbprint.length() != THUMBPRINT_LENGTH) {
                throw ServiceError.validation(
                        "thumbprintList.member",
                        thumbprint,
                        "Member must have length greater than or equal to "
                                + THUMBPRINT_LENGTH
                                + " and less than or equal to "
                                + THUMBPRINT_LENGTH);
            }
        }
    }
}
