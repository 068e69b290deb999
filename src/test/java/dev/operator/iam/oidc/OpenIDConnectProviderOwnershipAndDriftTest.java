package dev.operator.iam.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.OidcProviderSnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
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

        OpenIDConnectProvider ready = awaitReason("crashed", true, "Recovered");
        assertThat(ready.getStatus().getArn()).isEqualTo(leftBehind.arn());
        assertThat(events("crashed")).anyMatch(e -> e.getReason().equals("Recovered"));
        assertThat(count(callsAboutHost(start), "CreateOpenIDConnectProvider")).isZero();
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

        awaitReason("foreign", false, "AlreadyExistsNotOwned");
        assertThat(readyCondition("foreign").get().getMessage())
                .contains(ResourcePolicies.ADOPTION_POLICY)
                .contains(foreign.arn());
        sleepThroughResyncs();
        resource("foreign").delete();
        awaitObjectGone("foreign");
        assertThat(aws(arn())).as("left exactly as it was").isEqualTo(foreign);
        assertThat(callsAboutHost(start))
                .allMatch(c -> c.action().startsWith("Get") || c.action().startsWith("List"));
    }

    @Test
    void adoptsAnExistingProviderWhenAnnotatedAndEnforcesTheSpec() {
        OidcProviderSnapshot legacy =
                emulator()
                        .seedOidcProvider(
                                url(), List.of("old-audience"), List.of(T2), Map.of("o", "t"));

        OpenIDConnectProvider created =
                apply(provider("legacy", Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt")));

        awaitReason("legacy", true, "Adopted");
        assertThat(conditionOf("legacy", Conditions.ADOPTED).get().getStatus()).isEqualTo("True");
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
        awaitReason("drifting", true, "Created");

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
        awaitReason("drifting", true, "DriftCorrected");
        assertThat(object("drifting").getStatus().getDrift()).isEmpty();
        assertThat(events("drifting")).anyMatch(e -> e.getReason().equals("DriftCorrected"));
    }

    @Test
    void reportsDriftWithoutRevertingItWhenDriftPolicyIsReport() {
        apply(provider("reported", Map.of(ResourcePolicies.DRIFT_POLICY, "report")));
        awaitReason("reported", true, "Created");
        Instant created = Instant.now();

        emulator().removeClientIdOutOfBand(arn(), STS);

        awaitReason("reported", false, "DriftReported");
        assertThat(object("reported").getStatus().getDrift()).containsExactly("clientIDs");
        assertThat(conditionOf("reported", Conditions.DRIFTED).get().getStatus()).isEqualTo("True");
        sleepThroughResyncs();
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
        awaitReason("changing", true, "Created");
        Instant changed = Instant.now();

        resource("changing")
                .edit(
                        p -> {
                            p.getSpec().setClientIDs(List.of(STS, "new-audience"));
                            p.getSpec().setThumbprints(List.of(T2.toUpperCase(), T1));
                            p.getSpec().setTags(List.of(new Tag("team", "b")));
                            return p;
                        });

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                readyCondition("changing")
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
        awaitReason("same-thumbs", true, "Created");
        Instant changed = Instant.now();

        resource("same-thumbs")
                .edit(
                        p -> {
                            p.getSpec().setThumbprints(List.of(T1.toUpperCase()));
                            return p;
                        });

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                readyCondition("same-thumbs")
                                        .filter(c -> c.getObservedGeneration() == 2)
                                        .isPresent());
        assertThat(readyCondition("same-thumbs").get().getReason()).isEqualTo("UpToDate");
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
                                readyCondition("lost-answer")
                                        .filter(c -> c.getStatus().equals("True"))
                                        .isPresent());
        assertThat(readyCondition("lost-answer").get().getReason()).isIn("Created", "Recovered");
        assertThat(aws(arn()).tags()).containsAllEntriesOf(ownedBy("lost-answer"));
        Instant settled = Instant.now();
        sleepThroughResyncs();
        assertThat(count(callsAboutHost(settled), "CreateOpenIDConnectProvider"))
                .as("no EntityAlreadyExists loop")
                .isZero();
    }
}
