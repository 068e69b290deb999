package dev.operator.iam.process;

import static dev.operator.iam.process.IamObjects.DOCUMENT;
import static dev.operator.iam.process.IamObjects.POWER_USER;
import static dev.operator.iam.process.IamObjects.READ_ONLY;
import static dev.operator.iam.process.IamObjects.list;
import static dev.operator.iam.process.IamObjects.map;
import static dev.operator.iam.process.IamObjects.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.emulator.GroupSnapshot;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.emulator.UserSnapshot;
import dev.operator.iam.group.Group;
import dev.operator.iam.group.GroupSpec;
import dev.operator.iam.user.User;
import dev.operator.iam.user.UserSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The crash matrix of User and Group: every mutating IAM operation of their create, update and
 * delete, committed by IAM while the operator is SIGKILLed waiting for the answer. The key cell is
 * CreateGroup: IAM groups take no tags, so the group is ours only by the create intent recorded in
 * status before the call. Four rounds, four crashes (see {@link CrashMatrix}).
 */
class PrincipalsCrashMatrixIT extends CrashMatrix {

    private static final String THEIR_USER = "theirs-user";
    private static final String THEIR_GROUP = "theirs-group";

    /** A user made outside the operator, put into one of our groups before it is deleted. */
    private static final String SEEDED_MEMBER = "seeded-member";

    /** Our group that users of the matrix join and leave. */
    private static final String CLUB = "g-club";

    private UserSnapshot theirUser;
    private GroupSnapshot theirGroup;

    @Override
    protected String title() {
        return "User and Group";
    }

    @Override
    protected String namespace() {
        return "matrix-principals";
    }

    @Override
    protected void seedNotOurs() {
        theirUser = emulator.seedUser(THEIR_USER, null, null);
        theirGroup = emulator.seedGroup(THEIR_GROUP, null);
        emulator.seedUser(SEEDED_MEMBER, null, null);
        objects.create(objects.user(THEIR_USER, s -> s.setPolicies(list(READ_ONLY))));
        objects.create(objects.group(THEIR_GROUP, s -> s.setPolicies(list(READ_ONLY))));
        objects.create(objects.group(CLUB, s -> {}));
        objects.awaitReady(User.class, THEIR_USER, "False", "AlreadyExistsNotOwned", TIMEOUT);
        objects.awaitReady(Group.class, THEIR_GROUP, "False", "AlreadyExistsNotOwned", TIMEOUT);
        objects.awaitReady(Group.class, CLUB, TIMEOUT);
    }

    @Override
    protected void assertNotOursUntouched() {
        assertThat(emulator.user(THEIR_USER)).as("the user we do not own").contains(theirUser);
        assertThat(emulator.group(THEIR_GROUP)).as("the group we do not own").contains(theirGroup);
        assertOnlyRead("UserName", THEIR_USER);
        assertOnlyRead("GroupName", THEIR_GROUP);
        assertThat(objects.ready(Group.class, THEIR_GROUP))
                .hasValueSatisfying(
                        c ->
                                assertThat(c.getStatus() + "/" + c.getReason())
                                        .isEqualTo("False/AlreadyExistsNotOwned"));
    }

    // ------------------------------------------------------------------ the rounds

    @Test
    @Order(1)
    void createCrashedAtTheCreateCallAndLateStepsCrashed() {
        crash(
                "create+late-steps",
                List.of(
                        // policies and memberships gone (committed), the crash hits DeleteUser
                        deleteUser(
                                "DeleteUser",
                                "u-del-stripped",
                                s -> {
                                    s.setPolicies(list(READ_ONLY));
                                    s.setInlinePolicies(map("read", DOCUMENT));
                                    s.setGroups(list(CLUB));
                                }),
                        // policies and members gone (committed), the crash hits DeleteGroup
                        deleteGroup(
                                "DeleteGroup",
                                "g-del-stripped",
                                s -> {
                                    s.setPolicies(list(READ_ONLY));
                                    s.setInlinePolicies(map("read", DOCUMENT));
                                },
                                true),
                        createUser(
                                "CreateUser",
                                "u-create",
                                s -> {
                                    s.setPermissionsBoundary(POWER_USER);
                                    s.setPolicies(list(READ_ONLY));
                                    s.setInlinePolicies(map("read", DOCUMENT));
                                    s.setGroups(list(CLUB));
                                    s.setTags(tags(map("team", "payments")));
                                }),
                        // untaggable: ours only by the create intent
                        createGroup(
                                "CreateGroup",
                                "g-create",
                                s -> {
                                    s.setPolicies(list(READ_ONLY));
                                    s.setInlinePolicies(map("read", DOCUMENT));
                                })));
    }

