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
import java.util.HashMap;
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
        awaitReady("ev-quiet", true, "Created");
        awaitEvents("ev-quiet", "Normal Created");

        awaitResyncs("ev-quiet", 3);

        assertThat(story("ev-quiet")).containsExactly("Normal Created");
    }

    @Test
    void eachTransitionOfAPolicyAddsExactlyOneEvent() {
        apply(policy("ev-story", DOC_READ));
        awaitReady("ev-story", true, "Created");

        backend().putPolicyVersionOutOfBand(policyArn("ev-story"), DOC_WRITE);
        awaitReady("ev-story", true, "DriftCorrected");
        awaitResyncs("ev-story", 2);
        assertThat(story("ev-story"))
                .as("the resync after a correction finds nothing new")
                .containsExactly("Normal Created", "Normal DriftCorrected");

        annotate("ev-story", ResourcePolicies.DRIFT_POLICY, "report");
        backend().putPolicyVersionOutOfBand(policyArn("ev-story"), DOC_WRITE);
        awaitReady("ev-story", false, "DriftReported");
        awaitResyncs("ev-story", 2);
        assertThat(story("ev-story"))
                .as("a drift that stays is reported once")
                .containsExactly(
                        "Normal Created", "Normal DriftCorrected", "Warning DriftReported");

        backend().attachPolicyOutOfBand(policyArn("ev-story"), "Role", "payments-app");
        delete("ev-story");
        awaitReady("ev-story", false, "Deleting");
        awaitRetriedDeletes("ev-story", 2);
        assertThat(story("ev-story"))
                .as("a blocked delete is reported once, not on every retry")
                .containsExactly(
                        "Normal Created",
                        "Normal DriftCorrected",
                        "Warning DriftReported",
                        "Warning Deleting");

        backend().detachPolicyOutOfBand(policyArn("ev-story"), "Role", "payments-app");
        awaitGone("ev-story");
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
        awaitReady("ev-recovered", true, "Recovered");
        awaitReady("ev-adopted", true, "Adopted");
        awaitReady("ev-refused", false, "AlreadyExistsNotOwned");
        awaitResyncs("ev-recovered", 2);
        awaitResyncs("ev-adopted", 2);
        awaitLookups("ev-refused", 2);

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

    /**
     * Waits for {@code n} more resyncs. An event is recorded just after its status write, so only
     * the resyncs before the last one are sure to have recorded theirs: {@code n} is at least 2.
     */
    private void awaitResyncs(String name, int n) {
        Resyncs.awaitObserved(() -> get(name), n, TIMEOUT);
    }

    /** Waits until a blocked delete has been retried {@code n} more times (emulator only). */
    private void awaitRetriedDeletes(String name, int n) {
        awaitCalls(name, "ListEntitiesForPolicy", n);
    }

    /**
     * Waits until the operator has looked the object's policy up {@code n} more times, for objects
     * whose status does not change on a resync (emulator only).
     */
    private void awaitLookups(String name, int n) {
        awaitCalls(name, "GetPolicy", n);
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
        policyResource(name)
                .edit(
                        p -> {
                            Map<String, String> annotations =
                                    new HashMap<>(
                                            p.getMetadata().getAnnotations() == null
                                                    ? Map.of()
                                                    : p.getMetadata().getAnnotations());
                            annotations.put(key, value);
                            p.getMetadata().setAnnotations(annotations);
                            return p;
                        });
    }
}
