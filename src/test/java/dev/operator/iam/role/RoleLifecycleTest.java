package dev.operator.iam.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.document.PolicyDocuments;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import io.fabric8.kubernetes.api.model.Event;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A role's life: create with everything, update each field, delete or retain, invalid specs. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class RoleLifecycleTest extends RoleTestSupport {

    @Test
    void createsARoleWithEverythingAndTheOwnershipTagsInTheCreateRoleCall() {
        Role object = role("rt-create", EC2_TRUST, Map.of(), new Tag("team", "a"));
        object.getSpec().setDescription("web servers");
        object.getSpec().setMaxSessionDuration(7200);
        object.getSpec().setPermissionsBoundary(READ_ONLY);
        object.getSpec().setPolicies(List.of(SSM_CORE));
        object.getSpec().setInlinePolicies(Map.of("read", DOC_READ));
        Role created = apply(object);

        Role ready = roles.awaitReady("rt-create", true, "Created");

        RoleSnapshot aws = awsRole("rt-create");
        assertThat(PolicyDocuments.equivalent(aws.assumeRolePolicyDocument(), EC2_TRUST)).isTrue();
        assertThat(aws.description()).isEqualTo("web servers");
        assertThat(aws.maxSessionDuration()).isEqualTo(7200);
        assertThat(aws.permissionsBoundaryArn()).isEqualTo(READ_ONLY);
        assertThat(aws.attachedPolicyArns()).containsExactly(SSM_CORE);
        assertThat(aws.inlinePolicies()).containsOnlyKeys("read");
        assertThat(PolicyDocuments.equivalent(aws.inlinePolicies().get("read"), DOC_READ)).isTrue();
        assertThat(aws.tags())
                .containsAllEntriesOf(ownershipTags(created))
                .containsEntry("team", "a");
        assertThat(ready.getStatus().getArn()).isEqualTo(aws.arn());
        assertThat(ready.getStatus().getId()).isEqualTo(aws.id());
        assertThat(ready.getStatus().getName()).isEqualTo("rt-create");
        assertThat(ready.getStatus().getAttachedPolicyCount()).isEqualTo(1);

        List<RecordedCall> creates = callsOf("CreateRole", "rt-create");
        assertThat(creates).hasSize(1);
        assertThat(tagsOf(creates.get(0)))
                .as("ownership tags travel in the CreateRole call itself")
                .containsAllEntriesOf(ownershipTags(created))
                .containsEntry("team", "a");
        assertThat(creates.get(0).params())
                .containsEntry("MaxSessionDuration", "7200")
                .containsEntry("PermissionsBoundary", READ_ONLY);
    }

    @Test
    void updatesEveryManagedFieldAndThenRemovesWhatTheSpecDrops() {
        Role object = role("rt-update", EC2_TRUST, Map.of(), new Tag("team", "a"));
        object.getSpec().setDescription("v1");
        object.getSpec().setPolicies(List.of(SSM_CORE));
        object.getSpec().setInlinePolicies(Map.of("read", DOC_READ));
        apply(object);
        roles.awaitReady("rt-update", true, "Created");
        Instant firstEdit = Instant.now();

        roles.editSpec(
                "rt-update",
                s -> {
                    s.setDescription("v2");
                    s.setMaxSessionDuration(43200);
                    s.setAssumeRolePolicyDocument(LAMBDA_TRUST);
                    s.setPermissionsBoundary(READ_ONLY);
                    s.setPolicies(List.of(SSM_CORE, S3_READ));
                    s.setInlinePolicies(Map.of("read", DOC_READ, "write", DOC_WRITE));
                    s.setTags(List.of(new Tag("team", "a"), new Tag("env", "prod")));
                });
        awaitSynced("rt-update");

        RoleSnapshot updated = awsRole("rt-update");
        assertThat(updated.description()).isEqualTo("v2");
        assertThat(updated.maxSessionDuration()).isEqualTo(43200);
        assertThat(PolicyDocuments.equivalent(updated.assumeRolePolicyDocument(), LAMBDA_TRUST))
                .isTrue();
        assertThat(updated.permissionsBoundaryArn()).isEqualTo(READ_ONLY);
        assertThat(updated.attachedPolicyArns()).containsExactlyInAnyOrder(SSM_CORE, S3_READ);
        assertThat(updated.inlinePolicies()).containsOnlyKeys("read", "write");
        assertThat(updated.tags()).containsEntry("env", "prod").containsEntry("team", "a");
        assertThat(updated.id()).as("the same role, updated in place").isNotNull();
        for (String action :
                List.of(
                        "UpdateRole",
                        "UpdateAssumeRolePolicy",
                        "PutRolePermissionsBoundary",
                        "AttachRolePolicy",
                        "PutRolePolicy",
                        "TagRole")) {
            assertThat(
                            emulator().calls().stream()
                                    .filter(c -> !c.at().isBefore(firstEdit))
                                    .filter(c -> c.action().equals(action))
                                    .filter(c -> "rt-update".equals(c.params().get("RoleName"))))
                    .as(action)
                    .isNotEmpty();
        }
        Instant secondEdit = Instant.now();

        roles.editSpec(
                "rt-update",
                s -> {
                    s.setDescription(null);
                    s.setMaxSessionDuration(null);
                    s.setPermissionsBoundary(null);
                    s.setPolicies(List.of(S3_READ));
                    s.setInlinePolicies(Map.of("write", DOC_WRITE));
                    s.setTags(List.of(new Tag("env", "prod")));
                });
        awaitSynced("rt-update");

        RoleSnapshot trimmed = awsRole("rt-update");
        assertThat(trimmed.id()).isEqualTo(updated.id());
        assertThat(trimmed.description()).isNullOrEmpty();
        assertThat(trimmed.maxSessionDuration()).isEqualTo(3600);
        assertThat(trimmed.permissionsBoundaryArn()).isNull();
        assertThat(trimmed.attachedPolicyArns()).containsExactly(S3_READ);
        assertThat(trimmed.inlinePolicies()).containsOnlyKeys("write");
        assertThat(trimmed.tags()).containsEntry("env", "prod").doesNotContainKey("team");
        for (String action :
                List.of(
                        "DeleteRolePermissionsBoundary",
                        "DetachRolePolicy",
                        "DeleteRolePolicy",
                        "UntagRole")) {
            assertThat(
                            emulator().calls().stream()
                                    .filter(c -> !c.at().isBefore(secondEdit))
                                    .filter(c -> c.action().equals(action))
                                    .filter(c -> "rt-update".equals(c.params().get("RoleName"))))
                    .as(action)
                    .isNotEmpty();
        }
        assertThat(callsOf("CreateRole", "rt-update")).hasSize(1);
    }

    @Test
    void deletionStripsPoliciesAndLeavesAForeignInstanceProfileWithAnEvent() {
        PolicySnapshot shared =
                backend().seedPolicy("rt-shared-policy", "/", DOC_READ, Map.of("owner", "ops"));
        Role object = role("rt-delete");
        object.getSpec().setPolicies(List.of(SSM_CORE, shared.arn()));
        object.getSpec().setInlinePolicies(Map.of("read", DOC_READ));
        Role created = apply(object);
        roles.awaitReady("rt-delete", true, "Created");
        // Someone else's profile and one of this cluster's profiles, both holding our role.
        emulator().seedInstanceProfile("rt-foreign-profile", "/", Map.of("owner", "ops"));
        emulator().addRoleToInstanceProfileOutOfBand("rt-foreign-profile", "rt-delete");
        Map<String, String> ours = new HashMap<>(ownershipTags(created));
        ours.put("iam.operator.dev/name", "some-instance-profile");
        emulator().seedInstanceProfile("rt-our-profile", "/", ours);
        emulator().addRoleToInstanceProfileOutOfBand("rt-our-profile", "rt-delete");

        roles.delete("rt-delete");

        roles.awaitGone("rt-delete");
        assertThat(emulator().role("rt-delete")).isEmpty();
        assertThat(emulator().instanceProfile("rt-foreign-profile"))
                .as("the foreign profile stays, only without our role")
                .hasValueSatisfying(p -> assertThat(p.roleNames()).isEmpty());
        assertThat(emulator().instanceProfile("rt-our-profile")).isPresent();
        PolicySnapshot after = backend().policy(shared.arn()).orElseThrow();
        assertThat(after.attachmentCount()).isZero();
        assertThat(after.defaultDocument()).isEqualTo(shared.defaultDocument());
        List<Event> events = events("rt-delete");
        assertThat(events)
                .filteredOn(e -> e.getMessage().contains("rt-foreign-profile"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.getReason()).isEqualTo("Deleting");
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getMessage()).contains("does not own");
                        });
        assertThat(events).noneMatch(e -> e.getMessage().contains("rt-our-profile"));
        assertThat(callsOf("DeletePolicy", shared.arn())).isEmpty();
    }

    @Test
    void retainLeavesTheRoleAndItsPoliciesInAws() {
        Role object =
                role("rt-retain", EC2_TRUST, Map.of(ResourcePolicies.DELETION_POLICY, "retain"));
        object.getSpec().setPolicies(List.of(SSM_CORE));
        apply(object);
        roles.awaitReady("rt-retain", true, "Created");

        roles.delete("rt-retain");

        roles.awaitGone("rt-retain");
        assertThat(awsRole("rt-retain").attachedPolicyArns()).containsExactly(SSM_CORE);
        assertThat(callsOf("DeleteRole", "rt-retain")).isEmpty();
        assertThat(callsOf("DetachRolePolicy", "rt-retain")).isEmpty();
    }

    @Test
    void anInvalidTrustPolicyIsReportedWithoutAnyAwsCall() {
        String noPrincipal =
                """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                "Action":"sts:AssumeRole","Resource":"*"}]}\
                """;
        apply(role("rt-bad-trust", noPrincipal, Map.of()));

        Role invalid = roles.awaitReady("rt-bad-trust", false, "InvalidSpec");

        assertThat(conditionOf(invalid, Conditions.READY).get().getMessage())
                .contains("spec.assumeRolePolicyDocument");
        assertThat(emulator().calls()).noneMatch(c -> c.params().containsValue("rt-bad-trust"));
    }

    @Test
    void aSessionDurationOutOfRangeIsReportedWithoutAnyAwsCall() {
        Role tooShort = role("rt-bad-duration");
        tooShort.getSpec().setMaxSessionDuration(600);
        apply(tooShort);
        Role tooLong = role("rt-bad-duration-long");
        tooLong.getSpec().setMaxSessionDuration(43201);
        apply(tooLong);

        Role invalid = roles.awaitReady("rt-bad-duration", false, "InvalidSpec");
        Role invalidLong = roles.awaitReady("rt-bad-duration-long", false, "InvalidSpec");

        assertThat(conditionOf(invalid, Conditions.READY).get().getMessage())
                .contains("spec.maxSessionDuration is 600")
                .contains("3600")
                .contains("43200");
        assertThat(conditionOf(invalidLong, Conditions.READY).get().getMessage())
                .contains("spec.maxSessionDuration is 43201");
        assertThat(emulator().calls())
                .noneMatch(
                        c ->
                                c.params().containsValue("rt-bad-duration")
                                        || c.params().containsValue("rt-bad-duration-long"));

        roles.delete("rt-bad-duration");
        roles.awaitGone("rt-bad-duration");
    }

    /** Ready=True for the object's current generation, with nothing left drifted. */
    private void awaitSynced(String name) {
        await().atMost(TIMEOUT)
                .until(
                        () -> {
                            Role r = roles.get(name);
                            return conditionOf(r, Conditions.READY)
                                    .filter(c -> "True".equals(c.getStatus()))
                                    .filter(
                                            c ->
                                                    r.getMetadata()
                                                            .getGeneration()
                                                            .equals(c.getObservedGeneration()))
                                    .isPresent();
                        });
    }
}
