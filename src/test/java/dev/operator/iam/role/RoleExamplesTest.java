package dev.operator.iam.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.instanceprofile.InstanceProfile;
import dev.operator.iam.instanceprofile.InstanceProfileAdapter;
import dev.operator.iam.policy.Policy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples users copy pass the operator's own validation and say what they claim to. */
class RoleExamplesTest {

    @Test
    void theIrsaRoleTrustsOneServiceAccountThroughTheEksOidcProviderAndRefersToAnExamplePolicy()
            throws IOException {
        Role role = only(documents("examples/role-irsa.yaml"), Role.class);

        assertThat(RoleAdapter.problems(role)).isEmpty();
        String trust = role.getSpec().getAssumeRolePolicyDocument();
        assertThat(trust)
                .contains("sts:AssumeRoleWithWebIdentity")
                .contains(":oidc-provider/oidc.eks.")
                .contains(":sub\": \"system:serviceaccount:orders:orders-api\"");
        String referenced = role.getSpec().getPolicyRefs().get(0).name();
        Policy policy = only(documents("examples/policy-s3-read-only.yaml"), Policy.class);
        assertThat(policy.getMetadata().getName()).isEqualTo(referenced);
        assertThat(policy.getMetadata().getNamespace())
                .isEqualTo(role.getMetadata().getNamespace());
    }

    @Test
    void theRoleForPodsListsServiceAccountsAndGetsATrustThatPassesTheTenancyRules()
            throws IOException {
        Role role = only(documents("examples/role-for-pods.yaml"), Role.class);

        assertThat(RoleAdapter.problems(role)).isEmpty();
        assertThat(role.getSpec().getAssumeRolePolicyDocument()).isNull();
        assertThat(role.getSpec().getServiceAccounts())
                .containsExactly("orders-worker", "orders-cron");
        String trust =
                ServiceAccountTrust.document(
                        role.getMetadata().getNamespace(),
                        role.getSpec().getServiceAccounts(),
                        role.getSpec().effectiveServiceAccountTrust(),
                        "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X");
        assertThat(trust)
                .contains("\"system:serviceaccount:default:orders-cron\"")
                .contains("\"system:serviceaccount:default:orders-worker\"")
                .contains("\"oidc.eks.eu-west-1.amazonaws.com/id/X:aud\":\"sts.amazonaws.com\"");
        Policy policy = only(documents("examples/policy-s3-read-only.yaml"), Policy.class);
        assertThat(role.getSpec().getPolicyRefs().get(0).name())
                .isEqualTo(policy.getMetadata().getName());
    }

    @Test
    void theEc2InstanceProfileHoldsARoleTrustedByEc2WithSsm() throws IOException {
        List<String> docs = documents("examples/instance-profile-ec2.yaml");
        Role role = only(docs, Role.class);
        InstanceProfile profile = only(docs, InstanceProfile.class);

        assertThat(RoleAdapter.problems(role)).isEmpty();
        assertThat(InstanceProfileAdapter.problems(profile)).isEmpty();
        assertThat(role.getSpec().getAssumeRolePolicyDocument()).contains("ec2.amazonaws.com");
        assertThat(role.getSpec().getPolicies())
                .containsExactly("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
        assertThat(profile.getSpec().getRoleRef().name()).isEqualTo(role.getMetadata().getName());
        assertThat(profile.getSpec().getRole()).isNull();
    }

    private static List<String> documents(String file) throws IOException {
        List<String> docs = new ArrayList<>();
        for (String doc : Files.readString(Path.of(file)).split("(?m)^---$")) {
            if (doc.contains("kind:")) {
                docs.add(doc);
            }
        }
        return docs;
    }

    private static <T> T only(List<String> docs, Class<T> type) {
        String kind = type.getSimpleName();
        List<String> matching =
                docs.stream().filter(d -> d.matches("(?s).*\\nkind: " + kind + "\\n.*")).toList();
        assertThat(matching).as("documents of kind %s", kind).hasSize(1);
        return Serialization.unmarshal(matching.get(0), type);
    }
}
