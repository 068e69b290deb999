package dev.operator.iam.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.instanceprofile.InstanceProfile;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.SlowResyncProfile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * policyRefs and roleRef: nothing happens in AWS until the target is Ready, then the referrer
 * converges by itself. The resync interval is 10 minutes here, so only the watch on the targets can
 * make that happen within the test's timeout. Deleting referrer and target together converges.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(SlowResyncProfile.class)
class ReferencesTest extends RoleTestSupport {

    private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(90);

    @Test
    void aRoleWaitsForAMissingPolicyAndAttachesItOnceItIsReady() {
        Role object = role("rt-ref-role");
        object.getSpec().setPolicyRefs(List.of(new ResourceReference("rt-ref-pol")));
        apply(object);

        Role waiting = roles.awaitReady("rt-ref-role", false, "WaitingForReference");
        assertThat(conditionOf(waiting, Conditions.READY).get().getMessage())
                .contains("Policy rt-ref-pol")
                .contains("spec.policyRefs[0]");
        assertThat(emulator().role("rt-ref-role")).isEmpty();
        assertThat(emulator().calls()).noneMatch(c -> c.params().containsValue("rt-ref-role"));

        apply(policy("rt-ref-pol", DOC_READ));

        roles.awaitReady("rt-ref-role", true, "Created");
        assertThat(awsRole("rt-ref-role").attachedPolicyArns())
                .containsExactly(policyArn("rt-ref-pol"));
    }

    @Test
    void aRoleWaitsForAPolicyThatIsNotReadyAndConvergesOnceItIs() {
        String noResource =
                """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}\
                """;
        apply(policy("rt-ref-bad", noResource));
        policies.awaitReady("rt-ref-bad", false, "InvalidSpec");
        Role object = role("rt-ref-waits");
        object.getSpec().setPolicies(List.of(SSM_CORE));
        object.getSpec().setPolicyRefs(List.of(new ResourceReference("rt-ref-bad")));
        apply(object);

        Role waiting = roles.awaitReady("rt-ref-waits", false, "WaitingForReference");
        assertThat(conditionOf(waiting, Conditions.READY).get().getMessage())
                .contains("rt-ref-bad")
                .contains("InvalidSpec");
        assertThat(emulator().role("rt-ref-waits")).isEmpty();

        policies.editSpec("rt-ref-bad", s -> s.setPolicyDocument(DOC_READ));

        roles.awaitReady("rt-ref-waits", true, "Created");
        assertThat(awsRole("rt-ref-waits").attachedPolicyArns())
                .containsExactlyInAnyOrder(SSM_CORE, policyArn("rt-ref-bad"));
    }

    @Test
    void deletingARoleAndItsPolicyTogetherLeavesNothingInAws() {
        apply(policy("rt-order-pol", DOC_READ));
        policies.awaitReady("rt-order-pol", true, "Created");
        Role object = role("rt-order-role");
        object.getSpec().setPolicyRefs(List.of(new ResourceReference("rt-order-pol")));
        object.getSpec().setInlinePolicies(Map.of("inline", DOC_WRITE));
        apply(object);
        roles.awaitReady("rt-order-role", true, "Created");

        // The Policy first: IAM refuses to delete it while our role holds it.
        policies.delete("rt-order-pol");
        roles.delete("rt-order-role");

        await().atMost(DELETE_TIMEOUT)
                .until(
                        () ->
                                policies.get("rt-order-pol") == null
                                        && roles.get("rt-order-role") == null);
        assertThat(emulator().role("rt-order-role")).isEmpty();
        assertThat(existsInAws("rt-order-pol")).isFalse();
        assertThat(emulator().roles())
                .noneMatch(r -> namespace.equals(r.tags().get("iam.operator.dev/namespace")));
        assertThat(backend().policies())
                .noneMatch(p -> namespace.equals(p.tags().get("iam.operator.dev/namespace")));
    }

    @Test
    void aPolicyBeingDeletedIsReleasedWhenTheRoleDropsItsReference() {
        apply(policy("rt-release-pol", DOC_READ));
        policies.awaitReady("rt-release-pol", true, "Created");
        Role object = role("rt-release-role");
        object.getSpec().setPolicyRefs(List.of(new ResourceReference("rt-release-pol")));
        apply(object);
        roles.awaitReady("rt-release-role", true, "Created");

        policies.delete("rt-release-pol");
        Policy blocked = policies.awaitReady("rt-release-pol", false, "Deleting");
        assertThat(conditionOf(blocked, Conditions.READY).get().getMessage())
                .contains("role rt-release-role");
        assertThat(existsInAws("rt-release-pol")).isTrue();

        roles.editSpec("rt-release-role", s -> s.setPolicyRefs(List.of()));

        await().atMost(DELETE_TIMEOUT).until(() -> policies.get("rt-release-pol") == null);
        assertThat(existsInAws("rt-release-pol")).isFalse();
        roles.awaitReady("rt-release-role", true, "UpToDate");
        assertThat(awsRole("rt-release-role").attachedPolicyArns()).isEmpty();
    }

    @Test
    void anInstanceProfileWaitsForItsRoleAndHoldsItOnceItIsReady() {
        apply(profile("ipt-ref", null, "rt-for-profile", Map.of()));

        InstanceProfile waiting = profiles.awaitReady("ipt-ref", false, "WaitingForReference");
        assertThat(conditionOf(waiting, Conditions.READY).get().getMessage())
                .contains("Role rt-for-profile")
                .contains("spec.roleRef");
        assertThat(emulator().instanceProfile("ipt-ref")).isEmpty();
        assertThat(emulator().calls()).noneMatch(c -> c.params().containsValue("ipt-ref"));

        apply(role("rt-for-profile"));

        InstanceProfile ready = profiles.awaitReady("ipt-ref", true, "Created");
        assertThat(emulator().instanceProfile("ipt-ref").orElseThrow().roleNames())
                .containsExactly("rt-for-profile");
        assertThat(ready.getStatus().getRoleName()).isEqualTo("rt-for-profile");

        // Deleting both together: the role leaves our profile (no Event: the profile is ours).
        roles.delete("rt-for-profile");
        profiles.delete("ipt-ref");
        await().atMost(DELETE_TIMEOUT)
                .until(
                        () ->
                                roles.get("rt-for-profile") == null
                                        && profiles.get("ipt-ref") == null);
        assertThat(emulator().role("rt-for-profile")).isEmpty();
        assertThat(emulator().instanceProfile("ipt-ref")).isEmpty();
    }
}
