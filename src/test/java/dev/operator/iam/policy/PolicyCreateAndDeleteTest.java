package dev.operator.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class PolicyCreateAndDeleteTest extends OperatorTestSupport {

    @Test
    void createsAPolicyWithOwnershipTagsInTheCreateCall() {
        Policy created =
                apply(policy("orders-read", DOC_READ, Map.of(), new Tag("team", "orders")));

        Policy ready = policies.awaitReady("orders-read", true, "Created");

        PolicySnapshot aws = awsPolicy("orders-read");
        assertThat(aws.tags())
                .containsAllEntriesOf(ownershipTags(created))
                .containsEntry("team", "orders");
        assertThat(aws.defaultDocument()).isEqualTo(DOC_READ);
        assertThat(ready.getStatus().getArn()).isEqualTo(aws.arn());
        assertThat(ready.getStatus().getId()).isEqualTo(aws.id());
        assertThat(ready.getStatus().getName()).isEqualTo("orders-read");
        assertThat(ready.getStatus().getDefaultVersionId()).isEqualTo("v1");
        assertThat(ready.getStatus().getCreateIntent()).isNull();
        assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(ready.getMetadata().getFinalizers())
                .contains(dev.operator.iam.controller.IamReconciler.FINALIZER);
        // The engine writes status before the event: wait for the event rather than race it.
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                events("orders-read").stream()
                                        .anyMatch(e -> e.getReason().equals("Created")));
        callLog()
                .ifPresent(
                        calls -> {
                            // the tags travelled in CreatePolicy itself: no TagPolicy was needed
                            assertThat(calls.count("orders-read", "CreatePolicy")).isEqualTo(1);
                            assertThat(calls.count("orders-read", "TagPolicy")).isZero();
                        });
    }

    /**
     * The fewest calls design.md allows: a new Policy is created without a GetPolicy first (its
     * ownership tags travel in CreatePolicy), and a policy that never got a second version goes
     * with GetPolicy (ownership, attachments) and DeletePolicy, nothing else.
     */
    @Test
    void createsANewPolicyInOneCallAndDeletesAnUnchangedOneInTwo() {
        apply(policy("lean", DOC_READ));
        policies.awaitReady("lean", true, "Created");
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(calls.about("lean"))
                                        .first()
                                        .extracting(c -> c.action())
                                        .as("the first call about a new Policy")
                                        .isEqualTo("CreatePolicy"));

        java.time.Instant deleting = java.time.Instant.now();
        policies.delete("lean");
        policies.awaitGone("lean");

        assertThat(existsInAws("lean")).isFalse();
        callLog()
                .ifPresent(
                        calls -> {
                            List<String> actions =
                                    calls.since(deleting).about("lean").stream()
                                            .map(c -> c.action())
                                            .toList();
                            // a resync may still read the policy while the delete runs: the
                            // delete's own calls are the last two
                            assertThat(actions).endsWith("GetPolicy", "DeletePolicy");
                            assertThat(actions)
                                    .doesNotContain("ListPolicyVersions", "DeletePolicyVersion")
                                    .containsOnlyOnce("DeletePolicy");
                        });
    }

    /**
     * IAM's CreatePolicy answer has no Description (AWS CLI create-policy example 2): status must
     * hold the one sent, or the next reconcile calls the unchanged spec an immutable change.
     */
    @Test
    void recordsTheDescriptionItSentThoughCreatePolicyAnswersWithoutIt() {
        Policy described = policy("described", DOC_READ);
        described.getSpec().setDescription("Read the orders bucket");
        apply(described);

        Policy ready = policies.awaitReady("described", true, "Created");

        assertThat(ready.getStatus().getDescription()).isEqualTo("Read the orders bucket");
    }

    @Test
    void deletesItsPolicyAndItsOldVersionsWhenTheObjectIsDeleted() {
        apply(policy("to-delete", DOC_READ));
        policies.awaitReady("to-delete", true, "Created");
        Policy p = policies.get("to-delete");
        p.getSpec().setPolicyDocument(DOC_WRITE);
        client.resource(p).update();
        await().atMost(TIMEOUT).until(() -> awsPolicy("to-delete").versionIds().size() == 2);

        policies.delete("to-delete");

        policies.awaitGone("to-delete");
        assertThat(existsInAws("to-delete")).isFalse();
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(calls.count("to-delete", "DeletePolicyVersion"))
                                        .isEqualTo(1));
    }

    /**
     * IAM's CreatePolicy answer carries no Description (GetPolicy does): a status filled from it
     * once made every described Policy InvalidSpec a moment after Created, and stuck for good.
     */
    @Test
    void keepsADescribedPolicyReadyAndManagedAfterItsCreation() {
        Policy p = policy("described", DOC_READ);
        p.getSpec().setDescription("Read the orders bucket");
        apply(p);
        Policy created = policies.awaitReady("described", true, "Created");
        assertThat(created.getStatus().getDescription()).isEqualTo("Read the orders bucket");

        policies.awaitSyncedAgain("described");
        assertThat(policies.condition("described", "Ready").orElseThrow().getStatus())
                .isEqualTo("True");

        policies.editSpec(
                "described",
                spec -> {
                    spec.setTags(java.util.List.of(new Tag("team", "orders")));
                    spec.setPolicyDocument(DOC_WRITE);
                });
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                DOC_WRITE.equals(awsPolicy("described").defaultDocument())
                                        && "orders"
                                                .equals(awsPolicy("described").tags().get("team")));
        assertThat(awsPolicy("described").description()).isEqualTo("Read the orders bucket");

        policies.delete("described");
        policies.awaitGone("described");
        assertThat(existsInAws("described")).isFalse();
    }
}
