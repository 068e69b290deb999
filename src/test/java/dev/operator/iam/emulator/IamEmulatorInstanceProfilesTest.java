package dev.operator.iam.emulator;

import static dev.operator.iam.emulator.IamEmulatorRolesTest.TRUST;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.decode;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.tag;
import static dev.operator.iam.emulator.SdkErrors.errorCode;
import static dev.operator.iam.emulator.SdkErrors.errorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesResponse;
import software.amazon.awssdk.services.iam.model.Role;

/** Instance profiles through the real AWS SDK. */
class IamEmulatorInstanceProfilesTest extends EmulatorApiTest {

    @Test
    void createAndGetAnInstanceProfileWithItsRoleAndTags() {
        InstanceProfile created =
                iam.createInstanceProfile(
                                r ->
                                        r.instanceProfileName("web")
                                                .path("/app/")
                                                .tags(tag("env", "dev")))
                        .instanceProfile();
        Role role =
                iam.createRole(r -> r.roleName("web-role").assumeRolePolicyDocument(TRUST)).role();

        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("web").roleName("web-role"));
        InstanceProfile fetched =
                iam.getInstanceProfile(r -> r.instanceProfileName("WEB")).instanceProfile();

        assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/app/web");
        assertThat(created.instanceProfileId()).matches("AIPA[A-Z0-9]{17}");
        assertThat(created.roles()).isEmpty();
        assertThat(created.tags()).isEmpty();
        assertThat(fetched.instanceProfileName()).isEqualTo("web");
        assertThat(fetched.createDate()).isEqualTo(created.createDate());
        assertThat(fetched.tags()).containsExactly(tag("env", "dev"));
        assertThat(fetched.roles())
                .singleElement()
                .satisfies(
                        held -> {
                            assertThat(held.roleName()).isEqualTo("web-role");
                            assertThat(held.roleId()).isEqualTo(role.roleId());
                            assertThat(held.arn()).isEqualTo(role.arn());
                            assertThat(decode(held.assumeRolePolicyDocument())).isEqualTo(TRUST);
                        });
        InstanceProfileSnapshot snapshot = emulator.instanceProfile("web").orElseThrow();
        assertThat(snapshot.roleNames()).containsExactly("web-role");
        assertThat(snapshot.id()).isEqualTo(created.instanceProfileId());
        assertThat(emulator.role("web-role").orElseThrow().instanceProfileNames())
                .containsExactly("web");
    }

    @Test
    void anInstanceProfileHoldsAtMostOneRole() {
        iam.createInstanceProfile(r -> r.instanceProfileName("web"));
        iam.createRole(r -> r.roleName("first").assumeRolePolicyDocument(TRUST));
        iam.createRole(r -> r.roleName("second").assumeRolePolicyDocument(TRUST));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("web").roleName("first"));

        assertThatThrownBy(
                        () ->
                                iam.addRoleToInstanceProfile(
                                        r -> r.instanceProfileName("web").roleName("second")))
                .isInstanceOfSatisfying(
                        LimitExceededException.class,
                        e ->
                                assertThat(e.awsErrorDetails().errorMessage())
                                        .isEqualTo(
                                                "Cannot exceed quota for"
                                                        + " InstanceSessionsPerInstanceProfile:"
                                                        + " 1"));
        assertThat(emulator.instanceProfile("web").orElseThrow().roleNames())
                .containsExactly("first");
    }

    @Test
    void missingProfilesAndRolesAreNoSuchEntity() {
        iam.createInstanceProfile(r -> r.instanceProfileName("web"));
        iam.createRole(r -> r.roleName("role").assumeRolePolicyDocument(TRUST));

        assertThat(errorMessage(() -> iam.getInstanceProfile(r -> r.instanceProfileName("x"))))
                .isEqualTo("Instance Profile x cannot be found.");
        assertThat(
                        errorCode(
                                () ->
                                        iam.addRoleToInstanceProfile(
                                                r -> r.instanceProfileName("web").roleName("x"))))
                .isEqualTo("NoSuchEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.removeRoleFromInstanceProfile(
                                                r ->
                                                        r.instanceProfileName("web")
                                                                .roleName("role"))))
                .isEqualTo("NoSuchEntity");
        assertThat(errorCode(() -> iam.createInstanceProfile(r -> r.instanceProfileName("WEB"))))
                .isEqualTo("EntityAlreadyExists");
        assertThat(errorCode(() -> iam.createInstanceProfile(r -> r.instanceProfileName("a b"))))
                .isEqualTo("ValidationError");
    }

    @Test
    void deleteConflictsWhileTheProfileHoldsARole() {
        iam.createInstanceProfile(r -> r.instanceProfileName("web"));
        iam.createRole(r -> r.roleName("role").assumeRolePolicyDocument(TRUST));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("web").roleName("role"));

        assertThatThrownBy(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName("web")))
                .isInstanceOf(DeleteConflictException.class);
        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName("web").roleName("role"));

        iam.deleteInstanceProfile(r -> r.instanceProfileName("web"));

        assertThat(emulator.instanceProfiles()).isEmpty();
        assertThat(emulator.role("role").orElseThrow().instanceProfileNames()).isEmpty();
    }

    @Test
    void listInstanceProfilesFiltersByPathPrefixPagesAndOmitsTags() {
        iam.createInstanceProfile(r -> r.instanceProfileName("a").tags(tag("k", "v")));
        iam.createInstanceProfile(r -> r.instanceProfileName("b").path("/team/"));
        iam.createInstanceProfile(r -> r.instanceProfileName("c"));

        ListInstanceProfilesResponse first = iam.listInstanceProfiles(r -> r.maxItems(2));
        ListInstanceProfilesResponse second =
                iam.listInstanceProfiles(r -> r.marker(first.marker()));

        assertThat(first.isTruncated()).isTrue();
        assertThat(first.instanceProfiles())
                .extracting(InstanceProfile::instanceProfileName)
                .containsExactly("a", "b");
        assertThat(first.instanceProfiles().get(0).tags()).isEmpty();
        assertThat(second.instanceProfiles())
                .extracting(InstanceProfile::instanceProfileName)
                .containsExactly("c");
        assertThat(iam.listInstanceProfiles(r -> r.pathPrefix("/team/")).instanceProfiles())
                .extracting(InstanceProfile::instanceProfileName)
                .containsExactly("b");
    }

    @Test
    void tagsAreAddedListedAndRemoved() {
        iam.createInstanceProfile(r -> r.instanceProfileName("web"));

        iam.tagInstanceProfile(
                r -> r.instanceProfileName("web").tags(tag("a", "1"), tag("b", "2")));
        iam.untagInstanceProfile(r -> r.instanceProfileName("web").tagKeys("a"));

        assertThat(iam.listInstanceProfileTags(r -> r.instanceProfileName("web")).tags())
                .containsExactly(tag("b", "2"));

        // unlike those of roles and users, instance profile tag keys are case-sensitive
        iam.tagInstanceProfile(r -> r.instanceProfileName("web").tags(tag("B", "3")));
        iam.untagInstanceProfile(r -> r.instanceProfileName("web").tagKeys("b"));
        assertThat(iam.listInstanceProfileTags(r -> r.instanceProfileName("web")).tags())
                .containsExactly(tag("B", "3"));
        assertThat(emulator.instanceProfile("web").orElseThrow().tags())
                .isEqualTo(Map.of("B", "3"));
        assertThat(
                        errorCode(
                                () ->
                                        iam.tagInstanceProfile(
                                                r ->
                                                        r.instanceProfileName("x")
                                                                .tags(tag("a", "1")))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void outOfBandChangesShowThroughTheApi() {
        emulator.seedInstanceProfile("web", "/app/", Map.of("env", "dev"));
        emulator.seedRole("role", null, TRUST, null);
        emulator.addRoleToInstanceProfileOutOfBand("web", "role");
        emulator.tagInstanceProfileOutOfBand("web", Map.of("team", "a"));
        emulator.untagInstanceProfileOutOfBand("web", "env");

        InstanceProfile profile =
                iam.getInstanceProfile(r -> r.instanceProfileName("web")).instanceProfile();
        assertThat(profile.roles()).extracting(Role::roleName).containsExactly("role");
        assertThat(profile.tags()).containsExactly(tag("team", "a"));
        assertThatThrownBy(() -> emulator.addRoleToInstanceProfileOutOfBand("web", "role"))
                .hasMessageStartingWith("LimitExceeded: ");

        emulator.removeRoleFromInstanceProfileOutOfBand("web", "role");
        emulator.deleteInstanceProfileOutOfBand("web");
        assertThat(errorCode(() -> iam.getInstanceProfile(r -> r.instanceProfileName("web"))))
                .isEqualTo("NoSuchEntity");
    }
}
