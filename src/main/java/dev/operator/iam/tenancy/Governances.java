package dev.operator.iam.tenancy;

import dev.operator.iam.aws.AccountRole;
import dev.operator.iam.aws.IamArn;
import dev.operator.iam.config.OperatorConfig.UnselectedNamespaces;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides what governs a namespace, from its labels and every TenantPolicy: pure, so that the
 * engine (reading its watches) and the admission webhook (reading the API server) decide alike.
 */
public final class Governances {

    /** The kinds a TenantPolicy may list. */
    public static final Set<String> KINDS =
            Set.of(
                    "Policy",
                    "Role",
                    "User",
                    "Group",
                    "InstanceProfile",
                    "OpenIDConnectProvider",
                    "ServiceLinkedRole",
                    "AccessKey");

    /** IAM paths: a slash, optionally followed by printable ASCII ending with a slash. */
    private static final Pattern IAM_PATH = Pattern.compile("/([\\x21-\\x7E]*/)?");

    private static final Pattern NAME_PREFIX = Pattern.compile("[\\w+=,.@-]*");

    private Governances() {}

    /**
     * @param labels the namespace's labels (a namespace not in the cache has none)
     */
    public static Governance of(
            String namespace,
            Map<String, String> labels,
            Collection<TenantPolicy> policies,
            String clusterId,
            UnselectedNamespaces unselected) {
        return of(namespace, labels, policies, clusterId, unselected, null);
    }

    /**
     * @param labels the namespace's labels (a namespace not in the cache has none)
     * @param clusterOidcProvider the cluster's OIDC provider ARN, or null when none is configured
     */
    public static Governance of(
            String namespace,
            Map<String, String> labels,
            Collection<TenantPolicy> policies,
            String clusterId,
            UnselectedNamespaces unselected,
            String clusterOidcProvider) {
        List<TenantPolicy> selecting =
                policies.stream()
                        .filter(p -> p.getSpec() != null)
                        .filter(p -> selects(p.getSpec().getNamespaceSelector(), labels))
                        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                        .toList();
        if (selecting.isEmpty()) {
            return unselected == UnselectedNamespaces.PRIVILEGED
                    ? Governance.PRIVILEGED
                    : new Governance.Refused(
                            "no TenantPolicy selects namespace "
                                    + namespace
                                    + " and iam-operator.tenancy.unselected-namespaces is deny:"
                                    + " ask the platform team to write a TenantPolicy whose"
                                    + " namespaceSelector matches this namespace's labels");
        }
        if (selecting.size() > 1) {
            return new Governance.Refused(
                    "namespace "
                            + namespace
                            + " is selected by more than one TenantPolicy ("
                            + String.join(
                                    ", ",
                                    selecting.stream().map(p -> p.getMetadata().getName()).toList())
                            + "): change their namespaceSelectors so that exactly one selects it");
        }
        TenantPolicy policy = selecting.get(0);
        String name = policy.getMetadata().getName();
        List<String> problems = problems(policy.getSpec());
        if (!problems.isEmpty()) {
            return new Governance.Refused(
                    "TenantPolicy "
                            + name
                            + ", which selects namespace "
                            + namespace
                            + ", is invalid and governs nothing until it is fixed: "
                            + String.join("; ", problems));
        }
        TenantPolicySpec spec = policy.getSpec();
        AccountRole account =
                spec.getAws() == null || spec.getAws().getRoleArn() == null
                        ? null
                        : new AccountRole(
                                spec.getAws().getRoleArn(), spec.getAws().getExternalId());
        if (spec.privileged()) {
            return new Governance.Privileged("TenantPolicy " + name + " (privileged)", account);
        }
        return new Governance.Governed(
                new TenantRules(
                        name,
                        namespace,
                        new LinkedHashSet<>(spec.effectiveKinds()),
                        expand(spec.effectivePath(), clusterId, namespace),
                        spec.getNamePrefix() == null
                                ? null
                                : expand(spec.getNamePrefix(), clusterId, namespace),
                        spec.getPermissionsBoundary(),
                        spec.effectiveAdoption(),
                        List.copyOf(spec.getManagedPolicies()),
                        List.copyOf(spec.effectiveDeniedActions()),
                        spec.effectiveMaxObjectsPerKind(),
                        List.copyOf(spec.getTrust().getServices()),
                        List.copyOf(spec.getTrust().getAccounts()),
                        clusterOidcProvider),
                account);
    }

