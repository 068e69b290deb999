package dev.operator.iam.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec checks of {@code serviceAccounts} and the trust written for it, without AWS. */
class ServiceAccountTrustTest {

    private static final String PROVIDER =
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/C";

    private static Role role(String trust, String... serviceAccounts) {
        Role r = new Role();
        r.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace("team-a").build());
        RoleSpec spec = new RoleSpec();
        spec.setAssumeRolePolicyDocument(trust);
        spec.setServiceAccounts(
                serviceAccounts.length == 0 ? null : Arrays.asList(serviceAccounts));
        r.setSpec(spec);
        return r;
    }

    @Test
    void acceptsServiceAccountsAlone() {
        assertThat(RoleAdapter.problems(role(null, "api", "batch.v2"))).isEmpty();
    }

    @Test
    void refusesNeitherBothBadNamesDuplicatesAndAStrayMethod() {
        assertThat(RoleAdapter.problems(role(null)))
                .singleElement()
                .asString()
                .contains("spec.assumeRolePolicyDocument is required")
                .contains("spec.serviceAccounts");
        assertThat(RoleAdapter.problems(role(RoleTestSupport.EC2_TRUST, "api")))
                .singleElement()
                .asString()
                .contains("cannot both be given");
        assertThat(RoleAdapter.problems(role(null, "API", "api", "api", "-x")))
                .containsExactly(
                        "spec.serviceAccounts[0] \"API\" is not a ServiceAccount name (lower-case"
                                + " letters, digits, '-' and '.', starting and ending with a letter"
                                + " or digit)",
                        "spec.serviceAccounts[2] \"api\" appears more than once",
                        "spec.serviceAccounts[3] \"-x\" is not a ServiceAccount name (lower-case"
                                + " letters, digits, '-' and '.', starting and ending with a letter"
                                + " or digit)");
        Role stray = role(RoleTestSupport.EC2_TRUST);
        stray.getSpec().setServiceAccountTrust(ServiceAccountTrust.Method.PodIdentity);
        assertThat(RoleAdapter.problems(stray))
                .singleElement()
                .asString()
                .contains("spec.serviceAccountTrust applies only with spec.serviceAccounts");
        Role empty = role(null);
        empty.getSpec().setServiceAccounts(List.of());
        assertThat(RoleAdapter.problems(empty)).anyMatch(p -> p.contains("is empty"));
    }

    @Test
    void writesTheSameTextWhateverTheOrderOfTheNames() {
        assertThat(
                        ServiceAccountTrust.document(
                                "team-a",
                                List.of("b", "a"),
                                ServiceAccountTrust.Method.Both,
                                PROVIDER))
                .isEqualTo(
                        ServiceAccountTrust.document(
                                "team-a",
                                List.of("a", "b"),
                                ServiceAccountTrust.Method.Both,
                                PROVIDER));
    }

    @Test
    void writesOnlyTheStatementOfTheMethodAsked() {
        String irsa =
                ServiceAccountTrust.document(
                        "team-a", List.of("a"), ServiceAccountTrust.Method.IRSA, PROVIDER);
        String pods =
                ServiceAccountTrust.document(
                        "team-a", List.of("a"), ServiceAccountTrust.Method.PodIdentity, null);
        assertThat(irsa)
                .contains("\"Federated\":\"" + PROVIDER + "\"")
                .doesNotContain("pods.eks.amazonaws.com");
        assertThat(pods)
                .contains("pods.eks.amazonaws.com")
                .contains("\"aws:RequestTag/kubernetes-service-account\":[\"a\"]")
                .doesNotContain("Federated");
    }
}
