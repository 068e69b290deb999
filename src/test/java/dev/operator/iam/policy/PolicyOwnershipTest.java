package dev.operator.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.MetricsScraper;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who owns a policy in AWS decides everything the operator may do with it. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class PolicyOwnershipTest extends OperatorTestSupport {

    @Test
    void recoversAPolicyItCreatedBeforeACrashWithoutCreatingItAgain() {
        double recoveredBefore =
                MetricsScraper.value(
                        "iam_operator_adoptions_total",
                        Map.of("kind", "Policy", "outcome", "recovered"));
        Policy object = policy("crashed-create", DOC_READ);
        object.getMetadata().setUid(null);
        Policy created = apply(object);
        // What a previous process left behind: the policy exists with our tags, the status never
        // got written.
        PolicySnapshot leftBehind =
                backend().seedPolicy("crashed-create", "/", DOC_READ, ownershipTags(created));

        Policy ready = policies.awaitReady("crashed-create", true, "Recovered");

        assertThat(ready.getStatus().getArn()).isEqualTo(policyArn("crashed-create"));
        assertThat(ready.getStatus().getId())
                .as("the policy left behind")
                .isEqualTo(leftBehind.id());
        assertThat(
                        MetricsScraper.value(
                                "iam_operator_adoptions_total",
                                Map.of("kind", "Policy", "outcome", "recovered")))
                .isEqualTo(recoveredBefore + 1);
        assertThat(events("crashed-create")).anyMatch(e -> e.getReason().equals("Recovered"));
        callLog()
                .ifPresent(
                        calls ->
                                // A new object creates first: IAM refused it (the name is taken)
                                // and nothing was made.
                                assertThat(calls.about("crashed-create"))
                                        .filteredOn(c -> c.action().equals("CreatePolicy"))
                                        .hasSizeLessThanOrEqualTo(1)
                                        .allMatch(
                                                c -> "EntityAlreadyExists".equals(c.errorCode())));
    }

    @Test
    void recoversWhenTheAnswerToCreatePolicyIsLostOnTheWire() {
        emulator().faults().dropConnection("CreatePolicy");

        apply(policy("lost-answer", DOC_READ));

        // Created or Recovered, depending on whether the SDK's own retry met EntityAlreadyExists
        // first.
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                policies.condition("lost-answer", Conditions.READY)
                                        .filter(c -> c.getStatus().equals("True"))
                                        .isPresent());
        assertThat(policies.get("lost-answer").getStatus().getConditions())
                .anyMatch(
                        c ->
                                c.getType().equals("Ready")
                                        && (c.getReason().equals("Recovered")
                                                || c.getReason().equals("Created")));
        assertThat(backend().policies()).filteredOn(p -> p.name().equals("lost-answer")).hasSize(1);
        Instant settled = Instant.now();
        // Ready: every resync is a finished reconcile.
        policies.awaitSyncedAgain("lost-answer");
        assertThat(callLog().orElseThrow().since(settled).count("lost-answer", "CreatePolicy"))
                .as("no EntityAlreadyExists loop")
                .isZero();
    }

    @Test
    void refusesToTouchAPolicyItDoesNotOwn() {
        PolicySnapshot foreign =
                backend().seedPolicy("someone-elses", "/", DOC_WRITE, Map.of("owner", "terraform"));

        apply(policy("someone-elses", DOC_READ));

        Policy refused = policies.awaitReady("someone-elses", false, "AlreadyExistsNotOwned");
        assertThat(policies.condition("someone-elses", Conditions.READY).get().getMessage())
                .contains(ResourcePolicies.ADOPTION_POLICY)
                .contains(foreign.arn());
        assertThat(refused.getStatus().getArn()).isNull();
        // Refused: status stays as it is, but every resync looks the policy up again.
        policies.awaitObservedAgain("someone-elses");
        assertThat(awsPolicy("someone-elses")).isEqualTo(foreign);

        policies.delete("someone-elses");
        policies.awaitGone("someone-elses");
        assertThat(awsPolicy("someone-elses"))
                .as("deleting the object leaves a foreign policy alone")
                .isEqualTo(foreign);
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(calls.about("someone-elses"))
                                        .as("only looked at")
                                        .allMatch(OperatorTestSupport::onlyLookedAt));
    }

    @Test
    void refusesAPolicyWhoseNameDiffersOnlyInCase() {
        PolicySnapshot foreign = backend().seedPolicy("Billing-Read", "/", DOC_WRITE, Map.of());

        apply(policy("billing-read", DOC_READ));

        policies.awaitReady("billing-read", false, "AlreadyExistsNotOwned");
        assertThat(policies.condition("billing-read", Conditions.READY).get().getMessage())
                .contains(foreign.arn());
        Instant refused = Instant.now();
        // Refused: status stays as it is, but every resync looks the policy up again.
        policies.awaitObservedAgain("billing-read");
        assertThat(backend().policy(foreign.arn())).contains(foreign);
        assertThat(policies.get("billing-read").getStatus().getArn()).isNull();
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(
                                                calls.since(refused)
                                                        .count("billing-read", "CreatePolicy"))
                                        .as("no CreatePolicy per resync")
                                        .isZero());
    }

    @Test
    void adoptsAnExistingPolicyWhenAnnotatedAndEnforcesTheSpec() {
        PolicySnapshot legacy =
                backend().seedPolicy("legacy-policy", "/", DOC_WRITE, Map.of("owner", "terraform"));

        Policy created =
                apply(
                        policy(
                                "legacy-policy",
                                DOC_READ,
                                Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt")));

        policies.awaitReady("legacy-policy", true, "Adopted");
        assertThat(policies.condition("legacy-policy", Conditions.ADOPTED).get().getStatus())
                .isEqualTo("True");
        PolicySnapshot aws = awsPolicy("legacy-policy");
        assertThat(aws.id()).as("the existing policy, not a new one").isEqualTo(legacy.id());
        assertThat(aws.tags())
                .containsAllEntriesOf(ownershipTags(created))
                .doesNotContainKey("owner");
        assertThat(aws.defaultDocument()).isEqualTo(DOC_READ);
        callLog()
                .ifPresent(
                        calls -> assertThat(calls.count("legacy-policy", "CreatePolicy")).isZero());
    }

    @Test
    void adoptsARefusedPolicyOnceTheAnnotationIsAdded() {
        backend().seedPolicy("late-adoption", "/", DOC_READ, Map.of());
        apply(policy("late-adoption", DOC_READ));
        policies.awaitReady("late-adoption", false, "AlreadyExistsNotOwned");

        policies.annotate("late-adoption", ResourcePolicies.ADOPTION_POLICY, "adopt");

        policies.awaitReady("late-adoption", true, "Adopted");
        assertThat(awsPolicy("late-adoption").tags())
                .containsEntry("iam.operator.dev/namespace", namespace);
    }

    @Test
    void waitsForAPolicyToAdoptWhenOnlyAdoptionIsAllowed() {
        apply(policy("not-there-yet", DOC_READ, Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt")));

        policies.awaitReady("not-there-yet", false, "Observing");
        assertThat(existsInAws("not-there-yet")).as("adoption only: nothing created").isFalse();
        callLog()
                .ifPresent(
                        calls -> assertThat(calls.count("not-there-yet", "CreatePolicy")).isZero());

        backend().seedPolicy("not-there-yet", "/", DOC_READ, Map.of());
        policies.awaitReady("not-there-yet", true, "Adopted");
    }
}
