package dev.operator.iam.emulator;

import static dev.operator.iam.emulator.IamEmulatorRolesTest.INLINE;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.TRUST;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.CreateOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.User;

/**
 * What each answer leaves out, as an SDK caller sees it. IAM's create and list answers carry fewer
 * fields than its Get answers; an emulator that fills them in lets the operator depend on a field
 * real IAM never sends (it did: the Description of CreatePolicy). The sources of each fact are in
 * docs/development.md, "The IAM emulator".
 */
class IamEmulatorAnswerFieldsTest extends EmulatorApiTest {

    @Test
    void createPolicyAnswersWithoutTheDescriptionItWasGivenButWithItsTags() {
        Policy created =
                iam.createPolicy(
                                r ->
                                        r.policyName("described")
                                                .policyDocument(INLINE)
                                                .description("only GetPolicy shows this")
                                                .tags(tag("env", "dev")))
                        .policy();

        assertThat(created.description()).isNull();
        assertThat(created.tags()).containsExactly(tag("env", "dev"));
        assertThat(created.defaultVersionId()).isEqualTo("v1");
        assertThat(iam.getPolicy(r -> r.policyArn(created.arn())).policy().description())
                .isEqualTo("only GetPolicy shows this");
    }

    @Test
    void listPoliciesLeavesOutDescriptionAndTags() {
        iam.createPolicy(
                r ->
                        r.policyName("listed")
                                .policyDocument(INLINE)
                                .description("not listed")
                                .tags(tag("env", "dev")));

        Policy listed = iam.listPolicies(r -> r.scope("Local")).policies().get(0);

        assertThat(listed.policyName()).isEqualTo("listed");
        assertThat(listed.description()).isNull();
        assertThat(listed.tags()).isEmpty();
    }

    @Test
    void createPolicyVersionAndListPolicyVersionsLeaveOutTheDocument() {
        String arn = emulator.seedPolicy("versioned", "/", INLINE, Map.of()).arn();

        PolicyVersion created =
                iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(TRUST_FREE_DOCUMENT))
                        .policyVersion();

