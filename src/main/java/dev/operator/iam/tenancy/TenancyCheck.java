package dev.operator.iam.tenancy;

import dev.operator.iam.aws.IamArn;
import dev.operator.iam.document.InvalidDocumentException;
import dev.operator.iam.tenancy.TenantPolicySpec.Adoption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules of a TenantPolicy applied to one object, before any AWS call: the one code path that
 * the engine and the admission webhook both run. Each refusal is one sentence naming the
 * TenantPolicy, the rule, and what to change.
 */
public final class TenancyCheck {

    private TenancyCheck() {}

    /**
     * @param adoptionRequested whether the object carries the adoption-policy annotation
     * @param objectsAhead objects of the same kind in the namespace created before this one
     */
    public static List<String> check(
            TenancyFacts facts, TenantRules rules, boolean adoptionRequested, int objectsAhead) {
        List<String> problems = new ArrayList<>();
        String by = "TenantPolicy " + rules.policyName() + " ";
        if (!rules.kinds().contains(facts.kind())) {
            problems.add(
                    by
                            + "does not allow the kind "
                            + facts.kind()
                            + " in namespace "
                            + rules.namespace()
                            + " (kinds: "
                            + String.join(", ", rules.kinds())
                            + "); ask the platform team to add it to spec.kinds");
            return problems;
        }
        if (objectsAhead >= rules.maxObjectsPerKind()) {
            problems.add(
                    by
                            + "allows at most "
                            + rules.maxObjectsPerKind()
                            + " "
                            + facts.kind()
                            + " objects in namespace "
                            + rules.namespace()
                            + " (maxObjectsPerKind); delete one, or ask the platform team to raise"
                            + " it");
        }
        if (facts.hasPath()
                && facts.explicitPath() != null
                && !rules.withinPath(facts.explicitPath())) {
            problems.add(
                    by
                            + "requires every IAM path of namespace "
                            + rules.namespace()
                            + " to be at or below "
                            + rules.path()
                            + ", and spec.path is "
                            + facts.explicitPath()
                            + ": omit spec.path to get "
                            + rules.path()
                            + ", or choose a path below it");
        }
        if (rules.namePrefix() != null
                && !facts.awsName()
                        .regionMatches(
                                true, 0, rules.namePrefix(), 0, rules.namePrefix().length())) {
            problems.add(
                    by
                            + "requires AWS names in namespace "
                            + rules.namespace()
                            + " to start with "
                            + rules.namePrefix()
                            + ", and the name is "
                            + facts.awsName()
                            + ": set spec.name (or metadata.name) to start with it");
        }
        if (facts.takesBoundary() && facts.permissionsBoundary() != null) {
            boolean allowed =
                    rules.permissionsBoundary() != null
                            ? rules.permissionsBoundary().equals(facts.permissionsBoundary())
                            : ownPolicyOrAllowed(rules, facts.permissionsBoundary());
            if (!allowed) {
                problems.add(
                        by
                                + (rules.permissionsBoundary() != null
                                        ? "sets the permissions boundary "
                                                + rules.permissionsBoundary()
                                                + " for namespace "
                                                + rules.namespace()
                                                + ", and spec.permissionsBoundary names "
                                                + facts.permissionsBoundary()
                                                + ": remove spec.permissionsBoundary"
                                        : "allows only permissions boundaries at "
                                                + rules.path()
                                                + " or matching spec.managedPolicies, and"
                                                + " spec.permissionsBoundary names "
                                                + facts.permissionsBoundary()));
            }
        }
        for (String arn : facts.managedPolicyArns()) {
            if (!ownPolicyOrAllowed(rules, arn)) {
                problems.add(
                        by
                                + "allows spec.policies to name only policies at "
                                + rules.path()
                                + " or matching spec.managedPolicies ("
                                + (rules.managedPolicies().isEmpty()
                                        ? "none"
                                        : String.join(", ", rules.managedPolicies()))
                                + "), and it names "
                                + arn
                                + ": refer to a Policy object of this namespace through"
                                + " spec.policyRefs, or ask the platform team to allow it");
            }
        }
        for (String role : facts.roleNames()) {
            problems.add(
                    by
                            + "does not let namespace "
                            + rules.namespace()
                            + " name the role "
                            + role
                            + " by its AWS name, which could be another team's: use spec.roleRef"
                            + " to a Role object of this namespace");
        }
        for (String group : facts.groupNames()) {
            problems.add(
                    by
                            + "does not let namespace "
                            + rules.namespace()
                            + " name the group "
                            + group
                            + " by its AWS name, which could be another team's: use"
                            + " spec.groupRefs to a Group object of this namespace");
        }
        problems.addAll(documentProblems(facts, rules));
        if (adoptionRequested && rules.adoption() == Adoption.Never) {
            problems.add(
                    by
                            + "does not allow adoption in namespace "
                            + rules.namespace()
                            + " (spec.adoption: Never): remove the"
                            + " iam.operator.dev/adoption-policy annotation, or ask the platform"
                            + " team for adoption: WithinPath");
        }
        return problems;
    }

    /** What the object's documents may grant ({@code deniedActions}) and trust ({@code trust}). */
    private static List<String> documentProblems(TenancyFacts facts, TenantRules rules) {
        List<String> problems = new ArrayList<>();
        try {
            problems.addAll(ActionRules.check(facts.permissionDocuments(), rules));
            if (facts.trustPolicy() != null) {
                problems.addAll(TrustRules.check(facts.trustPolicy(), rules));
            }
        } catch (InvalidDocumentException e) {
            // Validation refuses such a document first; never let it pass unread.
            problems.add(
                    "TenantPolicy "
                            + rules.policyName()
                            + " cannot check a document that does not parse: "
                            + e.getMessage());
        }
        return problems;
    }

    /**
     * Whether a resource found in AWS may be taken as the tenant's: at its path (for kinds with
     * one), and carrying no ownership tag of another namespace or cluster. Empty when it may; the
     * refusal otherwise.
     */
    public static Optional<String> mayClaim(
            TenantRules rules, boolean hasPath, String arn, String foreignOwner) {
        String by = "TenantPolicy " + rules.policyName() + " ";
        if (hasPath) {
            Optional<String> path = IamArn.parse(arn).map(IamArn::path);
            if (path.isEmpty() || !rules.withinPath(path.get())) {
                return Optional.of(
                        by
                                + "lets namespace "
                                + rules.namespace()
                                + " manage only resources at "
                                + rules.path()
                                + ", and "
                                + arn
                                + " is not there: it is left untouched; choose another name");
            }
        }
        if (foreignOwner != null) {
            return Optional.of(
                    by
                            + "never lets namespace "
                            + rules.namespace()
                            + " take over "
                            + arn
                            + ", which belongs to "
                            + foreignOwner
                            + ": it is left untouched; choose another name");
        }
        return Optional.empty();
    }

    private static boolean ownPolicyOrAllowed(TenantRules rules, String arn) {
        boolean own =
                IamArn.parse(arn)
                        .filter(a -> a.resourceType().equals("policy"))
                        .filter(a -> !a.accountId().equals("aws"))
                        .map(a -> rules.withinPath(a.path()))
                        .orElse(false);
        return own
                || rules.managedPolicies().stream().anyMatch(p -> glob(p).matcher(arn).matches());
    }

    /** An ARN pattern: {@code *} stands for any characters, everything else for itself. */
    static Pattern glob(String pattern) {
        return Pattern.compile(
                Arrays.stream(pattern.split("\\*", -1))
                        .map(Pattern::quote)
                        .collect(Collectors.joining(".*")));
    }
}
