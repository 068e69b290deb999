package dev.operator.iam.instanceprofile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.InstanceProfileSnapshot;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.role.RoleTestSupport;
import dev.operator.iam.testing.IamEmulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An instance profile's life, ownership, drift, and the one role it holds. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class InstanceProfileTest extends RoleTestSupport {

    @Test
    void createsAProfileHoldingItsRoleWithOwnershipTagsInTheCreateCall() {
        emulator().seedRole("ipt-web", "/", EC2_TRUST, Map.of("owner", "ops"));
        InstanceProfile object =
                profile("ipt-create", "ipt-web", null, Map.of(), new Tag("app", "web"));
        object.getSpec().setPath("/ec2/");
        InstanceProfile created = apply(object);

        InstanceProfile ready = profiles.awaitReady("ipt-create", true, "Created");

        InstanceProfileSnapshot aws = emulator().instanceProfile("ipt-create").orElseThrow();
        assertThat(aws.path()).isEqualTo("/ec2/");
        assertThat(aws.roleNames()).containsExactly("ipt-web");
        assertThat(aws.tags())
                .containsAllEntriesOf(ownershipTags(created))
                .containsEntry("app", "web");
        assertThat(ready.getStatus().getArn()).isEqualTo(aws.arn());
        assertThat(ready.getStatus().getId()).isEqualTo(aws.id());
        assertThat(ready.getStatus().getRoleName()).isEqualTo("ipt-web");
        List<RecordedCall> creates = callsOf("CreateInstanceProfile", "ipt-create");
        assertThat(creates).hasSize(1);
        assertThat(tagsOf(creates.get(0))).containsAllEntriesOf(ownershipTags(created));
        assertThat(emulator().role("ipt-web").orElseThrow().tags())
                .as("the role, not ours, is untouched")
                .containsOnlyKeys("owner");
    }

    @Test
    void changingTheRoleRemovesTheOldOneFirstAndAnEmptyRoleRemovesIt() {
        emulator().seedRole("ipt-old", "/", EC2_TRUST, Map.of());
        emulator().seedRole("ipt-new", "/", EC2_TRUST, Map.of());
        apply(profile("ipt-swap", "ipt-old", null, Map.of()));
        profiles.awaitReady("ipt-swap", true, "Created");

        profiles.editSpec(
                "ipt-swap",
                s -> {
                    s.setRole("ipt-new");
                    s.setTags(List.of(new Tag("env", "prod")));
                });
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> {
                            InstanceProfileSnapshot aws =
                                    emulator().instanceProfile("ipt-swap").orElseThrow();
                            assertThat(aws.roleNames()).containsExactly("ipt-new");
                            assertThat(aws.tags()).containsEntry("env", "prod");
                        });
        assertThat(callsOf("RemoveRoleFromInstanceProfile", "ipt-old")).hasSize(1);

        profiles.editSpec(
                "ipt-swap",
                s -> {
                    s.setRole(null);
                    s.setTags(List.of());
                });
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> {
                            InstanceProfileSnapshot aws =
                                    emulator().instanceProfile("ipt-swap").orElseThrow();
                            assertThat(aws.roleNames()).isEmpty();
                            assertThat(aws.tags()).doesNotContainKey("env");
                        });
        awaitSyncedProfile("ipt-swap");
        assertThat(profiles.get("ipt-swap").getStatus().getRoleName()).isNull();
        assertThat(emulator().role("ipt-old")).isPresent();
        assertThat(emulator().role("ipt-new")).isPresent();
    }

    @Test
    void recoversAProfileItCreatedBeforeACrash() {
        InstanceProfile created = apply(profile("ipt-recover", null, null, Map.of()));
        InstanceProfileSnapshot leftBehind =
                emulator().seedInstanceProfile("ipt-recover", "/", ownershipTags(created));

        InstanceProfile ready = profiles.awaitReady("ipt-recover", true, "Recovered");

        assertThat(ready.getStatus().getId()).isEqualTo(leftBehind.id());
        // A new object creates first: IAM refused it (the name is taken) and nothing was made.
        assertThat(callsOf("CreateInstanceProfile", "ipt-recover"))
                .hasSizeLessThanOrEqualTo(1)
                .allMatch(c -> "EntityAlreadyExists".equals(c.errorCode()));
    }

    @Test
    void refusesAProfileItDoesNotOwnAndLeavesItOnDelete() {
        emulator().seedRole("ipt-their-role", "/", EC2_TRUST, Map.of());
        emulator().seedInstanceProfile("ipt-foreign", "/", Map.of("owner", "terraform"));
        emulator().addRoleToInstanceProfileOutOfBand("ipt-foreign", "ipt-their-role");
        InstanceProfileSnapshot before = emulator().instanceProfile("ipt-foreign").orElseThrow();

        apply(profile("ipt-foreign", null, null, Map.of()));

        InstanceProfile refused =
                profiles.awaitReady("ipt-foreign", false, "AlreadyExistsNotOwned");
        assertThat(conditionOf(refused, Conditions.READY).get().getMessage())
                .contains(before.arn());
        profiles.awaitObservedAgain("ipt-foreign", 2);
        profiles.delete("ipt-foreign");
        profiles.awaitGone("ipt-foreign");
        assertThat(emulator().instanceProfile("ipt-foreign").orElseThrow().roleNames())
                .containsExactly("ipt-their-role");
        assertThat(emulator().instanceProfile("ipt-foreign").orElseThrow().tags())
                .isEqualTo(before.tags());
        assertThat(emulator().calls())
                .filteredOn(c -> c.params().containsValue("ipt-foreign"))
                .filteredOn(RoleTestSupport::isWrite)
                .isEmpty();
    }

    @Test
    void adoptsAProfileWhenAnnotated() {
        emulator().seedRole("ipt-adopt-role", "/", EC2_TRUST, Map.of());
        InstanceProfileSnapshot legacy =
                emulator().seedInstanceProfile("ipt-adopt", "/", Map.of("owner", "terraform"));

        InstanceProfile created =
                apply(
                        profile(
                                "ipt-adopt",
                                "ipt-adopt-role",
                                null,
                                Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt")));

        InstanceProfile adopted = profiles.awaitReady("ipt-adopt", true, "Adopted");
        assertThat(adopted.getStatus().getId()).isEqualTo(legacy.id());
        InstanceProfileSnapshot aws = emulator().instanceProfile("ipt-adopt").orElseThrow();
        assertThat(aws.tags()).containsAllEntriesOf(ownershipTags(created));
        assertThat(aws.roleNames()).containsExactly("ipt-adopt-role");
    }

    @Test
    void revertsDriftAndOnlyReportsItWhenAsked() {
        emulator().seedRole("ipt-drift-role", "/", EC2_TRUST, Map.of());
        emulator().seedRole("ipt-intruder", "/", EC2_TRUST, Map.of());
        apply(profile("ipt-drift", "ipt-drift-role", null, Map.of()));
        apply(
                profile(
                        "ipt-report",
                        "ipt-drift-role",
                        null,
                        Map.of(ResourcePolicies.DRIFT_POLICY, "report")));
        profiles.awaitReady("ipt-drift", true, "Created");
        profiles.awaitReady("ipt-report", true, "Created");

        emulator().removeRoleFromInstanceProfileOutOfBand("ipt-drift", "ipt-drift-role");
        emulator().addRoleToInstanceProfileOutOfBand("ipt-drift", "ipt-intruder");
        emulator().tagInstanceProfileOutOfBand("ipt-drift", Map.of("extra", "x"));
        emulator().removeRoleFromInstanceProfileOutOfBand("ipt-report", "ipt-drift-role");

        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> {
                            InstanceProfileSnapshot aws =
                                    emulator().instanceProfile("ipt-drift").orElseThrow();
                            assertThat(aws.roleNames()).containsExactly("ipt-drift-role");
                            assertThat(aws.tags()).doesNotContainKey("extra");
                        });
        InstanceProfile reported = profiles.awaitReady("ipt-report", false, "DriftReported");
        assertThat(reported.getStatus().getDrift()).containsExactly("role");
        profiles.awaitObservedAgain("ipt-report", 2);
        assertThat(emulator().instanceProfile("ipt-report").orElseThrow().roleNames()).isEmpty();
    }

    @Test
    void observeOnlyNeverWrites() {
        emulator().seedRole("ipt-obs-role", "/", EC2_TRUST, Map.of());
        emulator().seedInstanceProfile("ipt-observed", "/", Map.of("owner", "ops"));
        emulator().addRoleToInstanceProfileOutOfBand("ipt-observed", "ipt-obs-role");
        InstanceProfileSnapshot before = emulator().instanceProfile("ipt-observed").orElseThrow();

        apply(
                profile(
                        "ipt-observed",
                        null,
                        null,
                        Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe")));

        InstanceProfile reported = profiles.awaitReady("ipt-observed", false, "DriftReported");
        assertThat(reported.getStatus().getDrift()).contains("role");
        profiles.awaitObservedAgain("ipt-observed", 2);
        profiles.delete("ipt-observed");
        profiles.awaitGone("ipt-observed");
        assertThat(emulator().instanceProfile("ipt-observed").orElseThrow().roleNames())
                .isEqualTo(before.roleNames());
        assertThat(emulator().calls())
                .filteredOn(c -> c.params().containsValue("ipt-observed"))
                .filteredOn(RoleTestSupport::isWrite)
                .isEmpty();
    }

    @Test
    void deletionRemovesTheRoleThenTheProfileAndRetainKeepsIt() {
        emulator().seedRole("ipt-del-role", "/", EC2_TRUST, Map.of());
        apply(profile("ipt-delete", "ipt-del-role", null, Map.of()));
        apply(
                profile(
                        "ipt-retain",
                        "ipt-del-role",
                        null,
                        Map.of(ResourcePolicies.DELETION_POLICY, "retain")));
        profiles.awaitReady("ipt-delete", true, "Created");
        profiles.awaitReady("ipt-retain", true, "Created");

        profiles.delete("ipt-delete");
        profiles.delete("ipt-retain");

        profiles.awaitGone("ipt-delete");
        profiles.awaitGone("ipt-retain");
        assertThat(emulator().instanceProfile("ipt-delete")).isEmpty();
        assertThat(emulator().role("ipt-del-role")).as("the role is not ours").isPresent();
        assertThat(emulator().instanceProfile("ipt-retain").orElseThrow().roleNames())
                .containsExactly("ipt-del-role");
        assertThat(callsOf("DeleteInstanceProfile", "ipt-retain")).isEmpty();
    }

    @Test
    void roleAndRoleRefTogetherAreInvalidWithoutAnyAwsCall() {
        apply(profile("ipt-both", "some-role", "some-role-object", Map.of()));

        InstanceProfile invalid = profiles.awaitReady("ipt-both", false, "InvalidSpec");

        assertThat(conditionOf(invalid, Conditions.READY).get().getMessage())
                .contains("spec.role and spec.roleRef");
        assertThat(emulator().calls()).noneMatch(c -> c.params().containsValue("ipt-both"));
    }

    private void awaitSyncedProfile(String name) {
        await().atMost(TIMEOUT)
                .until(
                        () -> {
                            InstanceProfile p = profiles.get(name);
                            return conditionOf(p, Conditions.READY)
                                    .filter(c -> "True".equals(c.getStatus()))
                                    .filter(
                                            c ->
                                                    p.getMetadata()
                                                            .getGeneration()
                                                            .equals(c.getObservedGeneration()))
                                    .isPresent();
                        });
    }
}
