package dev.operator.iam.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The User and Group CRDs as the build generates them (target/kubernetes/users... and groups...):
 * immutability rules, IAM patterns, printer columns and a description on every field.
 */
class UserGroupCrdGenerationIT {

    private static JsonNode version(String plural) throws IOException {
        JsonNode crd = GeneratedCrd.read(plural).crd();
        assertThat(crd.at("/spec/group").asText()).isEqualTo("iam.operator.dev");
        assertThat(crd.at("/spec/names/plural").asText()).isEqualTo(plural);
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        return crd.at("/spec/versions/0");
    }

    private static JsonNode spec(JsonNode version) {
        return version.at("/schema/openAPIV3Schema/properties/spec");
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "groups"})
    void kubectlShowsAwsNameReadyReasonArnAgeTheMessageWhenWideAndListsItUnderIam(String plural)
            throws IOException {
        GeneratedCrd.read(plural).assertKubectlView();
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "groups"})
    void nameAndPathAreImmutableThroughCelRules(String plural) throws IOException {
        JsonNode spec = spec(version(plural));
        for (String field : new String[] {"name", "path"}) {
            JsonNode rule = spec.at("/properties/" + field + "/x-kubernetes-validations/0");
            assertThat(rule.get("rule").asText()).as(field).isEqualTo("self == oldSelf");
            assertThat(rule.get("message").asText()).as(field).contains("immutable");
        }
        assertThat(spec.at("/properties/name/pattern").asText()).isEqualTo("^[\\w+=,.@-]+$");
        assertThat(spec.at("/properties/path/pattern").asText()).isEqualTo("^/([\\x21-\\x7E]*/)?$");
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "groups"})
    void policyFieldsAreThere(String plural) throws IOException {
        JsonNode spec = spec(version(plural));
        assertThat(spec.at("/properties/policies/type").asText()).isEqualTo("array");
        assertThat(
                        spec.at("/properties/policyRefs/items/properties/from/properties/name")
                                .isObject())
                .isTrue();
        assertThat(spec.at("/properties/inlinePolicies/type").asText()).isEqualTo("object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"users"})
    void userNamesAreAtMost64AndUsersCarryGroupsAndTags(String plural) throws IOException {
        JsonNode spec = spec(version(plural));
        assertThat(spec.at("/properties/name/maxLength").asInt()).isEqualTo(64);
        assertThat(spec.at("/properties/tags/maxItems").asInt()).isEqualTo(46);
        assertThat(spec.at("/properties/groups/type").asText()).isEqualTo("array");
        assertThat(
                        spec.at("/properties/groupRefs/items/properties/from/properties/name")
                                .isObject())
                .isTrue();
        assertThat(spec.at("/properties/permissionsBoundary/type").asText()).isEqualTo("string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"groups"})
    void groupsTakeNoTags(String plural) throws IOException {
        assertThat(spec(version(plural)).at("/properties/tags").isMissingNode()).isTrue();
        assertThat(spec(version(plural)).at("/properties/name/maxLength").asInt()).isEqualTo(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "groups"})
    void everySpecAndStatusFieldIsDescribedForKubectlExplain(String plural) throws IOException {
        JsonNode version = version(plural);
        List<String> undescribed = new ArrayList<>();
        GeneratedCrd.collectUndescribed("spec", spec(version), undescribed);
        GeneratedCrd.collectUndescribed(
                "status", version.at("/schema/openAPIV3Schema/properties/status"), undescribed);
        undescribed.removeIf(path -> path.startsWith("status.conditions."));
        assertThat(undescribed).isEmpty();
        assertThat(version.at("/subresources/status").isObject()).as("status subresource").isTrue();
    }
}
