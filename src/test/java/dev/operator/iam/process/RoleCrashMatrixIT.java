package dev.operator.iam.process;

import static dev.operator.iam.process.IamObjects.DOCUMENT;
import static dev.operator.iam.process.IamObjects.POWER_USER;
import static dev.operator.iam.process.IamObjects.READ_ONLY;
import static dev.operator.iam.process.IamObjects.list;
import static dev.operator.iam.process.IamObjects.map;
import static dev.operator.iam.process.IamObjects.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.emulator.InstanceProfileSnapshot;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.instanceprofile.InstanceProfile;
import dev.operator.iam.instanceprofile.InstanceProfileSpec;
import dev.operator.iam.role.Role;
import dev.operator.iam.role.RoleSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The crash matrix of Role and InstanceProfile: every mutating IAM operation of their create,
 * update and delete, committed by IAM while the operator is SIGKILLed waiting for the answer. Four
 * rounds, four crashes; the cells of a round crash together (see {@link CrashMatrix}).
 */
class RoleCrashMatrixIT extends CrashMatrix {

    private static final String THEIR_ROLE = "theirs-role";
    private static final String THEIR_PROFILE = "theirs-profile";
    private static final String OTHER_TRUST = IamObjects.trust("lambda.amazonaws.com");

    private RoleSnapshot theirRole;
    private InstanceProfileSnapshot theirProfile;

    @Override
    protected String title() {
        return "Role and InstanceProfile";
    }

    @Override
    protected String namespace() {
        return "matrix-role";
    }

    @Override
    protected void seedNotOurs() {
        theirRole = emulator.seedRole(THEIR_ROLE, null, IamObjects.TRUST, null);
        theirProfile = emulator.seedInstanceProfile(THEIR_PROFILE, null, null);
        objects.create(objects.role(THEIR_ROLE, s -> s.setDescription("not ours")));
        objects.create(objects.instanceProfile(THEIR_PROFILE, s -> {}));
        objects.awaitReady(Role.class, THEIR_ROLE, "False", "AlreadyExistsNotOwned", TIMEOUT);
        objects.awaitReady(
                InstanceProfile.class, THEIR_PROFILE, "False", "AlreadyExistsNotOwned", TIMEOUT);
    }

