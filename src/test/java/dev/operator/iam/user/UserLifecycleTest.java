package dev.operator.iam.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.emulator.UserSnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.PrincipalTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A User's life in AWS: create, update of every field, drift, observe-only, delete, retain. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class UserLifecycleTest extends PrincipalTestSupport {

    @Test
    void createsTheUserWithItsOwnershipTagsInTheCreateCallThenAppliesTheRest() {
        String name = aws("alice");
        String group = aws("readers");
        emulator().seedGroup(group, "/");

        User created =
                createUser(
                        name,
                        s -> {
                            s.setPermissionsBoundary(POWER_USER);
                            s.setPolicies(List.of(READ_ONLY));
                            s.setInlinePolicies(Map.of("read", DOC_READ));
                            s.setGroups(List.of(group));
                            s.setTags(List.of(new Tag("team", "payments")));
                        });

        User ready = users.awaitReady(name, true, "Created");
        RecordedCall createUser =
                emulator().calls().stream()
                        .filter(c -> c.action().equals("CreateUser"))
                        .filter(c -> name.equals(c.params().get("UserName")))
                        .findFirst()
                        .orElseThrow();
        Map<String, String> sentTags = tagsIn(createUser);
        assertThat(sentTags)
                .as("tags sent in CreateUser itself")
                .containsAllEntriesOf(ownershipTags(created))
                .containsEntry("team", "payments");
        assertThat(createUser.params()).containsEntry("PermissionsBoundary", POWER_USER);
        UserSnapshot inAws = awsUser(name);
        assertThat(ready.getStatus().getArn()).isEqualTo(inAws.arn());
        assertThat(ready.getStatus().getId()).isEqualTo(inAws.id());
        assertThat(inAws.permissionsBoundaryArn()).isEqualTo(POWER_USER);
        assertThat(inAws.attachedPolicyArns()).containsExactly(READ_ONLY);
        assertThat(inAws.inlinePolicies()).containsOnlyKeys("read");
        assertThat(inAws.groupNames()).containsExactly(group);
        assertThat(ready.getStatus().getGroups()).containsExactly(group);
        assertThat(calls(name, "CreateUser")).isEqualTo(1);
        assertThat(calls(name, "TagUser")).as("no tagging after the create").isZero();
    }

    @Test
    void updatesEveryManagedFieldToTheSpec() {
        String name = aws("bob");
        String first = aws("first");
        String second = aws("second");
        emulator().seedGroup(first, "/");
        emulator().seedGroup(second, "/");
        User created =
                createUser(
                        name,
                        s -> {
                            s.setPermissionsBoundary(POWER_USER);
                            s.setPolicies(List.of(READ_ONLY));
                            s.setInlinePolicies(Map.of("a", DOC_READ));
                            s.setGroups(List.of(first));
                            s.setTags(List.of(new Tag("team", "a")));
                        });
        users.awaitReady(name, true, "Created");

        users.editSpec(
                name,
                s -> {
                    s.setPermissionsBoundary(null);
                    s.setPolicies(List.of(S3_READ));
                    s.setInlinePolicies(Map.of("b", DOC_WRITE));
                    s.setGroups(List.of(second));
                    s.setTags(List.of(new Tag("team", "b"), new Tag("env", "prod")));
                });
        awaitGeneration(name, 2);

        UserSnapshot inAws = awsUser(name);
        assertThat(inAws.permissionsBoundaryArn()).isNull();
        assertThat(inAws.attachedPolicyArns()).containsExactly(S3_READ);
        assertThat(inAws.inlinePolicies()).containsOnlyKeys("b");
        assertThat(inAws.groupNames()).containsExactly(second);
        Map<String, String> tags = new HashMap<>(ownershipTags(created));
        tags.put("team", "b");
        tags.put("env", "prod");
        assertThat(inAws.tags()).isEqualTo(tags);

        users.editSpec(name, s -> s.setPermissionsBoundary(READ_ONLY));
        awaitGeneration(name, 3);
        assertThat(awsUser(name).permissionsBoundaryArn()).isEqualTo(READ_ONLY);
        assertThat(calls(name, "DeleteUserPermissionsBoundary")).isEqualTo(1);
        assertThat(calls(name, "PutUserPermissionsBoundary")).isEqualTo(1);
    }

    @Test
    void revertsChangesMadeOutOfBand() {
        String name = aws("carol");
        String group = aws("team");
        emulator().seedGroup(group, "/");
        User created =
                createUser(
                        name,
                        s -> {
                            s.setPermissionsBoundary(POWER_USER);
                            s.setPolicies(List.of(READ_ONLY));
                            s.setGroups(List.of(group));
                            s.setTags(List.of(new Tag("team", "a")));
                        });
        users.awaitReady(name, true, "Created");

        emulator().attachPolicyOutOfBand(S3_READ, "User", name);
        emulator().putInlinePolicyOutOfBand("User", name, "backdoor", DOC_WRITE);
        emulator().removeUserFromGroupOutOfBand(group, name);
        emulator().deletePermissionsBoundaryOutOfBand("User", name);
        emulator().tagUserOutOfBand(name, Map.of("team", "z", "extra", "1"));

        users.awaitReady(name, true, "DriftCorrected");
        UserSnapshot inAws = awsUser(name);
        assertThat(inAws.attachedPolicyArns()).containsExactly(READ_ONLY);
        assertThat(inAws.inlinePolicies()).isEmpty();
        assertThat(inAws.groupNames()).containsExactly(group);
        assertThat(inAws.permissionsBoundaryArn()).isEqualTo(POWER_USER);
        Map<String, String> tags = new HashMap<>(ownershipTags(created));
        tags.put("team", "a");
        assertThat(inAws.tags()).isEqualTo(tags);
    }

    @Test
    void reportsDriftWithoutRevertingItWhenAskedTo() {
        String name = aws("dave");
        String group = aws("ops");
        emulator().seedGroup(group, "/");
        createUser(
                name,
                s -> s.setGroups(List.of(group)),
                Map.of(ResourcePolicies.DRIFT_POLICY, "report"));
        users.awaitReady(name, true, "Created");

        emulator().removeUserFromGroupOutOfBand(group, name);

        User reported = users.awaitReady(name, false, "DriftReported");
        assertThat(reported.getStatus().getDrift()).containsExactly("groups");
        users.awaitObservedAgain(name);
        assertThat(awsUser(name).groupNames()).isEmpty();
        assertThat(calls(name, "AddUserToGroup")).as("only the one of the create").isEqualTo(1);
    }

    @Test
    void observeOnlyReportsAndNeverWrites() {
        String name = aws("erin");
        emulator().seedUser(name, null, Map.of("owner", "terraform"));
        UserSnapshot before = awsUser(name);

        createUser(
                name,
                s -> {
                    s.setPolicies(List.of(READ_ONLY));
                    s.setTags(List.of(new Tag("team", "a")));
                },
                Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe"));

        User observed = users.awaitReady(name, false, "DriftReported");
        assertThat(observed.getStatus().getDrift()).containsExactly("policies", "tags");
        users.awaitObservedAgain(name);
        users.delete(name);
        users.awaitGone(name);

        assertThat(awsUser(name)).isEqualTo(before);
        assertThat(actionsAbout(name))
                .as("only reads")
                .allMatch(a -> a.startsWith("Get") || a.startsWith("List"));
    }

    @Test
    void deletingRemovesPoliciesAndMembershipsThenTheUser() {
        String name = aws("frank");
        String foreignGroup = aws("their-group");
        emulator().seedGroup(foreignGroup, "/");
        createUser(
                name,
                s -> {
                    s.setPolicies(List.of(READ_ONLY));
                    s.setInlinePolicies(Map.of("read", DOC_READ));
                    s.setGroups(List.of(foreignGroup));
                });
        users.awaitReady(name, true, "Created");

        users.delete(name);

        users.awaitGone(name);
        assertThat(emulator().user(name)).isEmpty();
        assertThat(emulator().group(foreignGroup))
                .as("the group stays; only our user's membership ended")
                .hasValueSatisfying(g -> assertThat(g.userNames()).isEmpty());
        assertThat(calls(name, "DeleteUser")).isEqualTo(1);
    }

    /**
     * The emulator models no credentials, so IAM's answer for a user with a console password is
     * injected as IAM gives it. The operator must not try to remove credentials: it explains and
     * waits, and completes once the user is free.
     */
    @Test
    void aUserHoldingCredentialsMadeElsewhereIsNotDeletedUntilTheyAreRemoved() {
        String name = aws("ken");
        createUser(name, s -> s.setPolicies(List.of(READ_ONLY)));
        users.awaitReady(name, true, "Created");
        emulator()
                .faults()
                .failNext(
                        "DeleteUser",
                        2,
                        409,
                        "DeleteConflict",
                        "Cannot delete entity, must delete login profile first.");

        users.delete(name);

        User blocked = users.awaitReady(name, false, "Deleting");
        assertThat(readyOf(blocked).get().getMessage())
                .contains("must delete login profile first")
                .contains("never deletes credentials")
                .contains("login profile");
        assertThat(emulator().user(name)).as("still in AWS while blocked").isPresent();
        users.awaitGone(name);
        assertThat(emulator().user(name)).isEmpty();
        assertThat(actionsAbout(name))
                .as("no credential was touched")
                .noneMatch(
                        a ->
                                a.contains("AccessKey")
                                        || a.contains("LoginProfile")
                                        || a.contains("MFADevice"));
    }

    @Test
    void retainKeepsTheUserInAws() {
        String name = aws("grace");
        createUser(
                name,
                s -> s.setPolicies(List.of(READ_ONLY)),
                Map.of(ResourcePolicies.DELETION_POLICY, "retain"));
        users.awaitReady(name, true, "Created");

        users.delete(name);

        users.awaitGone(name);
        assertThat(awsUser(name).attachedPolicyArns()).containsExactly(READ_ONLY);
        assertThat(calls(name, "DeleteUser")).isZero();
    }

    @Test
    void anInvalidSpecIsReportedWithoutCallingAws() {
        String name = aws("heidi");

        createUser(
                name,
                s -> {
                    s.setPermissionsBoundary("PowerUserAccess");
                    s.setInlinePolicies(Map.of("bad", "{\"Version\":\"2012-10-17\"}"));
                    s.setGroups(List.of("has space"));
                    s.setTags(List.of(new Tag("iam.operator.dev/name", "x")));
                });

        User invalid = users.awaitReady(name, false, "InvalidSpec");
        String message = readyOf(invalid).get().getMessage();
        assertThat(message)
                .contains("spec.permissionsBoundary")
                .contains("spec.inlinePolicies[bad]")
                .contains("spec.groups[0]")
                .contains("reserved prefix");
        assertThat(actionsAbout(name)).as("no AWS call").isEmpty();
        assertThat(emulator().user(name)).isEmpty();
    }

    private void awaitGeneration(String name, long generation) {
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                readyOf(users.get(name))
                                        .filter(c -> c.getObservedGeneration() == generation)
                                        .filter(c -> c.getStatus().equals("True"))
                                        .isPresent());
    }

    /** The tags of a recorded call, from its {@code Tags.member.N.Key/Value} parameters. */
    static Map<String, String> tagsIn(RecordedCall call) {
        Map<String, String> tags = new HashMap<>();
        for (int i = 1; call.params().containsKey("Tags.member." + i + ".Key"); i++) {
            tags.put(
                    call.params().get("Tags.member." + i + ".Key"),
                    call.params().getOrDefault("Tags.member." + i + ".Value", ""));
        }
        return tags;
    }
}