        assertThat(created.versionId()).isEqualTo("v2");
        assertThat(created.document()).isNull();
        assertThat(iam.listPolicyVersions(r -> r.policyArn(arn)).versions())
                .allSatisfy(version -> assertThat(version.document()).isNull());
    }

    @Test
    void createRoleAnswersWithoutDescriptionSessionDurationAndBoundary() {
        String boundary = emulator.seedPolicy("boundary", "/", INLINE, Map.of()).arn();

        Role created =
                iam.createRole(
                                r ->
                                        r.roleName("app")
                                                .assumeRolePolicyDocument(TRUST)
                                                .description("only GetRole shows this")
                                                .maxSessionDuration(7200)
                                                .permissionsBoundary(boundary)
                                                .tags(tag("env", "dev")))
                        .role();

        assertThat(created.assumeRolePolicyDocument()).isNotNull();
        assertThat(created.tags()).containsExactly(tag("env", "dev"));
        assertThat(created.description()).isNull();
        assertThat(created.maxSessionDuration()).isNull();
        assertThat(created.permissionsBoundary()).isNull();
        assertThat(created.roleLastUsed()).isNull();
    }

    @Test
    void listRolesLeavesOutBoundaryTagsAndLastUseButNotDescriptionOrSessionDuration() {
        fullRole("listed");

        Role listed = iam.listRoles().roles().get(0);

        assertThat(listed.description()).isEqualTo("described");
        assertThat(listed.maxSessionDuration()).isEqualTo(7200);
        assertThat(listed.permissionsBoundary()).isNull();
        assertThat(listed.tags()).isEmpty();
        assertThat(listed.roleLastUsed()).isNull();
        assertThat(iam.getRole(r -> r.roleName("listed")).role().roleLastUsed()).isNotNull();
    }

    @Test
    void updateRoleDescriptionAnswersWithTheDescriptionOnly() {
        fullRole("app");

        Role updated = iam.updateRoleDescription(r -> r.roleName("app").description("new")).role();

        assertThat(updated.description()).isEqualTo("new");
        assertThat(updated.maxSessionDuration()).isNull();
        assertThat(updated.permissionsBoundary()).isNull();
        assertThat(updated.tags()).isEmpty();
    }

    @Test
    void createServiceLinkedRoleAnswersWithoutTheDescriptionItWasGiven() {
        Role created =
                iam.createServiceLinkedRole(
                                r ->
                                        r.awsServiceName("elasticbeanstalk.amazonaws.com")
                                                .description("only GetRole shows this"))
                        .role();

        assertThat(created.assumeRolePolicyDocument()).isNotNull();
        assertThat(created.description()).isNull();
        assertThat(created.maxSessionDuration()).isNull();
        assertThat(iam.getRole(r -> r.roleName(created.roleName())).role().description())
                .isEqualTo("only GetRole shows this");
    }

    @Test
    void createUserAnswersWithItsBoundaryAndTagsWhichListUsersLeavesOut() {
        User created =
                iam.createUser(
                                r ->
                                        r.userName("alice")
                                                .permissionsBoundary(READ_ONLY)
                                                .tags(tag("env", "dev")))
                        .user();
        User listed = iam.listUsers().users().get(0);

        assertThat(created.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(READ_ONLY);
        assertThat(created.tags()).containsExactly(tag("env", "dev"));
        assertThat(listed.userName()).isEqualTo("alice");
        assertThat(listed.permissionsBoundary()).isNull();
        assertThat(listed.tags()).isEmpty();
    }

    @Test
    void createGroupAndGetGroupAnswerWithTheGroupsFiveFieldsAndItsMembersShort() {
        Group created = iam.createGroup(r -> r.groupName("devs").path("/team/")).group();
        iam.createUser(r -> r.userName("bob").permissionsBoundary(READ_ONLY).tags(tag("a", "b")));
        iam.addUserToGroup(r -> r.groupName("devs").userName("bob"));

        assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:group/team/devs");
        assertThat(created.groupId()).startsWith("AGPA");
        assertThat(created.createDate()).isNotNull();
        assertThat(iam.getGroup(r -> r.groupName("devs")).users())
                .singleElement()
                .satisfies(
                        member -> {
                            assertThat(member.userName()).isEqualTo("bob");
                            assertThat(member.permissionsBoundary()).isNull();
                            assertThat(member.tags()).isEmpty();
                        });
    }

    @Test
    void instanceProfilesShowTheirRolesShortAndOnlyGetInstanceProfileShowsTags() {
        InstanceProfile created =
                iam.createInstanceProfile(r -> r.instanceProfileName("web").tags(tag("env", "dev")))
                        .instanceProfile();
        fullRole("web-role");
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("web").roleName("web-role"));

        InstanceProfile fetched =
                iam.getInstanceProfile(r -> r.instanceProfileName("web")).instanceProfile();
        InstanceProfile listed = iam.listInstanceProfiles().instanceProfiles().get(0);
        InstanceProfile listedForRole =
                iam.listInstanceProfilesForRole(r -> r.roleName("web-role"))
                        .instanceProfiles()
                        .get(0);

        assertThat(created.tags()).isEmpty();
        assertThat(fetched.tags()).containsExactly(tag("env", "dev"));
        assertThat(listed.tags()).isEmpty();
        assertThat(listedForRole.tags()).isEmpty();
        for (InstanceProfile profile : new InstanceProfile[] {fetched, listed, listedForRole}) {
            assertThat(profile.roles())
                    .singleElement()
                    .satisfies(
                            role -> {
                                assertThat(role.roleName()).isEqualTo("web-role");
                                assertThat(role.assumeRolePolicyDocument()).isNotNull();
                                assertThat(role.description()).isNull();
                                assertThat(role.maxSessionDuration()).isNull();
                                assertThat(role.permissionsBoundary()).isNull();
                                assertThat(role.tags()).isEmpty();
                                assertThat(role.roleLastUsed()).isNull();
                            });
        }
    }

    @Test
    void createOpenIdConnectProviderAnswersWithTheArnAndTheTagsSortedByKey() {
        CreateOpenIdConnectProviderResponse created =
                iam.createOpenIDConnectProvider(
                        r ->
                                r.url("https://issuer.example.com")
                                        .clientIDList("sts.amazonaws.com")
                                        .tags(tag("z", "1"), tag("a", "2")));

        assertThat(created.openIDConnectProviderArn())
                .isEqualTo("arn:aws:iam::123456789012:oidc-provider/issuer.example.com");
        assertThat(created.tags()).containsExactly(tag("a", "2"), tag("z", "1"));
    }

    /** A role with every optional field set. */
    private static void fullRole(String name) {
        iam.createRole(
                r ->
                        r.roleName(name)
                                .assumeRolePolicyDocument(TRUST)
                                .description("described")
                                .maxSessionDuration(7200)
                                .permissionsBoundary(READ_ONLY)
                                .tags(tag("env", "dev")));
    }

    private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    private static final String TRUST_FREE_DOCUMENT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket",\
            "Resource":"*"}]}\
            """;
}