    @Test
    @Order(2)
    void createCrashedAfterTheCreateCallAndGroupUpdates() {
        crash(
                "create-rest+group-update",
                List.of(
                        createUser(
                                "AttachUserPolicy",
                                "u-create-attach",
                                s -> s.setPolicies(list(READ_ONLY))),
                        createUser(
                                "PutUserPolicy",
                                "u-create-inline",
                                s -> s.setInlinePolicies(map("read", DOCUMENT))),
                        createUser("AddUserToGroup", "u-create-join", s -> s.setGroups(list(CLUB))),
                        createGroup(
                                "AttachGroupPolicy",
                                "g-create-attach",
                                s -> s.setPolicies(list(READ_ONLY))),
                        createGroup(
                                "PutGroupPolicy",
                                "g-create-inline",
                                s -> s.setInlinePolicies(map("read", DOCUMENT))),
                        updateGroup(
                                "AttachGroupPolicy",
                                "g-attach",
                                s -> {},
                                s -> s.setPolicies(list(READ_ONLY))),
                        updateGroup(
                                "DetachGroupPolicy",
                                "g-detach",
                                s -> s.setPolicies(list(READ_ONLY)),
                                s -> s.setPolicies(list())),
                        updateGroup(
                                "PutGroupPolicy",
                                "g-put",
                                s -> {},
                                s -> s.setInlinePolicies(map("read", DOCUMENT))),
                        updateGroup(
                                "DeleteGroupPolicy",
                                "g-delete-inline",
                                s -> s.setInlinePolicies(map("read", DOCUMENT)),
                                s -> s.setInlinePolicies(map()))));
    }

    @Test
    @Order(3)
    void updateCrashedAtEachOperation() {
        crash(
                "update",
                List.of(
                        updateUser(
                                "PutUserPermissionsBoundary",
                                "u-bound-put",
                                s -> {},
                                s -> s.setPermissionsBoundary(POWER_USER)),
                        updateUser(
                                "DeleteUserPermissionsBoundary",
                                "u-bound-del",
                                s -> s.setPermissionsBoundary(POWER_USER),
                                s -> s.setPermissionsBoundary(null)),
                        updateUser(
                                "AttachUserPolicy",
                                "u-attach",
                                s -> {},
                                s -> s.setPolicies(list(READ_ONLY))),
                        updateUser(
                                "DetachUserPolicy",
                                "u-detach",
                                s -> s.setPolicies(list(READ_ONLY)),
                                s -> s.setPolicies(list())),
                        updateUser(
                                "PutUserPolicy",
                                "u-put",
                                s -> {},
                                s -> s.setInlinePolicies(map("read", DOCUMENT))),
                        updateUser(
                                "DeleteUserPolicy",
                                "u-delete-inline",
                                s -> s.setInlinePolicies(map("read", DOCUMENT)),
                                s -> s.setInlinePolicies(map())),
                        updateUser(
                                "AddUserToGroup", "u-join", s -> {}, s -> s.setGroups(list(CLUB))),
                        updateUser(
                                "RemoveUserFromGroup",
                                "u-leave",
                                s -> s.setGroups(list(CLUB)),
                                s -> s.setGroups(list())),
                        updateUser(
                                "TagUser",
                                "u-tag",
                                s -> {},
                                s -> s.setTags(tags(map("team", "payments")))),
                        updateUser(
                                "UntagUser",
                                "u-untag",
                                s -> s.setTags(tags(map("old", "x"))),
                                s -> s.setTags(new ArrayList<>()))));
    }

