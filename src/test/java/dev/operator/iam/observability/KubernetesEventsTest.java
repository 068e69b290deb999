package dev.operator.iam.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.OperatorTestSupport;
import io.fabric8.kubernetes.api.model.Event;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes Events: exactly one per transition, with a reason of the enum, and none for a resync
 * that finds nothing new, so that {@code kubectl describe} tells the object's story without noise.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class KubernetesEventsTest extends OperatorTestSupport {

    @Test
    void resyncsOfAnUnchangedPolicyAddNoEvents() {
        apply(policy("ev-quiet", DOC_READ));
        policies.awaitReady("ev-quiet", true, "Created");
        awaitEvents("ev-quiet", "Normal Created");

        policies.awaitSyncedAgain("ev-quiet", 3);

        assertThat(story("ev-quiet")).containsExactly("Normal Created");
    }

    @Test
    void eachTransitionOfAPolicyAddsExactlyOneEvent() {
        apply(policy("ev-story", DOC_READ));
        policies.awaitReady("ev-story", true, "Created");

        backend().putPolicyVersionOutOfBand(policyArn("ev-story"), DOC_WRITE);
        policies.awaitReady("ev-story", true, "DriftCorrected");
        policies.awaitSyncedAgain("ev-story", 2);
        assertThat(story("ev-story"))
                .as("the resync after a correction finds nothing new")
                .containsExactly("Normal Created", "Normal DriftCorrected");

        annotate("ev-story", ResourcePolicies.DRIFT_POLICY, "report");
        backend().putPolicyVersionOutOfBand(policyArn("ev-story"), DOC_WRITE);
        policies.awaitReady("ev-story", false, "DriftReported");
        policies.awaitSyncedAgain("ev-story", 2);
        assertThat(story("ev-story"))
                .as("a drift that stays is reported once")
                .containsExactly(
                        "Normal Created", "Normal DriftCorrected", "Warning DriftReported");

        backend().attachPolicyOutOfBand(policyArn("ev-story"), "Role", "payments-app");
        policies.delete("ev-story");
        policies.awaitReady("ev-story", false, "Deleting");
        awaitRetriedDeletes("ev-story", 2);
        assertThat(story("ev-story"))
                .as("a blocked delete is reported once, not on every retry")
                .containsExactly(
                        "Normal Created",
                        "Normal DriftCorrected",
                        "Warning DriftReported",
                        "Warning Deleting");

        backend().detachPolicyOutOfBand(policyArn("ev-story"), "Role", "payments-app");
        policies.awaitGone("ev-story");
        awaitEvents(
                "ev-story",
                "Normal Created",
                "Normal DriftCorrected",
                "Warning DriftReported",
                "Warning Deleting",
                "Normal Deleting");
        assertThat(events("ev-story"))
                .filteredOn(e -> e.getType().equals("Normal") && e.getReason().equals("Deleting"))
                .singleElement()
                .extracting(Event::getMessage)
                .asString()
                .startsWith("deleted " + policyArn("ev-story"));
    }

    @Test
    void recoveringAdoptingAndRefusingEachAddExactlyOneEvent() {
        backend()
                .seedPolicy(
                        "ev-recovered",
                        "/",
                        DOC_READ,
                        Map.of(
                                "iam.operator.dev/cluster", "default",
                                "iam.operator.dev/namespace", namespace,
                                "iam.operator.dev/name", "ev-recovered"));
        backend().seedPolicy("ev-adopted", "/", DOC_WRITE, Map.of("owner", "terraform"));
        backend().seedPolicy("ev-refused", "/", DOC_WRITE, Map.of("owner", "terraform"));

        apply(policy("ev-recovered", DOC_READ));
        apply(policy("ev-adopted", DOC_READ, Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt")));
        apply(policy("ev-refused", DOC_READ));
        policies.awaitReady("ev-recovered", true, "Recovered");
        policies.awaitReady("ev-adopted", true, "Adopted");
        policies.awaitReady("ev-refused", false, "AlreadyExistsNotOwned");
        policies.awaitSyncedAgain("ev-recovered", 2);
        policies.awaitSyncedAgain("ev-adopted", 2);
        policies.awaitObservedAgain("ev-refused", 2);

        assertThat(story("ev-recovered")).containsExactly("Normal Recovered");
        assertThat(story("ev-adopted")).containsExactly("Normal Adopted");
        assertThat(story("ev-refused")).containsExactly("Warning AlreadyExistsNotOwned");
        assertThat(events("ev-refused").get(0).getMessage())
                .contains(ResourcePolicies.ADOPTION_POLICY);
    }

    /**
     * The object's events as "Type Reason", oldest first, each repeated as often as it was recorded
     * (an event folded from repeats counts for each).
     */
    private List<String> story(String name) {
        return events(name).stream()
                .sorted(Comparator.comparing(e -> Instant.parse(e.getFirstTimestamp())))
                .flatMap(
                        e ->
                                Collections.nCopies(
                                        e.getCount() == null ? 1 : e.getCount(),
                                        e.getType() + " " + e.getReason())
                                        .stream())
                .toList();
    }

    private void awaitEvents(String name, String... expected) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> story(name).equals(List.of(expected)));
    }

    /** Waits until a blocked delete has been retried {@code n} more times (emulator only). */
    private void awaitRetriedDeletes(String name, int n) {
        awaitCalls(name, "ListEntitiesForPolicy", n);
    }

    private void awaitCalls(String name, String action, int n) {
        callLog()
                .ifPresent(
                        before -> {
                            long made = before.count(name, action);
                            await().atMost(TIMEOUT)
                                    .pollInterval(Duration.ofMillis(200))
                                    .until(
                                            () ->
                                                    callLog().orElseThrow().count(name, action)
                                                            >= made + n);
                        });
    }

    private void annotate(String name, String key, String value) {
        policies.annotate(name, key, value);
    }
}
