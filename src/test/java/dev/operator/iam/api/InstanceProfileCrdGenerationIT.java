package dev.operator.iam.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The instanceprofiles CRD as the build generates it from the Java types (target/kubernetes/, which
 * the chart and {@code kubectl explain} rely on): validation, immutability rules, printer columns,
 * descriptions.
 */
class InstanceProfileCrdGenerationIT {

    private static final String PLURAL = "instanceprofiles";
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
        assertThat(spec.at("/properties/name/maxLength").asInt()).isEqualTo(128);
        assertThat(spec.at("/properties/role/maxLength").asInt()).isEqualTo(64);
        assertThat(spec.at("/properties/tags/maxItems").asInt()).isEqualTo(46);
        assertThat(spec.at("/properties/roleRef/properties/from/required").toString())
                .isEqualTo("[\"name\"]");
    }

    @Test
    void roleAndRoleRefAreMutuallyExclusiveThroughACelRule() {
        JsonNode rule = spec.at("/x-kubernetes-validations/0");
        assertThat(rule.get("rule").asText()).isEqualTo("!(has(self.role) && has(self.roleRef))");
        assertThat(rule.get("message").asText()).contains("not both");
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
