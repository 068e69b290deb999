package dev.operator.iam.tenancy;

import dev.operator.iam.document.PolicyStatements;
import dev.operator.iam.document.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a tenant's permissions documents may grant: no {@code Allow} statement may grant an action
 * matching one of the TenantPolicy's {@code deniedActions} (design.md, "Tenancy"). Decided on the
 * patterns with IAM's rules: actions compared ignoring case, {@code *} and {@code ?} on both sides,
 * {@code NotAction} in an {@code Allow} granting everything it does not list; {@code Deny}
 * statements never grant.
 *
 * <p>One exception keeps what a tenant's workloads legitimately need: the actions of {@link
 * #OWN_RESOURCE_ACTIONS}, named exactly (no wildcard), in a statement whose every {@code Resource}
 * is an IAM ARN at the tenant's own path. Each of them acts only on the resource named and changes
 * nothing the operator manages: {@code iam:PassRole} hands the tenant's own role to a service (its
 * permissions are the tenant's already), the others read.
 */
final class ActionRules {

    /** IAM actions allowed on the tenant's own resources despite a denied pattern. */
    static final Set<String> OWN_RESOURCE_ACTIONS =
            Set.of(
                    "iam:passrole",
                    "iam:getrole",
                    "iam:getrolepolicy",
                    "iam:listrolepolicies",
                    "iam:listattachedrolepolicies",
                    "iam:listroletags",
                    "iam:getinstanceprofile",
                    "iam:getpolicy",
                    "iam:getpolicyversion",
                    "iam:listpolicyversions");

    /**
     * An IAM ARN with a literal partition and account: {@code arn:aws:iam::123456789012:role/...};
     * group 1 is everything from the first slash of the resource on.
     */
    private static final Pattern IAM_RESOURCE =
            Pattern.compile(
                    "arn:aws(?:-cn|-us-gov)?:iam::\\d{12}:(?:role|policy|instance-profile)(/.*)");

    private ActionRules() {}

    /**
     * The refusals for one document; empty when it grants nothing denied.
     *
     * @param field how the document is named in messages ({@code spec.policyDocument})
     */
    static List<String> check(String field, String document, TenantRules rules) {
        List<String> problems = new ArrayList<>();
        String by = "TenantPolicy " + rules.policyName() + " ";
        for (Statement s : PolicyStatements.of(document)) {
            if (!s.allow()) {
                continue;
            }
            if (s.actions() != null) {
                for (String action : s.actions()) {
                    String pattern = action.strip();
                    rules.deniedActions().stream()
                            .filter(denied -> Globs.intersect(pattern, denied, true))
                            .filter(denied -> !onOwnResources(pattern, s, rules))
                            .findFirst()
                            .ifPresent(
                                    denied ->
                                            problems.add(
                                                    by
                                                            + "denies actions matching \""
                                                            + denied
                                                            + "\" in namespace "
                                                            + rules.namespace()
                                                            + ", and "
                                                            + s.label()
                                                            + " of "
                                                            + field
                                                            + " allows \""
                                                            + action
                                                            + "\", which can grant them: narrow"
                                                            + " the action"
                                                            + ownResourceHint(pattern)));
                }
            }
            if (s.notActions() != null) {
                for (String denied : rules.deniedActions()) {
                    boolean excluded =
                            s.notActions().stream()
                                    .anyMatch(n -> Globs.covers(n.strip(), denied, true));
                    if (!excluded) {
                        problems.add(
                                by
                                        + "denies actions matching \""
                                        + denied
                                        + "\" in namespace "
                                        + rules.namespace()
                                        + ", and "
                                        + s.label()
                                        + " of "
                                        + field
                                        + " allows every action outside NotAction "
                                        + s.notActions()
                                        + ", which does not exclude \""
                                        + denied
                                        + "\": list the actions it needs in Action instead");
                        break;
                    }
                }
            }
        }
        return problems;
    }

    /** All documents of one object. */
    static List<String> check(Map<String, String> documents, TenantRules rules) {
        List<String> problems = new ArrayList<>();
        documents.forEach((field, document) -> problems.addAll(check(field, document, rules)));
        return problems;
    }

    private static boolean onOwnResources(String action, Statement s, TenantRules rules) {
        if (Globs.hasWildcard(action)
                || !OWN_RESOURCE_ACTIONS.contains(action.toLowerCase(Locale.ROOT))
                || s.resources() == null
                || s.resources().isEmpty()) {
            return false;
        }
        for (String resource : s.resources()) {
            Matcher m = IAM_RESOURCE.matcher(resource.strip());
            if (!m.matches() || !m.group(1).startsWith(rules.path())) {
                return false;
            }
        }
        return true;
    }

    private static String ownResourceHint(String action) {
        return OWN_RESOURCE_ACTIONS.contains(action.toLowerCase(Locale.ROOT))
                ? ", or limit its Resource to ARNs at the namespace's own IAM path"
                : "";
    }
}
