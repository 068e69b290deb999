package dev.operator.iam.principal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.ResolvedReferences;
import dev.operator.iam.api.ResourceReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrincipalPolicySetsTest {

    private static final String A = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    private static final String B = "arn:aws:iam::123456789012:policy/app";
    private static final String C = "arn:aws:iam::123456789012:policy/other";
    private static final String DOC =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    private static final String SAME_DOC_REORDERED =
            "{\"Statement\":{\"Resource\":[\"*\"],\"Action\":[\"s3:GetObject\"],\"Effect\":\"Allow\"},\"Version\":\"2012-10-17\"}";
    private static final String OTHER_DOC = DOC.replace("GetObject", "PutObject");

    @Test
    void managedPoliciesAreASetDifference() {
        ManagedPolicySet d = ManagedPolicySet.diff(List.of(A, B), List.of(B, C));
        assertThat(d.toAttach()).containsExactly(A);
        assertThat(d.toDetach()).containsExactly(C);
        assertThat(ManagedPolicySet.diff(List.of(A, B), List.of(B, A)).isEmpty()).isTrue();
        assertThat(ManagedPolicySet.diff(List.of(A, A), List.of(A)).isEmpty()).isTrue();
    }

    @Test
    void inlinePoliciesAreAMapDifferenceComparedSemantically() {
        InlinePolicySet d =
                InlinePolicySet.diff(
                        Map.of("same", DOC, "changed", DOC, "new", DOC),
                        Map.of("same", SAME_DOC_REORDERED, "changed", OTHER_DOC, "gone", DOC));
        assertThat(d.toPut()).containsOnlyKeys("changed", "new");
        assertThat(d.toDelete()).containsExactly("gone");
        assertThat(
                        InlinePolicySet.diff(Map.of("x", DOC), Map.of("x", SAME_DOC_REORDERED))
                                .isEmpty())
                .isTrue();
    }

    @Test
    void anUnparsableDocumentInAwsIsReplaced() {
        assertThat(InlinePolicySet.diff(Map.of("x", DOC), Map.of("x", "%%garbage")).toPut())
                .containsOnlyKeys("x");
    }

    @Test
    void desiredArnsIncludeResolvedReferences() {
        PrincipalPolicies spec =
                new PrincipalPolicies() {
                    public List<String> getPolicies() {
                        return List.of(A);
                    }

                    public List<ResourceReference> getPolicyRefs() {
                        return List.of(new ResourceReference("app"));
                    }

                    public Map<String, String> getInlinePolicies() {
                        return Map.of();
                    }
                };
        assertThat(spec.policyReferences())
                .extracting(r -> r.kind() + " " + r.name() + " " + r.field())
                .containsExactly("Policy app spec.policyRefs[0]");
        ResolvedReferences resolved =
                new ResolvedReferences(
                        Map.of(
                                ResolvedReferences.key("Policy", "app"),
                                new ResolvedReferences.Target(B, "app")));
        assertThat(spec.desiredPolicyArns(resolved)).containsExactly(A, B);
    }
}
