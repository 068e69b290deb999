package dev.operator.iam.emulator;

import static dev.operator.iam.emulator.IamEmulatorRolesTest.tag;
import static dev.operator.iam.emulator.SdkErrors.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.CreateOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.OpenIDConnectProviderListEntry;

/** OpenID Connect providers through the real AWS SDK. */
class IamEmulatorOidcTest extends EmulatorApiTest {

    private static final String URL = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123";
    private static final String ARN =
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123";
    private static final String THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
    private static final String OTHER_THUMBPRINT = "a".repeat(40);

    @Test
    void createAndGetAProviderWithTheUrlWithoutItsScheme() {
        CreateOpenIdConnectProviderResponse created =
                iam.createOpenIDConnectProvider(
                        r ->
                                r.url(URL)
                                        .clientIDList("sts.amazonaws.com", "my-app")
                                        .thumbprintList(THUMBPRINT)
                                        .tags(tag("cluster", "prod")));

        GetOpenIdConnectProviderResponse fetched =
                iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(ARN));

        assertThat(created.openIDConnectProviderArn()).isEqualTo(ARN);
        assertThat(created.tags()).containsExactly(tag("cluster", "prod"));
        assertThat(fetched.url()).isEqualTo("oidc.eks.eu-west-1.amazonaws.com/id/ABC123");
        assertThat(fetched.clientIDList()).containsExactly("sts.amazonaws.com", "my-app");
        assertThat(fetched.thumbprintList()).containsExactly(THUMBPRINT);
        assertThat(fetched.createDate()).isNotNull();
        assertThat(fetched.tags()).containsExactly(tag("cluster", "prod"));
        OidcProviderSnapshot snapshot = emulator.oidcProvider(ARN).orElseThrow();
        assertThat(snapshot.url()).isEqualTo("oidc.eks.eu-west-1.amazonaws.com/id/ABC123");
        assertThat(snapshot.clientIds()).containsExactly("sts.amazonaws.com", "my-app");
        assertThat(snapshot.thumbprints()).containsExactly(THUMBPRINT);
        assertThat(snapshot.createDate()).isEqualTo(fetched.createDate());
    }

    @Test
    void aUrlCanOnlyBeRegisteredOnce() {
        iam.createOpenIDConnectProvider(r -> r.url(URL).thumbprintList(THUMBPRINT));

        assertThatThrownBy(
                        () ->
                                iam.createOpenIDConnectProvider(
                                        r -> r.url(URL).thumbprintList(THUMBPRINT)))
                .isInstanceOf(EntityAlreadyExistsException.class);
    }

    @Test
    void badUrlsAndThumbprintsAreRefused() {
        assertThat(
                        errorCode(
                                () ->
                                        iam.createOpenIDConnectProvider(
                                                r ->
                                                        r.url("http://insecure.example.com")
                                                                .thumbprintList(THUMBPRINT))))
                .isEqualTo("InvalidInput");
        assertThat(
                        errorCode(
                                () ->
                                        iam.createOpenIDConnectProvider(
                                                r -> r.url(URL).thumbprintList("too-short"))))
                .isEqualTo("ValidationError");
        assertThat(
                        errorCode(
                                () ->
                                        iam.createOpenIDConnectProvider(
                                                r ->
                                                        r.url(URL)
                                                                .thumbprintList(
                                                                        "1".repeat(40),
                                                                        "2".repeat(40),
                                                                        "3".repeat(40),
                                                                        "4".repeat(40),
                                                                        "5".repeat(40),
                                                                        "6".repeat(40)))))
                .isEqualTo("InvalidInput");
        assertThat(emulator.oidcProviders()).isEmpty();
    }

    @Test
    void listsEveryProviderByArn() {
        iam.createOpenIDConnectProvider(r -> r.url(URL).thumbprintList(THUMBPRINT));
        iam.createOpenIDConnectProvider(
                r ->
                        r.url("https://token.actions.githubusercontent.com")
                                .thumbprintList(THUMBPRINT));

        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList())
                .extracting(OpenIDConnectProviderListEntry::arn)
                .containsExactly(
                        ARN,
                        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
    }

    @Test
    void clientIdsAreAddedAndRemovedIdempotently() {
        iam.createOpenIDConnectProvider(
                r -> r.url(URL).clientIDList("sts.amazonaws.com").thumbprintList(THUMBPRINT));

        iam.addClientIDToOpenIDConnectProvider(
                r -> r.openIDConnectProviderArn(ARN).clientID("app"));
        iam.addClientIDToOpenIDConnectProvider(
                r -> r.openIDConnectProviderArn(ARN).clientID("app"));
        iam.removeClientIDFromOpenIDConnectProvider(
                r -> r.openIDConnectProviderArn(ARN).clientID("sts.amazonaws.com"));
        iam.removeClientIDFromOpenIDConnectProvider(
                r -> r.openIDConnectProviderArn(ARN).clientID("never-added"));

        assertThat(
                        iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(ARN))
                                .clientIDList())
                .containsExactly("app");
    }

    @Test
    void thumbprintsAreReplacedAsAWhole() {
        iam.createOpenIDConnectProvider(r -> r.url(URL).thumbprintList(THUMBPRINT));

        iam.updateOpenIDConnectProviderThumbprint(
                r -> r.openIDConnectProviderArn(ARN).thumbprintList(OTHER_THUMBPRINT, THUMBPRINT));

        assertThat(emulator.oidcProvider(ARN).orElseThrow().thumbprints())
                .containsExactly(OTHER_THUMBPRINT, THUMBPRINT);
        assertThat(
                        errorCode(
                                () ->
                                        iam.updateOpenIDConnectProviderThumbprint(
                                                r ->
                                                        r.openIDConnectProviderArn(ARN)
                                                                .thumbprintList("x"))))
                .isEqualTo("ValidationError");
    }

    @Test
    void tagsAreAddedListedAndRemoved() {
        iam.createOpenIDConnectProvider(r -> r.url(URL).thumbprintList(THUMBPRINT));

        iam.tagOpenIDConnectProvider(
                r -> r.openIDConnectProviderArn(ARN).tags(tag("a", "1"), tag("b", "2")));
        iam.untagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(ARN).tagKeys("a"));

        assertThat(iam.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(ARN)).tags())
                .containsExactly(tag("b", "2"));
    }

    @Test
    void missingProvidersAreNoSuchEntityAndDeletedProvidersAreGone() {
        iam.createOpenIDConnectProvider(r -> r.url(URL).thumbprintList(THUMBPRINT));

        iam.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(ARN));

        assertThatThrownBy(() -> iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(ARN)))
                .isInstanceOf(NoSuchEntityException.class);
        assertThat(
                        errorCode(
                                () ->
                                        iam.deleteOpenIDConnectProvider(
                                                r -> r.openIDConnectProviderArn(ARN))))
                .isEqualTo("NoSuchEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.addClientIDToOpenIDConnectProvider(
                                                r ->
                                                        r.openIDConnectProviderArn(ARN)
                                                                .clientID("a"))))
                .isEqualTo("NoSuchEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.getOpenIDConnectProvider(
                                                r -> r.openIDConnectProviderArn("not-an-arn"))))
                .isEqualTo("InvalidInput");
    }

    @Test
    void outOfBandChangesShowThroughTheApi() {
        OidcProviderSnapshot seeded =
                emulator.seedOidcProvider(
                        URL, List.of("sts.amazonaws.com"), List.of(THUMBPRINT), Map.of("a", "1"));
        emulator.addClientIdOutOfBand(ARN, "app");
        emulator.removeClientIdOutOfBand(ARN, "sts.amazonaws.com");
        emulator.updateThumbprintsOutOfBand(ARN, List.of(OTHER_THUMBPRINT));
        emulator.tagOidcProviderOutOfBand(ARN, Map.of("b", "2"));
        emulator.untagOidcProviderOutOfBand(ARN, "a");

        GetOpenIdConnectProviderResponse fetched =
                iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(ARN));
        assertThat(seeded.arn()).isEqualTo(ARN);
        assertThat(fetched.clientIDList()).containsExactly("app");
        assertThat(fetched.thumbprintList()).containsExactly(OTHER_THUMBPRINT);
        assertThat(fetched.tags()).containsExactly(tag("b", "2"));
        assertThatThrownBy(
                        () -> emulator.seedOidcProvider(URL, List.of(), List.of(THUMBPRINT), null))
                .hasMessageStartingWith("EntityAlreadyExists: ");

        emulator.deleteOidcProviderOutOfBand(ARN);
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList()).isEmpty();
    }
}
