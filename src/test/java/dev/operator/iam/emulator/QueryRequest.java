package dev.operator.iam.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an awsQuery request, e.g. {@code Action=TagPolicy&Tags.member.1.Key=env}, taken
 * from the form-encoded body and, as AWS also accepts them there, from the query string.
 */
final class QueryRequest {

    private final Map<String, String> params;
    private final String accessKeyId;

    private QueryRequest(Map<String, String> params, String accessKeyId) {
        this.params = Collections.unmodifiableMap(params);
        this.accessKeyId = accessKeyId;
    }

    /**
     * @throws ServiceError {@code MalformedQueryString} if a parameter is not valid form encoding
     */
    static QueryRequest parse(HttpRequestMessage http) {
        Map<String, String> params = new LinkedHashMap<>();
        int query = http.target().indexOf('?');
        if (query >= 0) {
            decodeInto(http.target().substring(query + 1), params);
        }
        decodeInto(new String(http.body(), StandardCharsets.UTF_8), params);
        return new QueryRequest(params, accessKeyIdOf(http.header("authorization")));
    }

    /**
     * The access key id of a SigV4 {@code Authorization} header ({@code AWS4-HMAC-SHA256
     * Credential=AKID/20260101/aws-global/iam/aws4_request, ...}); null when there is none.
     */
    static String accessKeyIdOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        int credential = authorization.indexOf("Credential=");
        if (credential < 0) {
            return null;
        }
        int start = credential + "Credential=".length();
        int slash = authorization.indexOf('/', start);
        return slash < 0 ? null : authorization.substring(start, slash);
    }

    /** The access key id the request was signed with, null if unsigned. */
    String accessKeyId() {
        return accessKeyId;
    }

    private static void decodeInto(String form, Map<String, String> params) {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                params.put(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ServiceError(
                        400, "MalformedQueryString", "Invalid form encoding: " + e.getMessage());
            }
        }
    }

    Map<String, String> params() {
        return params;
    }

    /** The {@code Action} parameter, empty if absent. */
    String action() {
        return params.getOrDefault("Action", "");
    }

    /** The API version, which tells IAM ({@code 2010-05-08}) and STS ({@code 2011-06-15}) apart. */
    String version() {
        return params.getOrDefault("Version", "");
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /**
     * @throws ServiceError {@code ValidationError} as AWS reports a missing required member
     */
    String required(String name) {
        String value = params.get(name);
        if (value == null) {
            throw ServiceError.validation(memberName(name), null, "Member must not be null");
        }
        return value;
    }

    /** An optional {@code true}/{@code false} parameter. */
    boolean flag(String name) {
        String value = params.getOrDefault(name, "false").toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw ServiceError.validation(
                    memberName(name), params.get(name), "Member must be a boolean");
        }
        return value.equals("true");
    }

    /** The entries of a query list {@code name.member.1}, {@code name.member.2}, ... in order. */
    List<String> members(String name) {
        List<String> members = new ArrayList<>();
        for (int i = 1; params.containsKey(name + ".member." + i); i++) {
            members.add(params.get(name + ".member." + i));
        }
        return members;
    }

    /**
     * A list of tags {@code name.member.N.Key} / {@code name.member.N.Value}, in order. Keys of
     * managed policy tags are case-sensitive (unlike those of users and roles).
     *
     * @throws ServiceError {@code InvalidInput} for a key given twice
     */
    Map<String, String> tags(String name) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; params.containsKey(name + ".member." + i + ".Key"); i++) {
            String key = params.get(name + ".member." + i + ".Key");
            if (tags.containsKey(key)) {
                throw ServiceError.invalidInput("Duplicate tag keys found.");
            }
            tags.put(key, params.getOrDefault(name + ".member." + i + ".Value", ""));
        }
        return tags;
    }

    /**
     * AWS names members in validation messages in lower camel case: PolicyName becomes policyName.
     */
    private static String memberName(String parameter) {
        return Character.toLowerCase(parameter.charAt(0)) + parameter.substring(1);
    }
}
