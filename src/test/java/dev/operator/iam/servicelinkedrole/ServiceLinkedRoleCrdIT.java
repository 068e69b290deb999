package dev.operator.iam.servicelinkedrole;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operator.iam.api.GeneratedCrd;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ServiceLinkedRole CRD as the build generates it: the required and immutable service, printer
 * columns, descriptions for {@code kubectl explain}, and no tags (IAM takes none).
 */
class ServiceLinkedRoleCrdIT {

    private static final String PLURAL = "servicelinkedroles";
    private static JsonNode crd;
    private static JsonNode version;
    private static JsonNode spec;

    @BeforeAll
    static void readCrd() throws IOException {
        crd = GeneratedCrd.read(PLURAL).crd();
        version = crd.at("/spec/versions/0");
        spec = version.at("/schema/openAPIV3Schema/properties/spec");
    }

    @Test
    void isANamespacedKindOfTheOperatorsGroup() {
        assertThat(crd.at("/spec/group").asText()).isEqualTo("iam.operator.dev");
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("ServiceLinkedRole");
        assertThat(crd.at("/spec/names/plural").asText()).isEqualTo("servicelinkedroles");
    }

    @Test
    void kubectlShowsAwsNameReadyReasonArnAgeTheMessageWhenWideAndListsItUnderIam()
            throws IOException {
        GeneratedCrd.read(PLURAL).assertKubectlView();
    }

    @Test
    void theServiceIsRequiredAndServiceAndSuffixAreImmutable() {
        assertThat(spec.at("/required").toString()).isEqualTo("[\"awsServiceName\"]");
        for (String field : new String[] {"awsServiceName", "customSuffix"}) {
            JsonNode rule = spec.at("/properties/" + field + "/x-kubernetes-validations/0");
            assertThat(rule.get("rule").asText()).as(field).isEqualTo("self == oldSelf");
            assertThat(rule.get("message").asText()).as(field).contains("immutable");
        }
        assertThat(spec.at("/properties/customSuffix/maxLength").asInt()).isEqualTo(64);
        assertThat(spec.at("/properties/description/maxLength").asInt()).isEqualTo(1000);
        assertThat(spec.at("/properties/tags").isMissingNode())
                .as("CreateServiceLinkedRole takes no tags")
                .isTrue();
    }

    @Test
    void everySpecAndStatusFieldIsDescribedForKubectlExplain() {
        List<String> undescribed = new ArrayList<>();
        GeneratedCrd.collectUndescribed("spec", spec, undescribed);
        GeneratedCrd.collectUndescribed(
                "status", version.at("/schema/openAPIV3Schema/properties/status"), undescribed);
        undescribed.removeIf(path -> path.startsWith("status.conditions."));
        assertThat(undescribed).isEmpty();
        assertThat(
                        version.at(
                                        "/schema/openAPIV3Schema/properties/status/properties/deletionTaskId")
                                .isObject())
                .isTrue();
    }
}
