package dev.operator.iam.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.OidcProviderSnapshot;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.testing.IamEmulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Creating, deleting and retaining OIDC providers; specs the operator refuses to act on. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class OpenIDConnectProviderLifecycleTest extends OidcTestSupport {

    @Test
    void createsAProviderWithItsOwnershipTagsInTheCreateCall() {
        Instant start = Instant.now();
        OpenIDConnectProvider created =
                apply(provider("eks", Map.of(), new Tag("cluster", "prod-eu")));

        OpenIDConnectProvider ready = providers.awaitReady("eks", true, "Created");

        assertThat(ready.getStatus().getArn()).isEqualTo(arn());
        assertThat(ready.getStatus().getName()).isEqualTo(host() + "/id/EXAMPLE");
        assertThat(ready.getStatus().getId()).as("IAM gives providers no id").isNull();
        OidcProviderSnapshot aws = aws(arn());
        assertThat(aws.clientIds()).containsExactly(STS);
        assertThat(aws.thumbprints()).containsExactly(T1);
        assertThat(aws.tags())
                .containsEntry("cluster", "prod-eu")
                .containsAllEntriesOf(ownedBy("eks"))
                .containsEntry("iam.operator.dev/uid", created.getMetadata().getUid());
        List<RecordedCall> creates =
                callsAboutHost(start).stream()
                        .filter(c -> c.action().equals("CreateOpenIDConnectProvider"))
                        .toList();
        assertThat(creates).hasSize(1);
        Map<String, String> params = creates.get(0).params();
        assertThat(params).containsEntry("Url", url());
        assertThat(tagsOf(params))
                .as("the ownership tags travel in the create call itself")
                .containsAllEntriesOf(ownedBy("eks"))
                .containsEntry("iam.operator.dev/uid", created.getMetadata().getUid());
        assertThat(providers.condition("eks", Conditions.ADOPTED).get().getStatus())
                .isEqualTo("False");
    }

    @Test
    void leavesThumbprintsToIamWhenTheSpecHasNone() {
        Instant start = Instant.now();
        apply(provider("no-thumbs", url(), List.of(STS), List.of(), Map.of()));
        providers.awaitReady("no-thumbs", true, "Created");
        RecordedCall create =
                callsAboutHost(start).stream()
                        .filter(c -> c.action().equals("CreateOpenIDConnectProvider"))
                        .findFirst()
                        .orElseThrow();
        assertThat(create.params().keySet()).noneMatch(k -> k.startsWith("ThumbprintList"));

        // IAM keeps (or computes) thumbprints of its own: not drift, shown in status.
        emulator().updateThumbprintsOutOfBand(arn(), List.of(T2));
        Instant changed = Instant.now();
        // Ready: every resync is a finished reconcile.
        providers.awaitSyncedAgain("no-thumbs");

        assertThat(aws(arn()).thumbprints()).containsExactly(T2);
        assertThat(providers.ready("no-thumbs").get().getReason()).isEqualTo("UpToDate");
        assertThat(providers.get("no-thumbs").getStatus().getThumbprints()).containsExactly(T2);
        assertThat(count(callsAboutHost(changed), "UpdateOpenIDConnectProviderThumbprint"))
                .isZero();
    }

    @Test
    void deletesTheProviderWhenTheObjectIsDeleted() {
        apply(provider("to-delete", Map.of()));
        providers.awaitReady("to-delete", true, "Created");

        providers.resource("to-delete").delete();

        providers.awaitGone("to-delete");
        assertThat(emulator().oidcProvider(arn())).isEmpty();
        assertThat(count(callsAboutHost(Instant.EPOCH), "DeleteOpenIDConnectProvider"))
                .isEqualTo(1);
    }

    @Test
    void retainsTheProviderWhenAskedTo() {
        apply(provider("kept", Map.of(ResourcePolicies.DELETION_POLICY, "retain")));
        providers.awaitReady("kept", true, "Created");

        providers.resource("kept").delete();

        providers.awaitGone("kept");
        assertThat(aws(arn()).tags()).containsAllEntriesOf(ownedBy("kept"));
        assertThat(count(callsAboutHost(Instant.EPOCH), "DeleteOpenIDConnectProvider")).isZero();
    }

    @Test
    void refusesAPlainHttpUrlWithoutCallingAws() {
        Instant start = Instant.now();
        apply(provider("http", "http://" + host(), List.of(STS), List.of(T1), Map.of()));

        providers.awaitReady("http", false, "InvalidSpec");

        assertThat(providers.ready("http").get().getMessage()).contains("must begin with https://");
        providers.awaitRevalidated("http");
        assertThat(callsAboutHost(start)).isEmpty();
    }

    @Test
    void refusesAThumbprintThatIsNotFortyHexDigitsWithoutCallingAws() {
        Instant start = Instant.now();
        apply(provider("bad-thumb", url(), List.of(STS), List.of("AB:CD:EF"), Map.of()));

        providers.awaitReady("bad-thumb", false, "InvalidSpec");

        assertThat(providers.ready("bad-thumb").get().getMessage())
                .contains("spec.thumbprints[0]")
                .contains("40 hex digits");
        providers.awaitRevalidated("bad-thumb");
        assertThat(callsAboutHost(start)).isEmpty();
        assertThat(emulator().oidcProvider(arn())).isEmpty();
    }

    @Test
    void refusesToChangeTheUrlOfAnExistingProvider() {
        apply(provider("moving", Map.of()));
        providers.awaitReady("moving", true, "Created");
        String otherUrl = "https://other-" + host();

        providers.editSpec("moving", spec -> spec.setUrl(otherUrl));

        providers.awaitReady("moving", false, "InvalidSpec");
        assertThat(providers.ready("moving").get().getMessage())
                .contains("spec.url is immutable")
                .contains(arn());
        assertThat(emulator().oidcProvider(arnOf(otherUrl))).as("no second provider").isEmpty();
        assertThat(aws(arn()).clientIds()).containsExactly(STS);
    }

    @Test
    void observeOnlyReportsAndNeverWrites() {
        OidcProviderSnapshot existing =
                emulator()
                        .seedOidcProvider(
                                url(), List.of("other-audience"), List.of(T2), Map.of("o", "p"));
        Instant start = Instant.now();

        apply(provider("watched", Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe")));

        providers.awaitReady("watched", false, "DriftReported");
        assertThat(providers.get("watched").getStatus().getDrift())
                .containsExactly("clientIDs", "thumbprints", "tags");
        providers.resource("watched").delete();
        providers.awaitGone("watched");
        assertThat(aws(arn())).isEqualTo(existing);
        assertThat(callsAboutHost(start))
                .as("only looked at")
                .isNotEmpty()
                .allMatch(c -> c.action().startsWith("Get") || c.action().startsWith("List"));
    }

    @Test
    void observeOnlyNeverCreatesAMissingProvider() {
        Instant start = Instant.now();
        apply(provider("absent", Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe")));

        providers.awaitReady("absent", false, "Observing");
        // Observing a provider that does not exist: no status to move, but every resync looks.
        providers.awaitObservedAgain(arn());
        assertThat(emulator().oidcProvider(arn())).isEmpty();
        assertThat(count(callsAboutHost(start), "CreateOpenIDConnectProvider")).isZero();
    }

    /** {@code Tags.member.N.Key} / {@code Tags.member.N.Value} pairs of a query request. */
    static Map<String, String> tagsOf(Map<String, String> params) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        params.forEach(
                (k, v) -> {
                    if (k.startsWith("Tags.member.") && k.endsWith(".Key")) {
                        String prefix = k.substring(0, k.length() - ".Key".length());
                        tags.put(v, params.getOrDefault(prefix + ".Value", ""));
                    }
                });
        return tags;
    }
}
