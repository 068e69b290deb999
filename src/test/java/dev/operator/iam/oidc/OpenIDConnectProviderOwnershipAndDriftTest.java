package dev.operator.iam.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.OidcProviderSnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whose provider it is, and what happens when AWS or the spec changes. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class OpenIDConnectProviderOwnershipAndDriftTest extends OidcTestSupport {

    @Test
    void recoversAProviderItCreatedBeforeACrashWithoutCreatingItAgain() {
        // What a previous process left behind: the provider with our tags, no status written.
        OidcProviderSnapshot leftBehind =
                emulator().seedOidcProvider(url(), List.of(STS), List.of(T1), ownedBy("crashed"));
        Instant start = Instant.now();

        apply(provider("crashed", Map.of()));

        OpenIDConnectProvider ready = providers.awaitReady("crashed", true, "Recovered");
        assertThat(ready.getStatus().getArn()).isEqualTo(leftBehind.arn());
        assertThat(events("crashed")).anyMatch(e -> e.getReason().equals("Recovered"));
        // A new object creates first: IAM refused it (the name is taken) and nothing was made.
        assertThat(callsAboutHost(start))
                .filteredOn(c -> c.action().equals("CreateOpenIDConnectProvider"))
                .hasSizeLessThanOrEqualTo(1)
                .allMatch(c -> "EntityAlreadyExists".equals(c.errorCode()));
        assertThat(aws(arn()).createDate()).isEqualTo(leftBehind.createDate());
    }

    @Test
    void refusesToTouchAProviderItDoesNotOwn() {
        OidcProviderSnapshot foreign =
                emulator()
                        .seedOidcProvider(
                                url(), List.of("x"), List.of(T2), Map.of("owner", "terraform"));
        Instant start = Instant.now();

        apply(provider("foreign", Map.of()));

        providers.awaitReady("foreign", false, "AlreadyExistsNotOwned");
        assertThat(providers.ready("foreign").get().getMessage())
                .contains(ResourcePolicies.ADOPTION_POLICY)
                .contains(foreign.arn());
        // Refused: status stays as it is, but every resync looks the provider up again.
        providers.awaitObservedAgain(foreign.arn());
        providers.resource("foreign").delete();
        providers.awaitGone("foreign");
        assertThat(aws(arn())).as("left exactly as it was").isEqualTo(foreign);
        assertThat(callsAboutHost(start)).allMatch(OperatorTestSupport::onlyLookedAt);
    }

    @Test
    void adoptsAnExistingProviderWhenAnnotatedAndEnforcesTheSpec() {
        OidcProviderSnapshot legacy =
                emulator()
                        .seedOidcProvider(
                                url(), List.of("old-audience"), List.of(T2), Map.of("o", "t"));

        OpenIDConnectProvider created =
                apply(provider("legacy", Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt")));

        providers.awaitReady("legacy", true, "Adopted");
        assertThat(providers.condition("legacy", Conditions.ADOPTED).get().getStatus())
                .isEqualTo("True");
        OidcProviderSnapshot aws = aws(arn());
        assertThat(aws.createDate()).as("the existing provider").isEqualTo(legacy.createDate());
        assertThat(aws.clientIds()).containsExactly(STS);
        assertThat(aws.thumbprints()).containsExactly(T1);
        assertThat(aws.tags())
                .containsAllEntriesOf(ownedBy("legacy"))
                .containsEntry("iam.operator.dev/uid", created.getMetadata().getUid())
                .doesNotContainKey("o");
    }

    @Test
    void correctsClientIdThumbprintAndTagDriftMadeOutOfBand() {
        apply(provider("drifting", Map.of(), new Tag("team", "platform")));
        providers.awaitReady("drifting", true, "Created");

        emulator().removeClientIdOutOfBand(arn(), STS);
        emulator().updateThumbprintsOutOfBand(arn(), List.of(T2));
        emulator().tagOidcProviderOutOfBand(arn(), Map.of("team", "someone-else"));

        await().atMost(TIMEOUT)
                .until(
                        () -> {
                            OidcProviderSnapshot p = aws(arn());
                            return p.clientIds().equals(List.of(STS))
                                    && p.thumbprints().equals(List.of(T1))
                                    && "platform".equals(p.tags().get("team"));
                        });
        providers.awaitReady("drifting", true, "DriftCorrected");
        assertThat(providers.get("drifting").getStatus().getDrift()).isEmpty();
        assertThat(events("drifting")).anyMatch(e -> e.getReason().equals("DriftCorrected"));
    }

    @Test
    void reportsDriftWithoutRevertingItWhenDriftPolicyIsReport() {
        apply(provider("reported", Map.of(ResourcePolicies.DRIFT_POLICY, "report")));
        providers.awaitReady("reported", true, "Created");
        Instant created = Instant.now();

        emulator().removeClientIdOutOfBand(arn(), STS);

        providers.awaitReady("reported", false, "DriftReported");
        assertThat(providers.get("reported").getStatus().getDrift()).containsExactly("clientIDs");
        assertThat(providers.condition("reported", Conditions.DRIFTED).get().getStatus())
                .isEqualTo("True");
        // Drift reported: every resync is a finished reconcile.
        providers.awaitSyncedAgain("reported");
        assertThat(aws(arn()).clientIds()).isEmpty();
        assertThat(count(callsAboutHost(created), "AddClientIDToOpenIDConnectProvider")).isZero();
    }

    @Test
    void appliesAChangeOfEveryManagedField() {
        apply(
                provider(
                        "changing",
                        url(),
                        List.of(STS, "old-audience"),
                        List.of(T1),
                        Map.of(),
                        new Tag("team", "a"),
                        new Tag("gone", "soon")));
        providers.awaitReady("changing", true, "Created");
        Instant changed = Instant.now();

        providers.editSpec(
                "changing",
                spec -> {
                    spec.setClientIDs(List.of(STS, "new-audience"));
                    spec.setThumbprints(List.of(T2.toUpperCase(), T1));
                    spec.setTags(List.of(new Tag("team", "b")));
                });

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                providers
                                        .ready("changing")
                                        .filter(
                                                c ->
                                                        c.getStatus().equals("True")
                                                                && c.getObservedGeneration() == 2)
                                        .isPresent());
        OidcProviderSnapshot aws = aws(arn());
        assertThat(aws.clientIds()).containsExactlyInAnyOrder(STS, "new-audience");
        assertThat(aws.thumbprints()).containsExactlyInAnyOrder(T2.toUpperCase(), T1);
        assertThat(aws.tags()).containsEntry("team", "b").doesNotContainKey("gone");
        var calls = callsAboutHost(changed);
        assertThat(count(calls, "AddClientIDToOpenIDConnectProvider")).isEqualTo(1);
        assertThat(count(calls, "RemoveClientIDFromOpenIDConnectProvider")).isEqualTo(1);
        assertThat(count(calls, "UpdateOpenIDConnectProviderThumbprint")).isEqualTo(1);
        assertThat(count(calls, "TagOpenIDConnectProvider")).isEqualTo(1);
        assertThat(count(calls, "UntagOpenIDConnectProvider")).isEqualTo(1);
        assertThat(count(calls, "CreateOpenIDConnectProvider")).isZero();
    }

    @Test
    void aThumbprintWrittenInAnotherCaseIsNoChange() {
        apply(provider("same-thumbs", Map.of()));
        providers.awaitReady("same-thumbs", true, "Created");
        Instant changed = Instant.now();

        providers.editSpec("same-thumbs", spec -> spec.setThumbprints(List.of(T1.toUpperCase())));

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                providers
                                        .ready("same-thumbs")
                                        .filter(c -> c.getObservedGeneration() == 2)
                                        .isPresent());
        assertThat(providers.ready("same-thumbs").get().getReason()).isEqualTo("UpToDate");
        assertThat(count(callsAboutHost(changed), "UpdateOpenIDConnectProviderThumbprint"))
                .isZero();
    }

    @Test
    void recoversWhenTheAnswerToCreateOpenIdConnectProviderIsLostOnTheWire() {
        emulator().faults().dropConnection("CreateOpenIDConnectProvider");

        apply(provider("lost-answer", Map.of()));

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                providers
                                        .ready("lost-answer")
                                        .filter(c -> c.getStatus().equals("True"))
                                        .isPresent());
        assertThat(providers.ready("lost-answer").get().getReason()).isIn("Created", "Recovered");
        assertThat(aws(arn()).tags()).containsAllEntriesOf(ownedBy("lost-answer"));
        Instant settled = Instant.now();
        // Ready: every resync is a finished reconcile.
        providers.awaitSyncedAgain("lost-answer");
        assertThat(count(callsAboutHost(settled), "CreateOpenIDConnectProvider"))
                .as("no EntityAlreadyExists loop")
                .isZero();
    }
}
