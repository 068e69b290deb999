package dev.operator.iam.emulator;

import static dev.operator.iam.emulator.IamEmulatorRolesTest.INLINE;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.READ_ONLY;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.decode;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.tag;
import static dev.operator.iam.emulator.SdkErrors.errorCode;
import static dev.operator.iam.emulator.SdkErrors.errorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;

/** Users, groups and memberships through the real AWS SDK. */
class IamEmulatorUsersAndGroupsTest extends EmulatorApiTest {

    @Test
    void createUserReturnsEveryFieldAndGetUserShowsTheSame() {
        User created =
                iam.createUser(
                                r ->
                                        r.userName("alice")
                                                .path("/staff/")
                                                .permissionsBoundary(READ_ONLY)
                                                .tags(tag("team", "orders")))
                        .user();
        User fetched = iam.getUser(r -> r.userName("ALICE")).user();

        assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:user/staff/alice");
        assertThat(created.userId()).matches("AIDA[A-Z0-9]{17}");
        assertThat(created.path()).isEqualTo("/staff/");
        assertThat(created.createDate()).isNotNull();
        assertThat(created.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(READ_ONLY);
        assertThat(created.tags()).containsExactly(tag("team", "orders"));
        assertThat(fetched).isEqualTo(created);

        UserSnapshot snapshot = emulator.user("alice").orElseThrow();
        assertThat(snapshot.id()).isEqualTo(created.userId());
        assertThat(snapshot.tags()).isEqualTo(Map.of("team", "orders"));
        assertThat(snapshot.permissionsBoundaryArn()).isEqualTo(READ_ONLY);
    }

    @Test
    void userNamesAreUniqueIgnoringCaseAndMissingUsersAreNoSuchEntity() {
        iam.createUser(r -> r.userName("Bob"));

        assertThatThrownBy(() -> iam.createUser(r -> r.userName("bob")))
                .isInstanceOf(EntityAlreadyExistsException.class);
        assertThatThrownBy(() -> iam.getUser(r -> r.userName("carol")))
                .isInstanceOfSatisfying(
                        NoSuchEntityException.class,
                        e ->
                                assertThat(e.awsErrorDetails().errorMessage())
                                        .isEqualTo("The user with name carol cannot be found."));
        assertThat(errorCode(() -> iam.createUser(r -> r.userName("bad name"))))
                .isEqualTo("ValidationError");
        assertThat(errorCode(() -> iam.createUser(r -> r.userName("u").path("/no-end"))))
                .isEqualTo("ValidationError");
    }

    @Test
    void listUsersFiltersByPathPrefixAndPages() {
        IntStream.rangeClosed(1, 3).forEach(i -> iam.createUser(r -> r.userName("user-" + i)));
        iam.createUser(r -> r.userName("ops").path("/ops/").tags(tag("a", "b")));

        ListUsersResponse first = iam.listUsers(r -> r.maxItems(3));
        ListUsersResponse second = iam.listUsers(r -> r.marker(first.marker()));

        assertThat(first.isTruncated()).isTrue();
        assertThat(first.users())
                .extracting(User::userName)
                .containsExactly("ops", "user-1", "user-2");
        assertThat(first.users().get(0).tags()).isEmpty();
        assertThat(second.users()).extracting(User::userName).containsExactly("user-3");
        assertThat(iam.listUsers(r -> r.pathPrefix("/ops/")).users())
                .extracting(User::userName)
                .containsExactly("ops");
    }

    @Test
    void userPoliciesBoundariesAndTagsRoundTrip() {
        iam.createUser(r -> r.userName("alice"));
        String custom = emulator.seedPolicy("custom", "/", INLINE, Map.of()).arn();

        iam.attachUserPolicy(r -> r.userName("alice").policyArn(custom));
        iam.putUserPolicy(r -> r.userName("alice").policyName("inline").policyDocument(INLINE));
        iam.putUserPermissionsBoundary(r -> r.userName("alice").permissionsBoundary(custom));
        iam.tagUser(r -> r.userName("alice").tags(tag("env", "dev"), tag("x", "y")));
        iam.untagUser(r -> r.userName("alice").tagKeys("X"));

        assertThat(iam.listAttachedUserPolicies(r -> r.userName("alice")).attachedPolicies())
                .containsExactly(
                        AttachedPolicy.builder().policyName("custom").policyArn(custom).build());
        assertThat(iam.listUserPolicies(r -> r.userName("alice")).policyNames())
                .containsExactly("inline");
        assertThat(
                        decode(
                                iam.getUserPolicy(r -> r.userName("alice").policyName("inline"))
                                        .policyDocument()))
                .isEqualTo(INLINE);
        assertThat(iam.listUserTags(r -> r.userName("alice")).tags())
                .containsExactly(tag("env", "dev"));
        assertThat(iam.listEntitiesForPolicy(r -> r.policyArn(custom)).policyUsers())
                .singleElement()
                .satisfies(user -> assertThat(user.userName()).isEqualTo("alice"));

        iam.deleteUserPermissionsBoundary(r -> r.userName("alice"));
        iam.detachUserPolicy(r -> r.userName("alice").policyArn(custom));
        iam.deleteUserPolicy(r -> r.userName("alice").policyName("inline"));

        UserSnapshot snapshot = emulator.user("alice").orElseThrow();
        assertThat(snapshot.permissionsBoundaryArn()).isNull();
        assertThat(snapshot.attachedPolicyArns()).isEmpty();
        assertThat(snapshot.inlinePolicies()).isEmpty();
        assertThat(emulator.policy(custom).orElseThrow().attachmentCount()).isZero();
        assertThat(
                        errorCode(
                                () ->
                                        iam.detachUserPolicy(
                                                r -> r.userName("alice").policyArn(custom))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void userManagedPolicyQuotaIsLimitExceeded() {
        emulator.managedPolicyQuota(1);
        iam.createUser(r -> r.userName("alice"));
        iam.attachUserPolicy(r -> r.userName("alice").policyArn(READ_ONLY));

        assertThat(
                        errorMessage(
                                () ->
                                        iam.attachUserPolicy(
                                                r ->
                                                        r.userName("alice")
                                                                .policyArn(
                                                                        "arn:aws:iam::aws:policy/AdministratorAccess"))))
                .isEqualTo("Cannot exceed quota for PoliciesPerUser: 1");
    }

    @Test
    void createGroupAndGetGroupWithItsMembers() {
        Group created = iam.createGroup(r -> r.groupName("admins").path("/ops/")).group();
        iam.createUser(r -> r.userName("bob"));
        iam.createUser(r -> r.userName("alice"));

        iam.addUserToGroup(r -> r.groupName("admins").userName("bob"));
        iam.addUserToGroup(r -> r.groupName("admins").userName("alice"));
        iam.addUserToGroup(r -> r.groupName("admins").userName("alice")); // no-op
        GetGroupResponse fetched = iam.getGroup(r -> r.groupName("admins"));

        assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:group/ops/admins");
        assertThat(created.groupId()).matches("AGPA[A-Z0-9]{17}");
        assertThat(fetched.group()).isEqualTo(created);
        assertThat(fetched.users()).extracting(User::userName).containsExactly("alice", "bob");
        assertThat(fetched.isTruncated()).isFalse();
        assertThat(iam.getGroup(r -> r.groupName("admins").maxItems(1)).isTruncated()).isTrue();
        assertThat(iam.listGroupsForUser(r -> r.userName("alice")).groups())
                .extracting(Group::groupName)
                .containsExactly("admins");
        assertThat(emulator.group("admins").orElseThrow().userNames())
                .containsExactly("alice", "bob");
        assertThat(emulator.user("bob").orElseThrow().groupNames()).containsExactly("admins");

        iam.removeUserFromGroup(r -> r.groupName("admins").userName("bob"));

        assertThat(iam.getGroup(r -> r.groupName("admins")).users())
                .extracting(User::userName)
                .containsExactly("alice");
        assertThat(
                        errorCode(
                                () ->
                                        iam.removeUserFromGroup(
                                                r -> r.groupName("admins").userName("bob"))))
                .isEqualTo("NoSuchEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.addUserToGroup(
                                                r -> r.groupName("admins").userName("nobody"))))
                .isEqualTo("NoSuchEntity");
        assertThat(errorCode(() -> iam.addUserToGroup(r -> r.groupName("none").userName("bob"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void groupNamesAreUniqueIgnoringCaseAndListed() {
        iam.createGroup(r -> r.groupName("Readers"));
        iam.createGroup(r -> r.groupName("writers").path("/team/"));

        assertThat(errorCode(() -> iam.createGroup(r -> r.groupName("readers"))))
                .isEqualTo("EntityAlreadyExists");
        assertThat(iam.listGroups().groups())
                .extracting(Group::groupName)
                .containsExactly("Readers", "writers");
        assertThat(iam.listGroups(r -> r.pathPrefix("/team/")).groups())
                .extracting(Group::groupName)
                .containsExactly("writers");
        assertThat(errorCode(() -> iam.getGroup(r -> r.groupName("nobody"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void groupPoliciesRoundTrip() {
        iam.createGroup(r -> r.groupName("readers"));

        iam.attachGroupPolicy(r -> r.groupName("readers").policyArn(READ_ONLY));
        iam.putGroupPolicy(r -> r.groupName("readers").policyName("s3").policyDocument(INLINE));

        assertThat(iam.listAttachedGroupPolicies(r -> r.groupName("readers")).attachedPolicies())
                .extracting(AttachedPolicy::policyName)
                .containsExactly("ReadOnlyAccess");
        assertThat(iam.listGroupPolicies(r -> r.groupName("readers")).policyNames())
                .containsExactly("s3");
        var inline = iam.getGroupPolicy(r -> r.groupName("readers").policyName("s3"));
        assertThat(inline.groupName()).isEqualTo("readers");
        assertThat(decode(inline.policyDocument())).isEqualTo(INLINE);
        assertThat(emulator.group("readers").orElseThrow().inlinePolicies())
                .isEqualTo(Map.of("s3", INLINE));

        iam.detachGroupPolicy(r -> r.groupName("readers").policyArn(READ_ONLY));
        iam.deleteGroupPolicy(r -> r.groupName("readers").policyName("s3"));

        assertThat(emulator.group("readers").orElseThrow().attachedPolicyArns()).isEmpty();
        assertThat(
                        errorCode(
                                () ->
                                        iam.getGroupPolicy(
                                                r -> r.groupName("readers").policyName("s3"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void deleteUserConflictsWhilePoliciesOrMembershipsRemain() {
        iam.createUser(r -> r.userName("alice"));
        iam.createGroup(r -> r.groupName("admins"));
        iam.attachUserPolicy(r -> r.userName("alice").policyArn(READ_ONLY));
        iam.putUserPolicy(r -> r.userName("alice").policyName("inline").policyDocument(INLINE));
        iam.addUserToGroup(r -> r.groupName("admins").userName("alice"));

        assertThat(errorMessage(() -> iam.deleteUser(r -> r.userName("alice"))))
                .isEqualTo("Cannot delete entity, must detach all policies first.");
        iam.detachUserPolicy(r -> r.userName("alice").policyArn(READ_ONLY));
        assertThat(errorMessage(() -> iam.deleteUser(r -> r.userName("alice"))))
                .isEqualTo("Cannot delete entity, must delete policies first.");
        iam.deleteUserPolicy(r -> r.userName("alice").policyName("inline"));
        assertThat(errorMessage(() -> iam.deleteUser(r -> r.userName("alice"))))
                .isEqualTo("Cannot delete entity, must remove users from group first.");
        iam.removeUserFromGroup(r -> r.groupName("admins").userName("alice"));

        iam.deleteUser(r -> r.userName("alice"));

        assertThat(emulator.users()).isEmpty();
    }

    @Test
    void deleteGroupConflictsWhileMembersOrPoliciesRemain() {
        iam.createUser(r -> r.userName("alice"));
        iam.createGroup(r -> r.groupName("admins"));
        iam.addUserToGroup(r -> r.groupName("admins").userName("alice"));
        iam.attachGroupPolicy(r -> r.groupName("admins").policyArn(READ_ONLY));
        iam.putGroupPolicy(r -> r.groupName("admins").policyName("inline").policyDocument(INLINE));

        assertThat(errorCode(() -> iam.deleteGroup(r -> r.groupName("admins"))))
                .isEqualTo("DeleteConflict");
        iam.removeUserFromGroup(r -> r.groupName("admins").userName("alice"));
        assertThat(errorMessage(() -> iam.deleteGroup(r -> r.groupName("admins"))))
                .isEqualTo("Cannot delete entity, must detach all policies first.");
        iam.detachGroupPolicy(r -> r.groupName("admins").policyArn(READ_ONLY));
        assertThat(errorMessage(() -> iam.deleteGroup(r -> r.groupName("admins"))))
                .isEqualTo("Cannot delete entity, must delete policies first.");
        iam.deleteGroupPolicy(r -> r.groupName("admins").policyName("inline"));

        iam.deleteGroup(r -> r.groupName("admins"));

        assertThat(emulator.groups()).isEmpty();
        assertThat(errorCode(() -> iam.deleteGroup(r -> r.groupName("admins"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void outOfBandChangesShowThroughTheApi() {
        emulator.seedUser("alice", "/staff/", Map.of("env", "dev"));
        emulator.seedUser("bob", null, null);
        emulator.seedGroup("admins", "/ops/");
        emulator.addUserToGroupOutOfBand("admins", "alice");
        emulator.addUserToGroupOutOfBand("admins", "bob");
        emulator.removeUserFromGroupOutOfBand("admins", "bob");
        emulator.tagUserOutOfBand("alice", Map.of("team", "a"));
        emulator.untagUserOutOfBand("alice", "env");
        emulator.putPermissionsBoundaryOutOfBand("User", "alice", READ_ONLY);
        emulator.attachPolicyOutOfBand(READ_ONLY, "Group", "admins");
        emulator.putInlinePolicyOutOfBand("User", "alice", "inline", INLINE);

        assertThat(iam.getGroup(r -> r.groupName("admins")).users())
                .extracting(User::userName)
                .containsExactly("alice");
        User alice = iam.getUser(r -> r.userName("alice")).user();
        assertThat(alice.tags()).containsExactly(tag("team", "a"));
        assertThat(alice.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(READ_ONLY);
        assertThat(iam.listUserPolicies(r -> r.userName("alice")).policyNames())
                .containsExactly("inline");
        assertThat(iam.listAttachedGroupPolicies(r -> r.groupName("admins")).attachedPolicies())
                .extracting(AttachedPolicy::policyArn)
                .containsExactly(READ_ONLY);
        assertThatThrownBy(() -> emulator.deleteGroupOutOfBand("admins"))
                .hasMessageStartingWith("DeleteConflict: ");

        emulator.deleteUserOutOfBand("bob");
        assertThat(emulator.users()).extracting(UserSnapshot::name).containsExactly("alice");
        assertThat(List.of(emulator.group("ADMINS").orElseThrow().arn()))
                .containsExactly("arn:aws:iam::123456789012:group/ops/admins");
    }
}