    @Override
    protected void assertNotOursUntouched() {
        assertThat(emulator.role(THEIR_ROLE)).as("the role we do not own").contains(theirRole);
        assertThat(emulator.instanceProfile(THEIR_PROFILE))
                .as("the instance profile we do not own")
                .contains(theirProfile);
        assertOnlyRead("RoleName", THEIR_ROLE);
        assertOnlyRead("InstanceProfileName", THEIR_PROFILE);
        assertThat(objects.ready(Role.class, THEIR_ROLE))
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
                        // a swap: the old role is out (committed), the crash hits the new one's add
                        new Cell(
                                "InstanceProfile",
                                "update",
                                "AddRoleToInstanceProfile",
                                "ip-swap",
                                List.of(
                                        objects.role("r-ipm5", s -> {}),
                                        objects.role("r-ipm6", s -> {}),
                                        objects.instanceProfile(
                                                "ip-swap", s -> s.setRole("r-ipm5"))),
                                () ->
                                        objects.edit(
                                                InstanceProfile.class,
                                                "ip-swap",
                                                p -> p.getSpec().setRole("r-ipm6")),
                                () -> {
                                    profileConverged("ip-swap", "CreateInstanceProfile");
                                    assertThat(rolesAddedTo("ip-swap"))
                                            .as(
                                                    "roles added to ip-swap (the killed add not"
                                                            + " repeated)")
                                            .containsExactly("r-ipm5", "r-ipm6");
                                }),
                        // the strip is done (committed), the crash hits DeleteRole itself
                        deleteRole(
                                "DeleteRole",
                                "r-del-stripped",
                                s -> {
                                    s.setPolicies(list(READ_ONLY));
                                    s.setInlinePolicies(map("read", DOCUMENT));
                                },
                                List.of()),
                        createRole(
                                "CreateRole",
                                "r-create",
                                s -> {
                                    s.setDescription("created in the crash");
                                    s.setMaxSessionDuration(7200);
                                    s.setPermissionsBoundary(POWER_USER);
                                    s.setTags(tags(map("team", "payments")));
                                }),
                        createProfile(
                                "CreateInstanceProfile",
                                "ip-create",
                                s -> s.setTags(tags(map("team", "payments"))))));
    }

    @Test
    @Order(2)
    void createCrashedAfterTheCreateCallAndInstanceProfileUpdates() {
        crash(
                "create-rest+profile-update",
                List.of(
                        createRole(
                                "AttachRolePolicy",
                                "r-create-attach",
                                s -> s.setPolicies(list(READ_ONLY))),
                        createRole(
                                "PutRolePolicy",
                                "r-create-inline",
                                s -> s.setInlinePolicies(map("read", DOCUMENT))),
                        new Cell(
                                "InstanceProfile",
                                "create",
                                "AddRoleToInstanceProfile",
                                "ip-create-role",
                                List.of(objects.role("r-ipm1", s -> {})),
                                () ->
                                        objects.create(
                                                objects.instanceProfile(
                                                        "ip-create-role",
                                                        s -> s.setRole("r-ipm1"))),
                                () ->
                                        profileConverged(
                                                "ip-create-role", "AddRoleToInstanceProfile")),
                        updateProfile(
                                "TagInstanceProfile",
                                "ip-tag",
                                s -> {},
                                p -> p.getSpec().setTags(tags(map("team", "payments")))),
                        updateProfile(
                                "UntagInstanceProfile",
                                "ip-untag",
                                s -> s.setTags(tags(map("old", "x"))),
                                p -> p.getSpec().setTags(new ArrayList<>())),
                        new Cell(
                                "InstanceProfile",
                                "update",
                                "AddRoleToInstanceProfile",
                                "ip-join",
                                List.of(
                                        objects.role("r-ipm2", s -> {}),
                                        objects.instanceProfile("ip-join", s -> {})),
                                () ->
                                        objects.edit(
                                                InstanceProfile.class,
                                                "ip-join",
                                                p -> p.getSpec().setRole("r-ipm2")),
                                () -> profileConverged("ip-join", "AddRoleToInstanceProfile")),
                        new Cell(
                                "InstanceProfile",
                                "update",
                                "RemoveRoleFromInstanceProfile",
                                "ip-leave",
                                List.of(
                                        objects.role("r-ipm3", s -> {}),
                                        objects.instanceProfile(
                                                "ip-leave", s -> s.setRole("r-ipm3"))),
                                () ->
                                        objects.edit(
                                                InstanceProfile.class,
                                                "ip-leave",
                                                p -> p.getSpec().setRole(null)),
                                () ->
                                        profileConverged(
                                                "ip-leave", "RemoveRoleFromInstanceProfile"))));
    }

    @Test
    @Order(3)
    void updateCrashedAtEachOperation() {
        crash(
                "update",
                List.of(
                        updateRole(
                                "UpdateAssumeRolePolicy",
                                "r-trust",
                                s -> {},
                                s -> s.setAssumeRolePolicyDocument(OTHER_TRUST)),
                        updateRole(
                                "UpdateRole",
                                "r-desc",
                                s -> s.setDescription("old"),
                                s -> {
                                    s.setDescription("new");
                                    s.setMaxSessionDuration(7200);
                                }),
                        updateRole(
                                "PutRolePermissionsBoundary",
                                "r-bound-put",
                                s -> {},
                                s -> s.setPermissionsBoundary(POWER_USER)),
                        updateRole(
                                "DeleteRolePermissionsBoundary",
                                "r-bound-del",
                                s -> s.setPermissionsBoundary(POWER_USER),
                                s -> s.setPermissionsBoundary(null)),
                        updateRole(
                                "AttachRolePolicy",
                                "r-attach",
                                s -> {},
                                s -> s.setPolicies(list(READ_ONLY))),
                        updateRole(
                                "DetachRolePolicy",
                                "r-detach",
                                s -> s.setPolicies(list(READ_ONLY)),
                                s -> s.setPolicies(list())),
                        updateRole(
                                "PutRolePolicy",
                                "r-put",
                                s -> {},
                                s -> s.setInlinePolicies(map("read", DOCUMENT))),
                        updateRole(
                                "DeleteRolePolicy",
                                "r-delete-inline",
                                s -> s.setInlinePolicies(map("read", DOCUMENT)),
                                s -> s.setInlinePolicies(map())),
                        updateRole(
                                "TagRole",
                                "r-tag",
                                s -> {},
                                s -> s.setTags(tags(map("team", "payments")))),
                        updateRole(
                                "UntagRole",
                                "r-untag",
                                s -> s.setTags(tags(map("old", "x"))),
                                s -> s.setTags(new ArrayList<>()))));
    }

    @Test
    @Order(4)
    void deleteCrashedAtEachOperation() {
        crash(
                "delete",
                List.of(
                        deleteRole(
                                "DetachRolePolicy",
                                "r-del-detach",
                                s -> s.setPolicies(list(READ_ONLY)),
                                List.of()),
                        deleteRole(
                                "DeleteRolePolicy",
                                "r-del-inline",
                                s -> s.setInlinePolicies(map("read", DOCUMENT)),
                                List.of()),
                        // the role is in an instance profile of ours (by reference, so that the
                        // profile waits for it rather than putting it back)
                        deleteRole(
                                "RemoveRoleFromInstanceProfile",
                                "r-del-profile",
                                s -> {},
                                List.of(
                                        objects.instanceProfile(
                                                "ip-holder",
                                                s ->
                                                        s.setRoleRef(
                                                                new ResourceReference(
                                                                        "r-del-profile"))))),
                        deleteRole("DeleteRole", "r-del", s -> {}, List.of()),
                        deleteProfile("DeleteInstanceProfile", "ip-del", s -> {}, List.of()),
                        deleteProfile(
                                "RemoveRoleFromInstanceProfile",
                                "ip-del-role",
                                s -> s.setRole("r-ipm4"),
                                List.of(objects.role("r-ipm4", s -> {})))));
        assertThat(emulator.instanceProfile("ip-holder"))
                .as("our instance profile that held the deleted role")
                .hasValueSatisfying(p -> assertThat(p.roleNames()).isEmpty());
    }

    @Test
    @Order(5)
    void deletingEveryObjectAfterTheCrashesLeavesOnlyWhatIsNotOurs() {
        withLogsOnFailure(
                () -> {
                    for (Role r :
                            api.client()
                                    .resources(Role.class)
                                    .inNamespace(namespace())
                                    .list()
                                    .getItems()) {
                        if (!r.getMetadata().getName().equals(THEIR_ROLE)) {
                            roleConverged(r.getMetadata().getName());
                        }
                    }
                    deleteAll(InstanceProfile.class, Role.class);
                    assertThat(emulator.roles())
                            .as("roles left in AWS")
                            .extracting(RoleSnapshot::name)
                            .containsExactly(THEIR_ROLE);
                    assertThat(emulator.instanceProfiles())
                            .as("instance profiles left in AWS")
                            .extracting(InstanceProfileSnapshot::name)
                            .containsExactly(THEIR_PROFILE);
                    assertNotOursUntouchedAfterTheirObjectsAreGone();
                });
    }

    private void assertNotOursUntouchedAfterTheirObjectsAreGone() {
        assertThat(emulator.role(THEIR_ROLE)).contains(theirRole);
        assertThat(emulator.instanceProfile(THEIR_PROFILE)).contains(theirProfile);
        assertOnlyRead("RoleName", THEIR_ROLE);
        assertOnlyRead("InstanceProfileName", THEIR_PROFILE);
    }

    // ------------------------------------------------------------------ cells

    private Cell createRole(String operation, String name, Consumer<RoleSpec> spec) {
        return new Cell(
                "Role",
                "create",
                operation,
                name,
                List.of(),
                () -> objects.create(objects.role(name, spec)),
                () -> {
                    roleConverged(name);
                    assertThat(calls(operation, "RoleName", name))
                            .as("%s calls for %s (the one killed is not repeated)", operation, name)
                            .isEqualTo(1);
                });
    }

    private Cell updateRole(
            String operation, String name, Consumer<RoleSpec> before, Consumer<RoleSpec> after) {
        return new Cell(
                "Role",
                "update",
                operation,
                name,
                List.of(objects.role(name, before)),
                () -> objects.edit(Role.class, name, r -> after.accept(r.getSpec())),
                () -> {
                    roleConverged(name);
                    assertThat(calls(operation, "RoleName", name))
                            .as("%s calls for %s (the one killed is not repeated)", operation, name)
                            .isEqualTo(1);
                });
    }

    private Cell deleteRole(
            String operation,
            String name,
            Consumer<RoleSpec> before,
            List<InstanceProfile> alongside) {
        List<ManagedResource<?, ?>> arranged = new ArrayList<>();
        arranged.add(objects.role(name, before));
        arranged.addAll(alongside);
        return new Cell(
                "Role",
                "delete",
                operation,
                name,
                arranged,
                () -> objects.delete(Role.class, name),
                () -> {
                    objects.awaitGone(Role.class, name, TIMEOUT);
                    assertThat(emulator.role(name)).as("role %s in AWS", name).isEmpty();
                    assertThat(calls("CreateRole", "RoleName", name))
                            .as("CreateRole calls for %s", name)
                            .isEqualTo(1);
                    assertThat(calls(operation, "RoleName", name))
                            .as("%s calls for %s (the one killed is not repeated)", operation, name)
                            .isEqualTo(1);
                });
    }

    private Cell createProfile(String operation, String name, Consumer<InstanceProfileSpec> spec) {
        return new Cell(
                "InstanceProfile",
                "create",
                operation,
                name,
                List.of(),
                () -> objects.create(objects.instanceProfile(name, spec)),
                () -> profileConverged(name, operation));
    }

    private Cell updateProfile(
            String operation,
            String name,
            Consumer<InstanceProfileSpec> before,
            Consumer<InstanceProfile> after) {
        return new Cell(
                "InstanceProfile",
                "update",
                operation,
                name,
                List.of(objects.instanceProfile(name, before)),
                () -> objects.edit(InstanceProfile.class, name, after),
                () -> profileConverged(name, operation));
    }

    private Cell deleteProfile(
            String operation,
            String name,
            Consumer<InstanceProfileSpec> before,
            List<Role> alongside) {
        List<ManagedResource<?, ?>> arranged = new ArrayList<>(alongside);
        arranged.add(objects.instanceProfile(name, before));
        return new Cell(
                "InstanceProfile",
                "delete",
                operation,
                name,
                arranged,
                () -> objects.delete(InstanceProfile.class, name),
                () -> {
                    objects.awaitGone(InstanceProfile.class, name, TIMEOUT);
                    assertThat(emulator.instanceProfile(name))
                            .as("instance profile %s in AWS", name)
                            .isEmpty();
                    assertThat(calls("CreateInstanceProfile", "InstanceProfileName", name))
                            .as("CreateInstanceProfile calls for %s", name)
                            .isEqualTo(1);
                    assertThat(calls(operation, "InstanceProfileName", name))
                            .as("%s calls for %s (the one killed is not repeated)", operation, name)
                            .isEqualTo(1);
                    for (Role role : alongside) {
                        roleConverged(role.getMetadata().getName());
                    }
                });
    }

    // ------------------------------------------------------------------ convergence

    /** Ready for its generation, one role of that name, matching the spec, created once. */
    private void roleConverged(String name) {
        Role ready = objects.awaitReady(Role.class, name, TIMEOUT);
        RoleSpec spec = ready.getSpec();
        List<RoleSnapshot> named =
                emulator.roles().stream().filter(r -> r.name().equalsIgnoreCase(name)).toList();
        assertThat(named).as("roles named %s", name).hasSize(1);
        RoleSnapshot role = named.get(0);
        assertThat(ready.getStatus().getArn()).as("status.arn of %s", name).isEqualTo(role.arn());
        assertThat(json(role.assumeRolePolicyDocument()))
                .as("trust policy of %s", name)
                .isEqualTo(json(spec.getAssumeRolePolicyDocument()));
        assertThat(Objects.toString(role.description(), ""))
                .as("description of %s", name)
                .isEqualTo(Objects.toString(spec.getDescription(), ""));
        assertThat(role.maxSessionDuration())
                .as("max session duration of %s", name)
                .isEqualTo(spec.effectiveMaxSessionDuration());
        assertThat(role.permissionsBoundaryArn())
                .as("permissions boundary of %s", name)
                .isEqualTo(spec.effectivePermissionsBoundary());
        assertThat(new HashSet<>(role.attachedPolicyArns()))
                .as("managed policies of %s", name)
                .isEqualTo(new HashSet<>(spec.getPolicies()));
        assertThat(parsed(role.inlinePolicies()))
                .as("inline policies of %s", name)
                .isEqualTo(parsed(spec.getInlinePolicies()));
        assertThat(role.tags())
                .as("tags of %s", name)
                .isEqualTo(IamObjects.expectedTags(ready, spec.getTags()));
        assertThat(calls("CreateRole", "RoleName", name))
                .as("CreateRole calls for %s, ever", name)
                .isEqualTo(1);
    }

    /** The RoleName of every AddRoleToInstanceProfile call on this profile, in order. */
    private List<String> rolesAddedTo(String profile) {
        return emulator.calls().stream()
                .filter(c -> c.action().equals("AddRoleToInstanceProfile"))
                .filter(c -> profile.equals(c.params().get("InstanceProfileName")))
                .map(c -> c.params().get("RoleName"))
                .toList();
    }

    private void profileConverged(String name, String operation) {
        InstanceProfile ready = objects.awaitReady(InstanceProfile.class, name, TIMEOUT);
        List<InstanceProfileSnapshot> named =
                emulator.instanceProfiles().stream()
                        .filter(p -> p.name().equalsIgnoreCase(name))
                        .toList();
        assertThat(named).as("instance profiles named %s", name).hasSize(1);
        InstanceProfileSnapshot profile = named.get(0);
        assertThat(ready.getStatus().getArn())
                .as("status.arn of %s", name)
                .isEqualTo(profile.arn());
        String role = ready.getSpec().getRole();
        assertThat(profile.roleNames())
                .as("role of %s", name)
                .isEqualTo(role == null ? List.of() : List.of(role));
        assertThat(profile.tags())
                .as("tags of %s", name)
                .isEqualTo(IamObjects.expectedTags(ready, ready.getSpec().getTags()));
        assertThat(calls("CreateInstanceProfile", "InstanceProfileName", name))
                .as("CreateInstanceProfile calls for %s, ever", name)
                .isEqualTo(1);
        assertThat(calls(operation, "InstanceProfileName", name))
                .as("%s calls for %s (the one killed is not repeated)", operation, name)
                .isEqualTo(1);
    }
}
