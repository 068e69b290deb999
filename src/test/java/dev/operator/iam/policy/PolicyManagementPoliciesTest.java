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

/** The annotations that say what the operator may do: observe, retain, pause; and blocked deletes. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class PolicyManagementPoliciesTest extends OperatorTestSupport {

    @Test
    void observeOnlyNeverWritesToAws() {
        apply(policy("observed", DOC_READ, Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe")));
        awaitReady("observed", false, "Observing");

        PolicySnapshot existing = emulator().seedPolicy("observed", "/", DOC_WRITE, Map.of("owner", "ops"));
        Policy reported = awaitReady("observed", false, "DriftReported");
        assertThat(reported.getStatus().getDrift()).containsExactlyInAnyOrder("policyDocument", "tags");
        assertThat(reported.getStatus().getArn()).isEqualTo(existing.arn());

        delete("observed");
        awaitGone("observed");
        assertThat(callsAbout("observed")).allMatch(c -> c.action().startsWith("Get") || c.action().startsWith("List"));
        assertThat(awsPolicy("observed")).isEqualTo(existing);
    }

    @Test
    void observeOnlyReportsAMatchingPolicyAsReady() {
        emulator().seedPolicy("observed-match", "/", DOC_READ, Map.of());
        apply(policy("observed-match", DOC_READ, Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe")));

        awaitReady("observed-match", true, "Observing");
    }

    @Test
    void retainsThePolicyWhenDeletionPolicyIsRetain() {
        apply(policy("retained", DOC_READ, Map.of(ResourcePolicies.DELETION_POLICY, "retain")));
        awaitReady("retained", true, "Created");

        delete("retained");

        awaitGone("retained");
        assertThat(awsPolicy("retained").defaultDocument()).isEqualTo(DOC_READ);
        assertThat(callsAbout("retained", "DeletePolicy")).isZero();
    }

    @Test
    void pausedObjectsAreLeftAloneUntilResumed() {
        apply(policy("paused", DOC_READ, Map.of(ResourcePolicies.PAUSED, "true")));

        awaitReady("paused", false, "Paused");
        assertThat(callsAbout("paused")).isEmpty();

        policyResource("paused").edit(p -> {
            p.getMetadata().getAnnotations().remove(ResourcePolicies.PAUSED);
            return p;
        });
        awaitReady("paused", true, "Created");
    }

    @Test
    void waitsForAPolicyAttachedElsewhereToBeDetachedBeforeDeletingIt() {
        apply(policy("attached", DOC_READ));
        awaitReady("attached", true, "Created");
        emulator().attachPolicyOutOfBand(policyArn("attached"), "Role", "payments-app");

        delete("attached");

        await().atMost(TIMEOUT).until(() -> condition("attached", Conditions.READY)
                .filter(c -> c.getReason().equals("Deleting") && c.getMessage().contains("role payments-app"))
                .isPresent());
        assertThat(awsPolicy("attached").attachmentCount()).as("never detached by the operator").isEqualTo(1);
        assertThat(callsAbout("attached", "DetachRolePolicy")).isZero();

        emulator().detachPolicyOutOfBand(policyArn("attached"), "Role", "payments-app");
        awaitGone("attached");
        assertThat(emulator().policy(policyArn("attached"))).isEmpty();
    }

    @Test
    void deletingAnObjectWhosePolicyIsAlreadyGoneSucceeds() {
        apply(policy("gone-already", DOC_READ));
        awaitReady("gone-already", true, "Created");
        emulator().reset();

        delete("gone-already");

        awaitGone("gone-already");
    }
}
