package dev.operator.iam.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operator.iam.document.PolicyStatements;
import dev.operator.iam.document.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whom a tenant's role may trust (design.md, "Tenancy", {@code trust}): every {@code Allow}
 * statement of its trust policy names only the cluster's OIDC provider for the namespace's own
 * ServiceAccounts, service principals of {@code trust.services}, and principals of accounts in
 * {@code trust.accounts}. {@code Deny} statements never grant.
 *
 * <p>The cluster's provider needs {@code sts:AssumeRoleWithWebIdentity} alone, a {@code :sub}
 * condition that cannot match a ServiceAccount of another namespace ({@code StringEquals} on {@code
 * system:serviceaccount:<namespace>:<name>}, or {@code StringLike} whose every pattern stays inside
 * {@code system:serviceaccount:<namespace>:}) and {@code :aud} {@code sts.amazonaws.com}. Condition
 * operators ending in {@code IfExists} or starting with {@code ForAnyValue} do not count: they let
 * a request without the key through. EKS Pod Identity ({@code pods.eks.amazonaws.com}) is allowed
 * without being listed when {@code StringEquals} pins the session tag {@code kubernetes-namespace}
 * to the namespace, the way the operator writes it for {@code spec.serviceAccounts}.
 */
final class TrustRules {

    static final String POD_IDENTITY = "pods.eks.amazonaws.com";
    static final String WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
    static final String AUDIENCE = "sts.amazonaws.com";
    static final String NAMESPACE_TAG = "aws:RequestTag/kubernetes-namespace";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern PRINCIPAL_ARN =
            Pattern.compile("arn:aws(?:-cn|-us-gov)?:(?:iam|sts)::(\\d{12}):.+");

    private TrustRules() {}

    static List<String> check(String document, TenantRules rules) {
        List<String> problems = new ArrayList<>();
        String by =
                "TenantPolicy "
                        + rules.policyName()
                        + " limits whom roles of namespace "
                        + rules.namespace()
                        + " may trust, and ";
        for (Statement s : PolicyStatements.of(document)) {
            if (!s.allow()) {
                continue;
            }
            String where = s.label() + " of spec.assumeRolePolicyDocument ";
            if (s.hasNotPrincipal() || s.principals() == null) {
                problems.add(
                        by
                                + where
                                + "uses NotPrincipal in an Allow, which trusts everyone it does"
                                + " not list: name the principals in Principal");
                continue;
            }
            for (Map.Entry<String, List<String>> e : s.principals().entrySet()) {
                for (String value : e.getValue()) {
                    principalProblem(e.getKey(), value.strip(), s, rules)
                            .ifPresent(p -> problems.add(by + where + p));
                }
            }
        }
        return problems;
    }

    private static Optional<String> principalProblem(
            String type, String value, Statement s, TenantRules rules) {
        if (type.equals("*") || value.equals("*")) {
            return Optional.of(
                    "trusts \"*\" (every AWS principal): name the principals that need the role,"
                            + " or use spec.serviceAccounts for pods of this namespace");
        }
        switch (type) {
            case "AWS":
                return awsPrincipal(value, rules);
            case "Service":
                return service(value, s, rules);
            case "Federated":
                return federated(value, s, rules);
            default:
                return Optional.of(
                        "names a "
                                + type
                                + " principal, which tenants may not trust: use AWS, Service or"
                                + " the cluster's OIDC provider");
        }
    }

    private static Optional<String> awsPrincipal(String value, TenantRules rules) {
        String account = null;
        if (ACCOUNT_ID.matcher(value).matches()) {
            account = value;
        } else {
            Matcher m = PRINCIPAL_ARN.matcher(value);
            if (m.matches() && !Globs.hasWildcard(value)) {
                account = m.group(1);
            }
        }
        if (account != null && rules.trustAccounts().contains(account)) {
            return Optional.empty();
        }
        return Optional.of(
                "names the AWS principal \""
                        + value
                        + "\""
                        + (account == null ? "" : " of account " + account)
                        + ", and trust.accounts allows only "
                        + listed(rules.trustAccounts())
                        + ": ask the platform team to add the account, or remove the principal");
    }