    /** What makes a TenantPolicy unusable; empty when it is valid. */
    public static List<String> problems(TenantPolicySpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            problems.add("spec is missing");
            return problems;
        }
        if (spec.getNamespaceSelector() == null) {
            problems.add("spec.namespaceSelector is required ({} selects every namespace)");
        } else {
            selectorProblems(spec.getNamespaceSelector(), problems);
        }
        for (String kind : spec.effectiveKinds()) {
            if (!KINDS.contains(kind)) {
                problems.add(
                        "spec.kinds names \""
                                + kind
                                + "\", which is not a kind of this operator: use "
                                + String.join(", ", KINDS.stream().sorted().toList()));
            }
        }
        String path = expand(spec.effectivePath(), "cluster", "namespace");
        if (path.length() > 512 || !IAM_PATH.matcher(path).matches()) {
            problems.add(
                    "spec.path \""
                            + spec.effectivePath()
                            + "\" is not an IAM path once {cluster} and {namespace} are replaced:"
                            + " it must start and end with / (for example"
                            + " /{cluster}/{namespace}/)");
        }
        if (spec.getNamePrefix() != null
                && !NAME_PREFIX.matcher(expand(spec.getNamePrefix(), "c", "n")).matches()) {
            problems.add(
                    "spec.namePrefix \""
                            + spec.getNamePrefix()
                            + "\" has characters IAM names cannot have: use letters, digits and"
                            + " +=,.@_-");
        }
        if (spec.getPermissionsBoundary() != null
                && IamArn.parse(spec.getPermissionsBoundary())
                        .filter(a -> a.resourceType().equals("policy"))
                        .isEmpty()) {
            problems.add(
                    "spec.permissionsBoundary \""
                            + spec.getPermissionsBoundary()
                            + "\" is not a managed policy ARN"
                            + " (arn:aws:iam::<account>:policy/<name>)");
        }
        for (String pattern : spec.getManagedPolicies()) {
            if (pattern == null || !pattern.startsWith("arn:")) {
                problems.add(
                        "spec.managedPolicies entry \""
                                + pattern
                                + "\" is not an ARN pattern: write"
                                + " arn:aws:iam::<account>:policy/... with * where any characters"
                                + " may stand");
            }
        }
        if (spec.getAws() != null) {
            problems.addAll(
                    AccountRole.problems(
                            spec.getAws().getRoleArn(), spec.getAws().getExternalId()));
        }
        if (spec.getMaxObjectsPerKind() != null && spec.getMaxObjectsPerKind() < 0) {
            problems.add("spec.maxObjectsPerKind must be 0 or more");
        }
        return problems;
    }

    static String expand(String template, String clusterId, String namespace) {
        return template.replace("{cluster}", clusterId).replace("{namespace}", namespace);
    }

    /** Kubernetes label-selector semantics: every matchLabels pair and every expression hold. */
    public static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!Objects.equals(have.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                boolean present = have.containsKey(r.getKey());
                boolean holds =
                        switch (r.getOperator() == null ? "" : r.getOperator()) {
                            case "In" -> present && values.contains(have.get(r.getKey()));
                            case "NotIn" -> !present || !values.contains(have.get(r.getKey()));
                            case "Exists" -> present;
                            case "DoesNotExist" -> !present;
                            default -> false;
                        };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void selectorProblems(LabelSelector selector, List<String> problems) {
        if (selector.getMatchExpressions() == null) {
            return;
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
            String op = r.getOperator() == null ? "" : r.getOperator();
            boolean needsValues = op.equals("In") || op.equals("NotIn");
            boolean takesValues = needsValues;
            if (!Set.of("In", "NotIn", "Exists", "DoesNotExist").contains(op)) {
                problems.add(
                        "spec.namespaceSelector: operator \""
                                + op
                                + "\" is not one of In, NotIn, Exists, DoesNotExist");
            } else if (needsValues && (r.getValues() == null || r.getValues().isEmpty())) {
                problems.add(
                        "spec.namespaceSelector: operator "
                                + op
                                + " on "
                                + r.getKey()
                                + " needs values");
            } else if (!takesValues && r.getValues() != null && !r.getValues().isEmpty()) {
                problems.add(
                        "spec.namespaceSelector: operator "
                                + op
                                + " on "
                                + r.getKey()
                                + " takes no values");
            }
        }
    }
}
