package dev.operator.iam.principal;

import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.document.DocumentKind;
import dev.operator.iam.document.PolicyDocumentValidator;
import dev.operator.iam.engine.SpecChecks;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of the policy fields a role, a user and a group share ({@link PrincipalPolicies}),
 * without calling AWS. Messages name the field and say what to write instead.
 */
public final class PrincipalPolicyChecks {

    /** A managed policy ARN, customer ({@code 123456789012}) or AWS managed ({@code aws}). */
    public static final Pattern POLICY_ARN =
            Pattern.compile(
                    "arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/([\\x21-\\x7E]+/)?[\\w+=,.@-]+");

    private PrincipalPolicyChecks() {}

    public static void check(PrincipalPolicies spec, List<String> problems) {
        policyArns("spec.policies", spec.getPolicies(), problems);
        references("spec.policyRefs", spec.getPolicyRefs(), problems);
        inlinePolicies(spec.getInlinePolicies(), problems);
    }

    /** Each entry a managed policy ARN, no duplicates. */
    public static void policyArns(String field, List<String> arns, List<String> problems) {
        if (arns == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < arns.size(); i++) {
            String arn = arns.get(i);
            if (arn == null || !POLICY_ARN.matcher(arn).matches()) {
                problems.add(
                        field
                                + "["
                                + i
                                + "] \""
                                + arn
                                + "\" is not a managed policy ARN: write"
                                + " arn:aws:iam::<account-id>:policy/<name> (or"
                                + " arn:aws:iam::aws:policy/<name> for an AWS managed policy), or"
                                + " refer to a Policy object through spec.policyRefs");
            } else if (!seen.add(arn)) {
                problems.add(field + "[" + i + "] \"" + arn + "\" appears more than once");
            }
        }
    }

    /** Each reference names its target; no target twice. */
    public static void references(
            String field, List<ResourceReference> refs, List<String> problems) {
        if (refs == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < refs.size(); i++) {
            ResourceReference ref = refs.get(i);
            String name = ref == null ? null : ref.name();
            if (name == null || name.isBlank()) {
                problems.add(
                        field
                                + "["
                                + i
                                + "] has no from.name: write {from: {name: <object name>}}");
            } else if (!seen.add(name)) {
                problems.add(field + "[" + i + "] refers to " + name + " more than once");
            }
        }
    }

    /** Names are IAM names; documents are valid identity policies. */
    public static void inlinePolicies(Map<String, String> inline, List<String> problems) {
        if (inline == null) {
            return;
        }
        inline.forEach(
                (name, document) -> {
                    String field = "spec.inlinePolicies[" + name + "]";
                    SpecChecks.name("spec.inlinePolicies key", name, problems);
                    if (document == null || document.isBlank()) {
                        problems.add(
                                field + " is empty: give the policy document as a JSON string");
                    } else {
                        problems.addAll(
                                PolicyDocumentValidator.validate(
                                                document, DocumentKind.IDENTITY_POLICY, field)
                                        .problems());
                    }
                });
    }
}