    private static Optional<String> service(String value, Statement s, TenantRules rules) {
        boolean listed =
                rules.trustServices().stream()
                        .anyMatch(listedService -> listedService.equalsIgnoreCase(value));
        if (listed
                || (value.equalsIgnoreCase(POD_IDENTITY)
                        && pinned(s, "StringEquals", NAMESPACE_TAG, rules.namespace()::equals))) {
            return Optional.empty();
        }
        return Optional.of(
                "names the service principal \""
                        + value
                        + "\", and trust.services allows only "
                        + listed(rules.trustServices())
                        + (value.equalsIgnoreCase(POD_IDENTITY)
                                ? ": use spec.serviceAccounts with serviceAccountTrust"
                                        + " PodIdentity, which pins the namespace"
                                : ": ask the platform team to add it"));
    }

    private static Optional<String> federated(String value, Statement s, TenantRules rules) {
        String provider = rules.clusterOidcProvider();
        if (provider == null || !provider.equals(value)) {
            return Optional.of(
                    "names the federated principal \""
                            + value
                            + "\", and the only one tenants may trust is the cluster's OIDC"
                            + " provider ("
                            + (provider == null
                                    ? "none is configured: iam-operator.cluster-oidc-provider-arn"
                                    : provider)
                            + ")");
        }
        String issuer = provider.substring(provider.indexOf(":oidc-provider/") + 15);
        String namespace = rules.namespace();
        String prefix = "system:serviceaccount:" + namespace + ":";
        if (s.actions() == null
                || s.actions().isEmpty()
                || !s.actions().stream().allMatch(a -> a.strip().equalsIgnoreCase(WEB_IDENTITY))) {
            return Optional.of(
                    "trusts the cluster's OIDC provider for "
                            + (s.actions() == null
                                    ? "every action outside NotAction " + s.notActions()
                                    : s.actions())
                            + ": it may only be trusted for \"Action\": \""
                            + WEB_IDENTITY
                            + "\"");
        }
        boolean sub =
                pinned(
                                s,
                                "StringEquals",
                                issuer + ":sub",
                                v -> v.startsWith(prefix) && v.length() > prefix.length())
                        || pinned(
                                s,
                                "StringLike",
                                issuer + ":sub",
                                v -> Globs.covers(prefix + "*", v, false));
        if (!sub) {
            return Optional.of(
                    "trusts the cluster's OIDC provider without a condition that limits "
                            + issuer
                            + ":sub to ServiceAccounts of namespace "
                            + namespace
                            + ": add \"StringEquals\": {\""
                            + issuer
                            + ":sub\": \""
                            + prefix
                            + "<service-account>\"}, or use spec.serviceAccounts");
        }
        boolean aud =
                pinned(s, "StringEquals", issuer + ":aud", AUDIENCE::equals)
                        || pinned(s, "StringLike", issuer + ":aud", AUDIENCE::equals);
        if (!aud) {
            return Optional.of(
                    "trusts the cluster's OIDC provider without limiting "
                            + issuer
                            + ":aud to "
                            + AUDIENCE
                            + ": add \"StringEquals\": {\""
                            + issuer
                            + ":aud\": \""
                            + AUDIENCE
                            + "\"}");
        }
        return Optional.empty();
    }

    /**
     * Whether the statement's condition has the operator (IAM reads operator names exactly; keys
     * ignoring case) with the key, and every value of it passes: the values of one key are
     * alternatives, the keys and operators of a condition all have to hold.
     */
    private static boolean pinned(
            Statement s, String operator, String key, Predicate<String> allowed) {
        JsonNode block = s.condition().get(operator);
        if (block == null || !block.isObject()) {
            return false;
        }
        boolean found = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = block.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else {
                values.add(e.getValue().asText());
            }
            if (values.isEmpty() || !values.stream().allMatch(allowed)) {
                return false;
            }
            found = true;
        }
        return found;
    }

    private static String listed(List<String> values) {
        return values.isEmpty() ? "none" : String.join(", ", values);
    }
}
