package dev.operator.iam.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The accesskeys CRD as the build generates it from the Java types (target/kubernetes/): the user
 * given exactly once and immutable, the Secret's name and the key's status validated by the API
 * server, no tags (IAM takes none on keys), the printer columns of every kind (the key id as the
 * name in AWS), and no field of status that could hold a secret.
 */
class AccessKeyCrdGenerationIT {

    private static final String PLURAL = "accesskeys";
    private static JsonNode version;
    private static JsonNode spec;

    @BeforeAll
    static void readCrd() throws IOException {
        JsonNode crd = GeneratedCrd.read(PLURAL).crd();
        assertThat(crd.at("/spec/group").asText()).isEqualTo("iam.operator.dev");
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("AccessKey");
        version = crd.at("/spec/versions/0");
        spec = version.at("/schema/openAPIV3Schema/properties/spec");
    }

    @Test
    void printerColumnsAreEveryKindsWithTheKeyIdAsTheNameInAws() {
        List<String> names = new ArrayList<>();
        version.get("additionalPrinterColumns").forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).containsExactly("AWS-Name", "Ready", "Reason", "ARN", "Age", "Message");
        assertThat(version.at("/additionalPrinterColumns/0/jsonPath").asText())
                .isEqualTo(".status.name");
    }

    @Test
    void exactlyOneOfUserNameAndUserRefThroughACelRule() {
        JsonNode rule = spec.at("/x-kubernetes-validations/0");
        assertThat(rule.get("rule").asText()).isEqualTo("has(self.userName) != has(self.userRef)");
        for (String field : new String[] {"userName", "userRef"}) {
            JsonNode immutable = spec.at("/properties/" + field + "/x-kubernetes-validations/0");
            assertThat(immutable.get("rule").asText()).as(field).isEqualTo("self == oldSelf");
            assertThat(immutable.get("message").asText()).as(field).contains("immutable");
        }
    }

    @Test
    void fieldsAreValidatedByTheApiServerAndThereAreNoTags() {
        assertThat(spec.at("/properties/userName/maxLength").asInt()).isEqualTo(64);
        assertThat(spec.at("/properties/status/pattern").asText()).isEqualTo("^(Active|Inactive)$");
        assertThat(spec.at("/properties/secretName/maxLength").asInt()).isEqualTo(253);
        assertThat(spec.at("/properties/rotation/properties").has("period")).isTrue();
        assertThat(spec.at("/properties").has("tags")).isFalse();
        assertThat(spec.at("/properties").has("name")).isFalse();
    }

    @Test
    void statusHasTheKeyIdAndItsLastUseButNoFieldForASecret() {
        JsonNode status = version.at("/schema/openAPIV3Schema/properties/status/properties");
        assertThat(status.has("accessKeyId")).isTrue();
        assertThat(status.at("/lastUsed/properties").has("serviceName")).isTrue();
        List<String> fields = new ArrayList<>();
        status.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .noneMatch(f -> f.toLowerCase().contains("secretaccesskey") || f.equals("secret"));
    }
}
