package dev.operator.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The annotations that say what the operator may do: observe, retain, pause; and blocked deletes.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class PolicyManagementPoliciesTest extends OperatorTestSupport {

    @Test
    void observeOnlyNeverWritesToAws() {
        apply(policy("observed", DOC_READ, Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe")));
        policies.awaitReady("observed", false, "Observing");
        assertThat(existsInAws("observed")).as("observing creates nothing").isFalse();

        PolicySnapshot existing =
                backend().seedPolicy("observed", "/", DOC_WRITE, Map.of("owner", "ops"));
        Policy reported = policies.awaitReady("observed", false, "DriftReported");
        assertThat(reported.getStatus().getDrift())
                .containsExactlyInAnyOrder("policyDocument", "tags");
        assertThat(reported.getStatus().getArn()).isEqualTo(existing.arn());

        policies.delete("observed");
        policies.awaitGone("observed");
        assertThat(awsPolicy("observed")).isEqualTo(existing);
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(calls.about("observed"))
                                        .allMatch(
                                                c ->
                                                        c.action().startsWith("Get")
                                                                || c.action().startsWith("List")));
    }

    @Test
    void observeOnlyReportsAMatchingPolicyAsReady() {
        backend().seedPolicy("observed-match", "/", DOC_READ, Map.of());
        apply(
                policy(
                        "observed-match",
                        DOC_READ,
                        Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe")));

        policies.awaitReady("observed-match", true, "Observing");
    }

    @Test
    void retainsThePolicyWhenDeletionPolicyIsRetain() {
        apply(policy("retained", DOC_READ, Map.of(ResourcePolicies.DELETION_POLICY, "retain")));
        policies.awaitReady("retained", true, "Created");

        policies.delete("retained");

        policies.awaitGone("retained");
        assertThat(awsPolicy("retained").defaultDocument()).isEqualTo(DOC_READ);
        callLog().ifPresent(calls -> assertThat(calls.count("retained", "DeletePolicy")).isZero());
    }

    @Test
    void pausedObjectsAreLeftAloneUntilResumed() {
        apply(policy("paused", DOC_READ, Map.of(ResourcePolicies.PAUSED, "true")));

        policies.awaitReady("paused", false, "Paused");
        assertThat(existsInAws("paused")).as("nothing created while paused").isFalse();
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(calls.about("paused"))
                                        .as("not even looked up")
                                        .isEmpty());

        policies.annotate("paused", ResourcePolicies.PAUSED, null);
        policies.awaitReady("paused", true, "Created");
    }

    @Test
    void waitsForAPolicyAttachedElsewhereToBeDetachedBeforeDeletingIt() {
        apply(policy("attached", DOC_READ));
        policies.awaitReady("attached", true, "Created");
        backend().attachPolicyOutOfBand(policyArn("attached"), "Role", "payments-app");

        policies.delete("attached");

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                policies.condition("attached", Conditions.READY)
                                        .filter(
                                                c ->
                                                        c.getReason().equals("Deleting")
                                                                && c.getMessage()
                                                                        .contains(
                                                                                "role payments-app"))
                                        .isPresent());
        assertThat(awsPolicy("attached").attachmentCount())
                .as("never detached by the operator")
                .isEqualTo(1);
        callLog()
                .ifPresent(
                        calls -> assertThat(calls.count("attached", "DetachRolePolicy")).isZero());

        backend().detachPolicyOutOfBand(policyArn("attached"), "Role", "payments-app");
        policies.awaitGone("attached");
        assertThat(existsInAws("attached")).isFalse();
    }

    @Test
    void deletingAnObjectWhosePolicyIsAlreadyGoneSucceeds() {
        apply(policy("gone-already", DOC_READ));
        policies.awaitReady("gone-already", true, "Created");
        backend().deletePolicyOutOfBand(policyArn("gone-already"));

        policies.delete("gone-already");

        policies.awaitGone("gone-already");
        assertThat(existsInAws("gone-already")).as("not created again on the way out").isFalse();
    }
}