    @Test
    @Order(4)
    void deleteCrashedAtEachOperation() {
        crash(
                "delete",
                List.of(
                        deleteUser(
                                "DetachUserPolicy",
                                "u-del-detach",
                                s -> s.setPolicies(list(READ_ONLY))),
                        deleteUser(
                                "DeleteUserPolicy",
                                "u-del-inline",
                                s -> s.setInlinePolicies(map("read", DOCUMENT))),
                        deleteUser(
                                "RemoveUserFromGroup", "u-del-group", s -> s.setGroups(list(CLUB))),
                        deleteUser("DeleteUser", "u-del", s -> {}),
                        deleteGroup(
                                "DetachGroupPolicy",
                                "g-del-detach",
                                s -> s.setPolicies(list(READ_ONLY)),
                                false),
                        deleteGroup(
                                "DeleteGroupPolicy",
                                "g-del-inline",
                                s -> s.setInlinePolicies(map("read", DOCUMENT)),
                                false),
                        // a member the operator does not manage: IAM deletes no group with members
                        deleteGroup("RemoveUserFromGroup", "g-del-members", s -> {}, true),
                        deleteGroup("DeleteGroup", "g-del", s -> {}, false)));
        assertThat(emulator.user(SEEDED_MEMBER))
                .as("the seeded member of a deleted group")
                .hasValueSatisfying(u -> assertThat(u.groupNames()).isEmpty());
    }

    @Test
    @Order(5)
    void deletingEveryObjectAfterTheCrashesLeavesOnlyWhatIsNotOurs() {
        withLogsOnFailure(
                () -> {
                    for (User u : items(User.class)) {
                        if (!u.getMetadata().getName().equals(THEIR_USER)) {
                            userConverged(u.getMetadata().getName());
                        }
                    }
                    for (Group g : items(Group.class)) {
                        if (!g.getMetadata().getName().equals(THEIR_GROUP)) {
                            groupConverged(g.getMetadata().getName());
                        }
                    }
                    deleteAll(User.class, Group.class);
                    assertThat(emulator.users())
                            .as("users left in AWS")
                            .extracting(UserSnapshot::name)
                            .containsExactlyInAnyOrder(THEIR_USER, SEEDED_MEMBER);
                    assertThat(emulator.groups())
                            .as("groups left in AWS")
                            .extracting(GroupSnapshot::name)
                            .containsExactly(THEIR_GROUP);
                    assertThat(emulator.user(THEIR_USER)).contains(theirUser);
                    assertThat(emulator.group(THEIR_GROUP)).contains(theirGroup);
                    assertOnlyRead("UserName", THEIR_USER);
                    assertOnlyRead("GroupName", THEIR_GROUP);
                    assertThat(callsOn("UserName", SEEDED_MEMBER))
                            .as("calls naming the seeded member (only its removal from our group)")
                            .extracting(RecordedCall::action)
                            .allMatch(
                                    a ->
                                            a.startsWith("Get")
                                                    || a.startsWith("List")
                                                    || a.equals("RemoveUserFromGroup"));
                });
    }

    private <T extends dev.operator.iam.api.ManagedResource<?, ?>> List<T> items(Class<T> kind) {
        return api.client().resources(kind).inNamespace(namespace()).list().getItems();
    }

    // ------------------------------------------------------------------ cells

    private Cell createUser(String operation, String name, Consumer<UserSpec> spec) {
        return new Cell(
                "User",
                "create",
                operation,
                name,
                List.of(),
                () -> objects.create(objects.user(name, spec)),
                () -> {
                    userConverged(name);
                    assertNotRepeated(operation, "UserName", name);
                });
    }

    private Cell updateUser(
            String operation, String name, Consumer<UserSpec> before, Consumer<UserSpec> after) {
        return new Cell(
                "User",
                "update",
                operation,
                name,
                List.of(objects.user(name, before)),
                () -> objects.edit(User.class, name, u -> after.accept(u.getSpec())),
                () -> {
                    userConverged(name);
                    assertNotRepeated(operation, "UserName", name);
                });
    }

    private Cell deleteUser(String operation, String name, Consumer<UserSpec> before) {
        return new Cell(
                "User",
                "delete",
                operation,
                name,
                List.of(objects.user(name, before)),
                () -> objects.delete(User.class, name),
                () -> {
                    objects.awaitGone(User.class, name, TIMEOUT);
                    assertThat(emulator.user(name)).as("user %s in AWS", name).isEmpty();
                    assertThat(calls("CreateUser", "UserName", name))
                            .as("CreateUser calls for %s", name)
                            .isEqualTo(1);
                    assertNotRepeated(operation, "UserName", name);
                });
    }

