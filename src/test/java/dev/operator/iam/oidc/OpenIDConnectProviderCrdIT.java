package dev.operator.iam.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operator.iam.api.GeneratedCrd;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenIDConnectProvider CRD as the build generates it: validation, the immutable URL, printer
 * columns, descriptions for {@code kubectl explain}.
 */
class OpenIDConnectProviderCrdIT {

    private static final String PLURAL = "openidconnectproviders";
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
        assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("OpenIDConnectProvider");
        assertThat(crd.at("/spec/names/plural").asText()).isEqualTo("openidconnectproviders");
        assertThat(version.get("name").asText()).isEqualTo("v1alpha1");
    }

    @Test
    void kubectlShowsAwsNameReadyReasonArnAgeTheMessageWhenWideAndListsItUnderIam()
            throws IOException {
        GeneratedCrd.read(PLURAL).assertKubectlView();
    }

    @Test
    void theUrlIsRequiredHttpsAndImmutable() {
        JsonNode rule = spec.at("/properties/url/x-kubernetes-validations/0");
        assertThat(rule.get("rule").asText()).isEqualTo("self == oldSelf");
        assertThat(rule.get("message").asText()).contains("immutable");
        assertThat(spec.at("/properties/url/pattern").asText()).startsWith("^https://");
        assertThat(spec.at("/properties/url/maxLength").asInt()).isEqualTo(255);
        assertThat(spec.at("/required").toString()).isEqualTo("[\"url\"]");
    }

    @Test
    void iamLimitsAreValidatedByTheApiServer() {
        assertThat(spec.at("/properties/thumbprints/maxItems").asInt()).isEqualTo(5);
        assertThat(spec.at("/properties/clientIDs/maxItems").asInt()).isEqualTo(100);
        assertThat(spec.at("/properties/tags/maxItems").asInt()).isEqualTo(46);
    }

    @Test
    void everySpecAndStatusFieldIsDescribedForKubectlExplain() {
        List<String> undescribed = new ArrayList<>();
        GeneratedCrd.collectUndescribed("spec", spec, undescribed);
        GeneratedCrd.collectUndescribed(
                "status", version.at("/schema/openAPIV3Schema/properties/status"), undescribed);
        undescribed.removeIf(path -> path.startsWith("status.conditions."));
        assertThat(undescribed).isEmpty();
        assertThat(version.at("/subresources/status").isObject()).as("status subresource").isTrue();
    }
}
