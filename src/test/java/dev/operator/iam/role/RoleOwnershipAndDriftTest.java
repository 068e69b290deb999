package dev.operator.iam.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.document.PolicyDocuments;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whose role it is decides what the operator may do; drift is reverted or reported; observe-only
 * never writes; IAM's quota of managed policies surfaces as a status.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class RoleOwnershipAndDriftTest extends RoleTestSupport {

    @Test
    void recoversARoleItCreatedBeforeACrashWithoutCreatingItAgain() {
        Role object = role("rt-recover");
        object.getSpec().setPolicies(List.of(SSM_CORE));
        Role created = apply(object);
        // What a process killed after CreateRole left behind: the role with our tags, no status.
        RoleSnapshot leftBehind =
                emulator().seedRole("rt-recover", "/", EC2_TRUST, ownershipTags(created));

        Role ready = roles.awaitReady("rt-recover", true, "Recovered");

        assertThat(ready.getStatus().getId()).isEqualTo(leftBehind.id());
        assertThat(awsRole("rt-recover").attachedPolicyArns())
                .as("the interrupted create is completed")
                .containsExactly(SSM_CORE);
        // A new object creates first: IAM refused it (the name is taken) and nothing was made.
        assertThat(callsOf("CreateRole", "rt-recover"))
                .hasSizeLessThanOrEqualTo(1)
                .allMatch(c -> "EntityAlreadyExists".equals(c.errorCode()));
        assertThat(events("rt-recover")).anyMatch(e -> e.getReason().equals("Recovered"));
    }

    @Test
    void refusesToTouchARoleItDoesNotOwn() {
        RoleSnapshot foreign =
                emulator().seedRole("rt-foreign", "/", LAMBDA_TRUST, Map.of("owner", "terraform"));
        emulator().attachPolicyOutOfBand(READ_ONLY, "Role", "rt-foreign");
        emulator().putInlinePolicyOutOfBand("Role", "rt-foreign", "theirs", DOC_WRITE);
        RoleSnapshot before = awsRole("rt-foreign");

        Role object = role("rt-foreign");
        object.getSpec().setPolicies(List.of(SSM_CORE));
        apply(object);

        Role refused = roles.awaitReady("rt-foreign", false, "AlreadyExistsNotOwned");
        assertThat(conditionOf(refused, Conditions.READY).get().getMessage())
                .contains(foreign.arn())
                .contains(ResourcePolicies.ADOPTION_POLICY);
        assertThat(refused.getStatus().getArn()).isNull();
        roles.awaitObservedAgain("rt-foreign", 2);
        assertThat(awsRole("rt-foreign")).isEqualTo(before);

        roles.delete("rt-foreign");
        roles.awaitGone("rt-foreign");
        assertThat(awsRole("rt-foreign")).isEqualTo(before);
        assertThat(emulator().calls())
                .filteredOn(c -> c.params().containsValue("rt-foreign"))
                .filteredOn(RoleTestSupport::isWrite)
                .as("only looked at")
                .isEmpty();
    }

    @Test
    void refusesARoleWhoseNameDiffersOnlyInCase() {
        RoleSnapshot foreign = emulator().seedRole("RT-Billing", "/team/", EC2_TRUST, Map.of());

        apply(role("rt-billing"));

        Role refused = roles.awaitReady("rt-billing", false, "AlreadyExistsNotOwned");
        assertThat(conditionOf(refused, Conditions.READY).get().getMessage())
                .contains(foreign.arn());
        Instant after = Instant.now();
        roles.awaitObservedAgain("rt-billing", 2);
        assertThat(emulator().calls())
                .filteredOn(c -> !c.at().isBefore(after))
                .filteredOn(c -> c.action().equals("CreateRole"))
                .as("no CreateRole per resync")
                .isEmpty();
        assertThat(awsRole("RT-Billing")).isEqualTo(foreign);
    }

    @Test
    void adoptsAnExistingRoleWhenAnnotatedAndEnforcesTheSpec() {
        RoleSnapshot legacy =
                emulator().seedRole("rt-legacy", "/", LAMBDA_TRUST, Map.of("owner", "terraform"));
        emulator().putInlinePolicyOutOfBand("Role", "rt-legacy", "old", DOC_WRITE);

        Role object =
                role(
                        "rt-legacy",
                        EC2_TRUST,
                        Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt"),
                        new Tag("owner", "platform"));
        object.getSpec().setPolicies(List.of(SSM_CORE));
        Role created = apply(object);

        Role adopted = roles.awaitReady("rt-legacy", true, "Adopted");

        assertThat(adopted.getStatus().getId()).isEqualTo(legacy.id());
        assertThat(Conditions.isTrue(adopted.getStatus(), Conditions.ADOPTED)).isTrue();
        RoleSnapshot aws = awsRole("rt-legacy");
        assertThat(aws.tags())
                .containsAllEntriesOf(ownershipTags(created))
                .containsEntry("owner", "platform");
        assertThat(PolicyDocuments.equivalent(aws.assumeRolePolicyDocument(), EC2_TRUST)).isTrue();
        assertThat(aws.attachedPolicyArns()).containsExactly(SSM_CORE);
        assertThat(aws.inlinePolicies()).isEmpty();
        assertThat(callsOf("CreateRole", "rt-legacy")).isEmpty();
    }

    @Test
    void revertsDriftMadeOutOfBand() {
        Role object = role("rt-drift", EC2_TRUST, Map.of(), new Tag("team", "a"));
        object.getSpec().setPolicies(List.of(SSM_CORE));
        apply(object);
        roles.awaitReady("rt-drift", true, "Created");
        String id = awsRole("rt-drift").id();

        emulator().updateAssumeRolePolicyOutOfBand("rt-drift", LAMBDA_TRUST);
        emulator().attachPolicyOutOfBand(READ_ONLY, "Role", "rt-drift");
        emulator().putInlinePolicyOutOfBand("Role", "rt-drift", "sneaky", DOC_WRITE);
        emulator().tagRoleOutOfBand("rt-drift", Map.of("team", "b", "extra", "x"));
        emulator().updateRoleMaxSessionDurationOutOfBand("rt-drift", 7200);

        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> {
                            RoleSnapshot aws = awsRole("rt-drift");
                            assertThat(
                                            PolicyDocuments.equivalent(
                                                    aws.assumeRolePolicyDocument(), EC2_TRUST))
                                    .isTrue();
                            assertThat(aws.attachedPolicyArns()).containsExactly(SSM_CORE);
                            assertThat(aws.inlinePolicies()).isEmpty();
                            assertThat(aws.tags())
                                    .containsEntry("team", "a")
                                    .doesNotContainKey("extra");
                            assertThat(aws.maxSessionDuration()).isEqualTo(3600);
                        });
        assertThat(awsRole("rt-drift").id()).isEqualTo(id);
        assertThat(backend().policy(READ_ONLY)).isEmpty();
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                events("rt-drift").stream()
                                        .anyMatch(e -> e.getReason().equals("DriftCorrected")));
    }

    @Test
    void onlyReportsDriftWhenTheDriftPolicyIsReport() {
        apply(role("rt-report", EC2_TRUST, Map.of(ResourcePolicies.DRIFT_POLICY, "report")));
        roles.awaitReady("rt-report", true, "Created");

        emulator().updateAssumeRolePolicyOutOfBand("rt-report", LAMBDA_TRUST);
        emulator().attachPolicyOutOfBand(READ_ONLY, "Role", "rt-report");

        Role reported = roles.awaitReady("rt-report", false, "DriftReported");
        assertThat(reported.getStatus().getDrift())
                .containsExactlyInAnyOrder("assumeRolePolicyDocument", "policies");
        assertThat(Conditions.isTrue(reported.getStatus(), Conditions.DRIFTED)).isTrue();
        roles.awaitObservedAgain("rt-report", 2);
        RoleSnapshot aws = awsRole("rt-report");
        assertThat(PolicyDocuments.equivalent(aws.assumeRolePolicyDocument(), LAMBDA_TRUST))
                .as("not reverted")
                .isTrue();
        assertThat(aws.attachedPolicyArns()).containsExactly(READ_ONLY);
    }

    @Test
    void observeOnlyNeverWritesToAws() {
        apply(
                role(
                        "rt-observed",
                        EC2_TRUST,
                        Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe")));
        roles.awaitReady("rt-observed", false, "Observing");
        assertThat(emulator().role("rt-observed")).as("observing creates nothing").isEmpty();

        RoleSnapshot existing =
                emulator().seedRole("rt-observed", "/", LAMBDA_TRUST, Map.of("owner", "ops"));
        emulator().attachPolicyOutOfBand(READ_ONLY, "Role", "rt-observed");
        RoleSnapshot before = awsRole("rt-observed");

        Role reported = roles.awaitReady("rt-observed", false, "DriftReported");
        assertThat(reported.getStatus().getArn()).isEqualTo(existing.arn());
        assertThat(reported.getStatus().getDrift())
                .contains("assumeRolePolicyDocument", "policies", "tags");
        roles.awaitObservedAgain("rt-observed", 2);

        roles.delete("rt-observed");
        roles.awaitGone("rt-observed");
        assertThat(awsRole("rt-observed")).isEqualTo(before);
        assertThat(emulator().calls())
                .filteredOn(c -> c.params().containsValue("rt-observed"))
                .filteredOn(RoleTestSupport::isWrite)
                .as("the only calls naming the role are reads")
                .isEmpty();
    }

    /**
     * IAM's default quota is 10 managed policies per role. The 11th makes AttachRolePolicy fail
     * with LimitExceeded: the role is Ready=False with a message naming the quota and the fix, the
     * 10 stay attached, and the engine retries with its exponential backoff (1 s doubling up to 5
     * min), so the emulator sees a handful of attempts, not a loop.
     */
    @Test
    void anEleventhManagedPolicyIsReportedAsIamsQuota() {
        List<String> arns = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            PolicySnapshot p =
                    backend().seedPolicy("rt-quota-" + i, "/", DOC_READ, Map.of("owner", "ops"));
            arns.add(p.arn());
        }
        Role object = role("rt-quota");
        object.getSpec().setPolicies(arns.subList(0, 10));
        apply(object);
        roles.awaitReady("rt-quota", true, "Created");

        roles.editSpec("rt-quota", s -> s.setPolicies(arns));

        Role limited = roles.awaitReady("rt-quota", false, "AwsError");
        String message = conditionOf(limited, Conditions.READY).get().getMessage();
        assertThat(message)
                .contains("LimitExceeded")
                .contains("quota")
                .contains("spec.policies")
                .contains("Service Quotas");
        assertThat(limited.getStatus().getDrift()).containsExactly("policies");
        assertThat(awsRole("rt-quota").attachedPolicyArns())
                .containsExactlyInAnyOrderElementsOf(arns.subList(0, 10));
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                events("rt-quota").stream()
                                        .anyMatch(
                                                e ->
                                                        e.getReason().equals("AwsError")
                                                                && e.getMessage()
                                                                        .contains("quota")));

        // Within the next few seconds the retry backs off: count the attempts on the 11th policy.
        roles.awaitObservedAgain("rt-quota", 3);
        long attempts = callsOf("AttachRolePolicy", arns.get(10)).size();
        assertThat(attempts).as("retried with backoff, not in a tight loop").isBetween(1L, 6L);

        // Raising the room (dropping one policy) converges without any other change.
        roles.editSpec("rt-quota", s -> s.setPolicies(arns.subList(1, 11)));
        roles.awaitReady("rt-quota", true, "UpToDate");
        assertThat(awsRole("rt-quota").attachedPolicyArns())
                .containsExactlyInAnyOrderElementsOf(arns.subList(1, 11));
    }
}
