package dev.operator.iam.principal;

import dev.operator.iam.api.ResolvedReferences;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.engine.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policy fields a role, a user and a group share: managed policies by ARN ({@code policies}),
 * managed policies by reference to Policy objects ({@code policyRefs}), and inline policies ({@code
 * inlinePolicies}, name → JSON document).
 */
public interface PrincipalPolicies {

    /** The spec field names, as written to {@code status.drift}. */
    String POLICIES = "policies";

    String INLINE_POLICIES = "inlinePolicies";

    List<String> getPolicies();

    List<ResourceReference> getPolicyRefs();

    Map<String, String> getInlinePolicies();

    /**
     * The inline policy documents by the field that holds each ({@code spec.inlinePolicies[s3]}),
     * for the tenancy rules on what documents may grant.
     */
    default Map<String, String> inlinePolicyDocuments() {
        Map<String, String> documents = new java.util.LinkedHashMap<>();
        if (getInlinePolicies() != null) {
            getInlinePolicies()
                    .forEach(
                            (name, document) -> {
                                if (document != null) {
                                    documents.put("spec.inlinePolicies[" + name + "]", document);
                                }
                            });
        }
        return documents;
    }

    /** The Policy objects this spec refers to, as the engine resolves them. */
    default List<Reference> policyReferences() {
        List<Reference> refs = new ArrayList<>();
        List<ResourceReference> declared = getPolicyRefs() == null ? List.of() : getPolicyRefs();
        for (int i = 0; i < declared.size(); i++) {
            // A null entry is reported by validation; watches read references before it runs.
            if (declared.get(i) != null) {
                refs.add(
                        new Reference(
                                "Policy", declared.get(i).name(), "spec.policyRefs[" + i + "]"));
            }
        }
        return refs;
    }

    /**
     * Every managed policy ARN that should be attached: {@code policies} plus the ARNs of the
     * referenced Policy objects.
     */
    default List<String> desiredPolicyArns(ResolvedReferences resolved) {
        List<String> arns = new ArrayList<>(getPolicies() == null ? List.of() : getPolicies());
        for (Reference r : policyReferences()) {
            arns.add(resolved.arn(r.kind(), r.name()));
        }
        return arns;
    }
}
