package dev.operator.iam.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.servicelinkedrole.ServiceLinkedRole;
import dev.operator.iam.servicelinkedrole.ServiceLinkedRoleAdapter;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped examples of these kinds are valid specs, as the operator's own checks see them. */
class OidcAndSlrExamplesTest {

    @Test
    void theEksProviderExampleIsValid() throws IOException {
        OpenIDConnectProvider p =
                Serialization.unmarshal(
                        Files.readString(Path.of("examples/oidc-provider-eks.yaml")),
                        OpenIDConnectProvider.class);

        assertThat(new OpenIDConnectProviderAdapter(null, null, null).validate(p)).isEmpty();
        assertThat(p.getSpec().getUrl())
                .matches("https://oidc\\.eks\\.[a-z0-9-]+\\.amazonaws\\.com/id/[0-9A-F]+");
        assertThat(p.getSpec().getClientIDs()).containsExactly("sts.amazonaws.com");
        assertThat(p.awsName()).startsWith("oidc.eks.");
    }

    @Test
    void theAutoScalingServiceLinkedRoleExampleIsValid() throws IOException {
        ServiceLinkedRole r =
                Serialization.unmarshal(
                        Files.readString(Path.of("examples/service-linked-role-autoscaling.yaml")),
                        ServiceLinkedRole.class);

        assertThat(new ServiceLinkedRoleAdapter(null, null, null).validate(r)).isEmpty();
        assertThat(r.getSpec().getAwsServiceName()).isEqualTo("autoscaling.amazonaws.com");
    }
}
