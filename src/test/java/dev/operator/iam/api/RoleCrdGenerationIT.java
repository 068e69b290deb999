package dev.operator.iam.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The roles CRD as the build generates it from the Java types (target/kubernetes/, which the chart
 * and {@code kubectl explain} rely on): validation, immutability rules, printer columns,
 * descriptions.
 */
class RoleCrdGenerationIT {

    private static final String PLURAL = "roles";
    private static JsonNode version;
    private static JsonNode spec;

    @BeforeAll
    static void readCrd() throws IOException {
        JsonNode crd = GeneratedCrd.read(PLURAL).crd();
        assertThat(crd.at("/spec/group").asText()).isEqualTo("iam.operator.dev");
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        version = crd.at("/spec/versions/0");
        spec = version.at("/schema/openAPIV3Schema/properties/spec");
    }

    @Test
    void kubectlShowsAwsNameReadyReasonArnAgeTheMessageWhenWideAndListsItUnderIam()
            throws IOException {
        GeneratedCrd.read(PLURAL).assertKubectlView();
    }

    @Test
    void nameAndPathAreImmutableThroughCelRules() {
        for (String field : new String[] {"name", "path"}) {
            JsonNode rule = spec.at("/properties/" + field + "/x-kubernetes-validations/0");
            assertThat(rule.get("rule").asText()).as(field).isEqualTo("self == oldSelf");
            assertThat(rule.get("message").asText()).as(field).contains("immutable");
        }
    }

    @Test
    void iamPatternsAndLimitsAreValidatedByTheApiServer() {
        assertThat(spec.at("/properties/name/pattern").asText()).isEqualTo("^[\\w+=,.@-]+$");
        assertThat(spec.at("/properties/name/maxLength").asInt()).isEqualTo(64);
        assertThat(spec.at("/properties/path/pattern").asText()).isEqualTo("^/([\\x21-\\x7E]*/)?$");
        assertThat(spec.at("/properties/maxSessionDuration/minimum").asInt()).isEqualTo(3600);
        assertThat(spec.at("/properties/maxSessionDuration/maximum").asInt()).isEqualTo(43200);
        assertThat(spec.at("/properties/description/maxLength").asInt()).isEqualTo(1000);
        assertThat(spec.at("/properties/tags/maxItems").asInt()).isEqualTo(46);
        assertThat(spec.at("/properties/policyRefs/items/properties/from/required").toString())
                .isEqualTo("[\"name\"]");
        assertThat(spec.at("/properties/inlinePolicies/additionalProperties/type").asText())
                .isEqualTo("string");
        // A trust policy or the ServiceAccounts the operator writes one for: exactly one.
        assertThat(spec.at("/required").isMissingNode()).isTrue();
        assertThat(spec.at("/x-kubernetes-validations/0/rule").asText())
                .isEqualTo("has(self.assumeRolePolicyDocument) != has(self.serviceAccounts)");
        assertThat(spec.at("/properties/serviceAccounts/minItems").asInt()).isEqualTo(1);
        assertThat(spec.at("/properties/serviceAccountTrust/enum").toString())
                .isEqualTo("[\"Both\",\"IRSA\",\"PodIdentity\"]");
    }

    @Test
    void everySpecAndStatusFieldIsDescribedForKubectlExplain() {
        List<String> undescribed = new ArrayList<>();
        GeneratedCrd.collectUndescribed("spec", spec, undescribed);
        GeneratedCrd.collectUndescribed(
                "status", version.at("/schema/openAPIV3Schema/properties/status"), undescribed);
        // The condition's own fields come from the Kubernetes model (fabric8's Condition), not from
        // us.
        undescribed.removeIf(path -> path.startsWith("status.conditions."));
        assertThat(undescribed).isEmpty();
        assertThat(version.at("/subresources/status").isObject()).as("status subresource").isTrue();
    }
}
