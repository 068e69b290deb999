package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiDiscoveryTest {

    private static final CustomResourceDefinition POLICIES =
            new CustomResourceDefinitionBuilder()
                    .withNewMetadata()
                    .withName("policies.iam.operator.dev")
                    .endMetadata()
                    .withNewSpec()
                    .withGroup("iam.operator.dev")
                    .withScope("Namespaced")
                    .withNewNames()
                    .withKind("Policy")
                    .withPlural("policies")
                    .withSingular("policy")
                    .withShortNames("iampolicy")
                    .withCategories("iam")
                    .endNames()
                    .addNewVersion()
                    .withName("v1alpha1")
                    .withServed(true)
                    .withStorage(true)
                    .withNewSchema()
                    .withNewOpenAPIV3Schema()
                    .withType("object")
                    .withDescription("An IAM policy")
                    .endOpenAPIV3Schema()
                    .endSchema()
                    .withNewSubresources()
                    .withNewStatus()
                    .endStatus()
                    .endSubresources()
                    .endVersion()
                    .endSpec()
                    .build();

    private final ApiDiscovery discovery = new ApiDiscovery();

    {
        discovery.serve(List.of(POLICIES));
    }

    @Test
    void servesTheGroupsAndTheCustomResourcesWithTheirCategoriesAndShortNames() {
        assertThat(discovery.answer("/apis").orElseThrow())
                .contains("\"name\":\"iam.operator.dev\"")
                .contains("\"groupVersion\":\"iam.operator.dev/v1alpha1\"");
        assertThat(discovery.answer("/apis/iam.operator.dev/v1alpha1").orElseThrow())
                .contains("\"kind\":\"APIResourceList\"")
                .contains("\"name\":\"policies\"")
                .contains("\"namespaced\":true")
                .contains("\"shortNames\":[\"iampolicy\"]")
                .contains("\"categories\":[\"iam\"]")
                .contains("\"name\":\"policies/status\"");
        assertThat(discovery.answer("/api/v1").orElseThrow()).contains("\"name\":\"namespaces\"");
    }

    @Test
    void servesOpenApiWithTheSchemaAndAPatchThatTakesFieldValidation() {
        assertThat(discovery.answer("/openapi/v3").orElseThrow())
                .contains("\"apis/iam.operator.dev/v1alpha1\"");
        assertThat(discovery.answer("/openapi/v3/apis/iam.operator.dev/v1alpha1").orElseThrow())
                .contains("\"description\":\"An IAM policy\"")
                .contains("/apis/iam.operator.dev/v1alpha1/namespaces/{namespace}/policies/{name}")
                .contains("\"name\":\"fieldValidation\"")
                .contains("\"kind\":\"Policy\"");
    }

    @Test
    void leavesObjectPathsToTheStore() {
        assertThat(discovery.answer("/apis/iam.operator.dev/v1alpha1/namespaces/default/policies"))
                .isEmpty();
        assertThat(discovery.answer("/api/v1/namespaces")).isEmpty();
        assertThat(discovery.answer("/apis/other.example.com")).isEmpty();
    }
}