    private Cell createGroup(String operation, String name, Consumer<GroupSpec> spec) {
        return new Cell(
                "Group",
                "create",
                operation,
                name,
                List.of(),
                () -> objects.create(objects.group(name, spec)),
                () -> {
                    groupConverged(name);
                    assertNotRepeated(operation, "GroupName", name);
                });
    }

    private Cell updateGroup(
            String operation, String name, Consumer<GroupSpec> before, Consumer<GroupSpec> after) {
        return new Cell(
                "Group",
                "update",
                operation,
                name,
                List.of(objects.group(name, before)),
                () -> objects.edit(Group.class, name, g -> after.accept(g.getSpec())),
                () -> {
                    groupConverged(name);
                    assertNotRepeated(operation, "GroupName", name);
                });
    }

    private Cell deleteGroup(
            String operation, String name, Consumer<GroupSpec> before, boolean seededMember) {
        return new Cell(
                "Group",
                "delete",
                operation,
                name,
                List.of(objects.group(name, before)),
                () -> {
                    if (seededMember) {
                        emulator.addUserToGroupOutOfBand(name, SEEDED_MEMBER);
                    }
                    objects.delete(Group.class, name);
                },
                () -> {
                    objects.awaitGone(Group.class, name, TIMEOUT);
                    assertThat(emulator.group(name)).as("group %s in AWS", name).isEmpty();
                    assertThat(calls("CreateGroup", "GroupName", name))
                            .as("CreateGroup calls for %s", name)
                            .isEqualTo(1);
                    assertNotRepeated(operation, "GroupName", name);
                });
    }

    private void assertNotRepeated(String operation, String param, String name) {
        assertThat(calls(operation, param, name))
                .as("%s calls for %s (the one killed is not repeated)", operation, name)
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------ convergence

    private void userConverged(String name) {
        User ready = objects.awaitReady(User.class, name, TIMEOUT);
        UserSpec spec = ready.getSpec();
        List<UserSnapshot> named =
                emulator.users().stream().filter(u -> u.name().equalsIgnoreCase(name)).toList();
        assertThat(named).as("users named %s", name).hasSize(1);
        UserSnapshot user = named.get(0);
        assertThat(ready.getStatus().getArn()).as("status.arn of %s", name).isEqualTo(user.arn());
        assertThat(user.permissionsBoundaryArn())
                .as("permissions boundary of %s", name)
                .isEqualTo(spec.effectivePermissionsBoundary());
        assertThat(new HashSet<>(user.attachedPolicyArns()))
                .as("managed policies of %s", name)
                .isEqualTo(new HashSet<>(spec.getPolicies()));
        assertThat(parsed(user.inlinePolicies()))
                .as("inline policies of %s", name)
                .isEqualTo(parsed(spec.getInlinePolicies()));
        assertThat(new HashSet<>(user.groupNames()))
                .as("groups of %s", name)
                .isEqualTo(new HashSet<>(spec.getGroups()));
        assertThat(user.tags())
                .as("tags of %s", name)
                .isEqualTo(IamObjects.expectedTags(ready, spec.getTags()));
        assertThat(calls("CreateUser", "UserName", name))
                .as("CreateUser calls for %s, ever", name)
                .isEqualTo(1);
    }

    private void groupConverged(String name) {
        Group ready = objects.awaitReady(Group.class, name, TIMEOUT);
        GroupSpec spec = ready.getSpec();
        List<GroupSnapshot> named =
                emulator.groups().stream().filter(g -> g.name().equalsIgnoreCase(name)).toList();
        assertThat(named).as("groups named %s", name).hasSize(1);
        GroupSnapshot group = named.get(0);
        assertThat(ready.getStatus().getArn()).as("status.arn of %s", name).isEqualTo(group.arn());
        assertThat(new HashSet<>(group.attachedPolicyArns()))
                .as("managed policies of %s", name)
                .isEqualTo(new HashSet<>(spec.getPolicies()));
        assertThat(parsed(group.inlinePolicies()))
                .as("inline policies of %s", name)
                .isEqualTo(parsed(spec.getInlinePolicies()));
        assertThat(calls("CreateGroup", "GroupName", name))
                .as("CreateGroup calls for %s, ever", name)
                .isEqualTo(1);
    }
}
