package dev.operator.iam.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The STS actions the operator uses: {@code GetCallerIdentity}, answering as whoever signed the
 * request, and {@code AssumeRole}, as strict as STS: the role must exist in its account and its
 * trust policy must allow {@code sts:AssumeRole} to the caller (its account, {@code
 * arn:aws:iam::<account>:root}, its ARN, or {@code *}), with a matching {@code sts:ExternalId} when
 * the trust asks for one (a {@code StringEquals} condition; any other condition is not satisfied).
 * Anything else is {@code AccessDenied}, which is also what STS answers for a role that does not
 * exist. The credentials it hands out act in the role's account.
 */
final class StsActions implements QueryService {

    static final String VERSION = "2011-06-15";
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROLE_ARN =
            Pattern.compile(
                    "arn:(aws[\\w-]*):iam::(\\d{12}):role(/[\\x21-\\x7E]*/|/)([\\w+=,.@-]+)");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]*");
    private static final int DEFAULT_DURATION = 3600;

    private final EmulatedAccounts accounts;
    private final Clock clock;

    StsActions(EmulatedAccounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public Consumer<Xml> execute(QueryRequest request) {
        EmulatedAccounts.Caller caller = accounts.caller(request.accessKeyId());
        accounts.record(caller.accountId(), request.action());
        return switch (request.action()) {
            case "GetCallerIdentity" ->
                    xml ->
                            xml.element("Arn", caller.arn())
                                    .element("UserId", caller.userId())
                                    .element("Account", caller.accountId());
            case "AssumeRole" -> assumeRole(request, caller);
            default -> throw ServiceError.invalidAction(request);
        };
    }

    private Consumer<Xml> assumeRole(QueryRequest request, EmulatedAccounts.Caller caller) {
        String roleArn = request.required("RoleArn");
        String sessionName = request.required("RoleSessionName");
        Optional<String> externalId = request.optional("ExternalId");
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw ServiceError.validation(
                    "roleArn", roleArn, "Member must have length between 20 and 2048");
        }
        if (sessionName.length() < 2
                || sessionName.length() > 64
                || !SESSION_NAME.matcher(sessionName).matches()) {
            throw ServiceError.validation(
                    "roleSessionName",
                    sessionName,
                    "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have"
                            + " length between 2 and 64");
        }
        if (externalId.isPresent()
                && (externalId.get().length() < 2
                        || externalId.get().length() > 1224
                        || !EXTERNAL_ID.matcher(externalId.get()).matches())) {
            throw ServiceError.validation(
                    "externalId",
                    externalId.get(),
                    "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have"
                            + " length between 2 and 1224");
        }
        var m = ROLE_ARN.matcher(roleArn);
        if (!m.matches()) {
            throw ServiceError.validation("roleArn", roleArn, "Member must be a valid role ARN");
        }
        String accountId = m.group(2);
        String path = m.group(3);
        String roleName = m.group(4);
        ServiceError denied =
                new ServiceError(
                        403,
                        "AccessDenied",
                        "User: "
                                + caller.arn()
                                + " is not authorized to perform: sts:AssumeRole on resource: "
                                + roleArn);
        RoleSnapshot role =
                accounts.account(accountId)
                        .principals
                        .findRole(roleName)
                        .filter(r -> r.path().equals(path) && r.name().equals(roleName))
                        .orElseThrow(() -> denied);
        if (!trusts(role.assumeRolePolicyDocument(), caller, externalId.orElse(null))) {
            throw denied;
        }
        int duration =
                request.optional("DurationSeconds").map(Integer::parseInt).orElse(DEFAULT_DURATION);
        if (duration < 900 || duration > 43200) {
            throw ServiceError.validation(
                    "durationSeconds", duration, "Member must have value between 900 and 43200");
        }
        if (duration > role.maxSessionDuration()) {
            throw new ServiceError(
                    400,
                    "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this"
                            + " role.");
        }
        String accessKeyId = "ASIA" + Ids.uniqueId("").substring(0, 16);
        String secret = Ids.secretAccessKey();
        String token = "FwoGZXIvYXdzE" + Ids.secretAccessKey() + Ids.secretAccessKey();
        var expiration = clock.instant().plus(Duration.ofSeconds(duration));
        String partition = m.group(1);
        String assumedArn =
                "arn:"
                        + partition
                        + ":sts::"
                        + accountId
                        + ":assumed-role/"
                        + roleName
                        + "/"
                        + sessionName;
        String assumedId = role.id() + ":" + sessionName;
        accounts.issue(
                accessKeyId,
                new EmulatedAccounts.Session(
                        new EmulatedAccounts.Caller(accountId, assumedArn, assumedId, role.arn()),
                        expiration));
        return xml ->
                xml.start("Credentials")
                        .element("AccessKeyId", accessKeyId)
                        .element("SecretAccessKey", secret)
                        .element("SessionToken", token)
                        .element("Expiration", expiration)
                        .end()
                        .start("AssumedRoleUser")
                        .element("AssumedRoleId", assumedId)
                        .element("Arn", assumedArn)
                        .end();
    }

    /**
     * Whether the trust policy allows the caller {@code sts:AssumeRole}: an Allow naming it, and no
     * Deny doing so.
     */
    static boolean trusts(String document, EmulatedAccounts.Caller caller, String externalId) {
        JsonNode policy;
        try {
            policy = JSON.readTree(document);
        } catch (IOException e) {
            return false;
        }
        boolean allowed = false;
        for (JsonNode statement : list(policy.get("Statement"))) {
            if (!matchesAction(statement) || !namesCaller(statement, caller)) {
                continue;
            }
            boolean conditionHolds = conditionHolds(statement.get("Condition"), externalId);
            String effect = statement.path("Effect").asText();
            if (effect.equals("Deny") && conditionHolds) {
                return false;
            }
            if (effect.equals("Allow") && conditionHolds) {
                allowed = true;
            }
        }
        return allowed;
    }

    private static boolean matchesAction(JsonNode statement) {
        for (JsonNode action : list(statement.get("Action"))) {
            String a = action.asText();
            if (a.equals("*")
                    || a.equalsIgnoreCase("sts:*")
                    || a.equalsIgnoreCase("sts:AssumeRole")) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesCaller(JsonNode statement, EmulatedAccounts.Caller caller) {
        JsonNode principal = statement.get("Principal");
        if (principal == null) {
            return false;
        }
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        for (JsonNode p : list(principal.get("AWS"))) {
            String named = p.asText();
            if (named.equals("*")
                    || named.equals(caller.accountId())
                    || named.endsWith(":iam::" + caller.accountId() + ":root")
                    || named.equals(caller.arn())
                    || (caller.roleArn() != null && named.equals(caller.roleArn()))) {
                return true;
            }
        }
        return false;
    }

    /** Only {@code StringEquals} on {@code sts:ExternalId} is understood; anything else fails. */
    private static boolean conditionHolds(JsonNode condition, String externalId) {
        if (condition == null || condition.isEmpty()) {
            return true;
        }
        var operators = condition.fields();
        while (operators.hasNext()) {
            var operator = operators.next();
            if (!operator.getKey().equals("StringEquals")) {
                return false;
            }
            var keys = operator.getValue().fields();
            while (keys.hasNext()) {
                var key = keys.next();
                if (!key.getKey().equalsIgnoreCase("sts:ExternalId")) {
                    return false;
                }
                boolean any = false;
                for (JsonNode value : list(key.getValue())) {
                    any |= value.asText().equals(externalId);
                }
                if (!any) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> nodes = new ArrayList<>();
        if (node == null) {
            return nodes;
        }
        if (node.isArray()) {
            node.forEach(nodes::add);
        } else {
            nodes.add(node);
        }
        return nodes;
    }
}
