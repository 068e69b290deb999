package dev.operator.iam.emulator;

import static dev.operator.iam.emulator.SdkErrors.errorCode;
import static dev.operator.iam.emulator.SdkErrors.errorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PermissionsBoundaryAttachmentType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** Roles through the real AWS SDK: every role action, IAM's rules and its error answers. */
class IamEmulatorRolesTest extends EmulatorApiTest {

    /** '+', '%', '&' and spaces: URL encoding mistakes change them. */
    static final String TRUST =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole",\
            "Condition":{"StringEquals":{"aws:RequestTag/a+b":"100% & more"}}}]}\
            """;

    static final String OTHER_TRUST = TRUST.replace("ec2.amazonaws.com", "lambda.amazonaws.com");

    static final String INLINE =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",\
            "Resource":"arn:aws:s3:::a+b/100%/*"}]}\
            """;

    static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    @Test
    void createRoleAnswersWhatIamAnswersAndGetRoleShowsEveryField() {
        String boundary = policy("boundary");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Role created =
                iam.createRole(
                                r ->
                                        r.roleName("app")
                                                .path("/team/")
                                                .assumeRolePolicyDocument(TRUST)
                                                .description("the app's role")
                                                .maxSessionDuration(7200)
                                                .permissionsBoundary(boundary)
                                                .tags(tag("env", "dev"), tag("team", "orders")))
                        .role();
        Role fetched = iam.getRole(r -> r.roleName("app")).role();

        assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:role/team/app");
        assertThat(created.roleId()).matches("AROA[A-Z0-9]{17}");
        assertThat(created.path()).isEqualTo("/team/");
        assertThat(created.createDate()).isBetween(before, Instant.now());
        // CreateRole echoes the tags but none of the description, duration or boundary it set
        assertThat(created.tags()).containsExactly(tag("env", "dev"), tag("team", "orders"));
        assertThat(created.description()).isNull();
        assertThat(created.maxSessionDuration()).isNull();
        assertThat(created.permissionsBoundary()).isNull();
        assertThat(fetched.description()).isEqualTo("the app's role");
        assertThat(fetched.maxSessionDuration()).isEqualTo(7200);
        assertThat(fetched.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(boundary);
        assertThat(fetched.permissionsBoundary().permissionsBoundaryType())
                .isEqualTo(PermissionsBoundaryAttachmentType.PERMISSIONS_BOUNDARY_POLICY);
        assertThat(fetched)
                .isEqualTo(
                        created.toBuilder()
                                .description("the app's role")
                                .maxSessionDuration(7200)
                                .permissionsBoundary(fetched.permissionsBoundary())
                                .roleLastUsed(fetched.roleLastUsed())
                                .build());
        assertThat(fetched.assumeRolePolicyDocument()).contains("%2B").doesNotContain("{");
        assertThat(decode(fetched.assumeRolePolicyDocument())).isEqualTo(TRUST);

        RoleSnapshot snapshot = emulator.role("app").orElseThrow();
        assertThat(snapshot.id()).isEqualTo(created.roleId());
        assertThat(snapshot.assumeRolePolicyDocument()).isEqualTo(TRUST);
        assertThat(snapshot.permissionsBoundaryArn()).isEqualTo(boundary);
        assertThat(snapshot.tags())
                .containsExactly(Map.entry("env", "dev"), Map.entry("team", "orders"));
        assertThat(snapshot.serviceLinked()).isFalse();
    }

    @Test
    void createRoleDefaultsToTheRootPathAndAnHourLongSessions() {
        createRole("plain");
        Role fetched = iam.getRole(r -> r.roleName("plain")).role();

        assertThat(fetched.path()).isEqualTo("/");
        assertThat(fetched.maxSessionDuration()).isEqualTo(3600);
        assertThat(fetched.description()).isNull();
        assertThat(fetched.permissionsBoundary()).isNull();
        assertThat(fetched.tags()).isEmpty();
    }

    @Test
    void trustPolicyIsReturnedRawInRawJsonMode() {
        createRole("raw");
        emulator.documentEncoding(DocumentEncoding.RAW_JSON);

        assertThat(iam.getRole(r -> r.roleName("raw")).role().assumeRolePolicyDocument())
                .isEqualTo(TRUST);
    }

    @Test
    void roleNamesAreUniqueIgnoringCaseAndResolvedIgnoringCase() {
        createRole("App");

        assertThatThrownBy(() -> createRole("app"))
                .isInstanceOfSatisfying(
                        EntityAlreadyExistsException.class,
                        e ->
                                assertThat(e.awsErrorDetails().errorMessage())
                                        .isEqualTo("Role with name app already exists."));
        assertThat(iam.getRole(r -> r.roleName("APP")).role().roleName()).isEqualTo("App");
    }

    @Test
    void missingRolesAreNoSuchEntity() {
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("ghost")))
                .isInstanceOfSatisfying(
                        NoSuchEntityException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(404);
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("The role with name ghost cannot be found.");
                        });
        assertThat(errorCode(() -> iam.deleteRole(r -> r.roleName("ghost"))))
                .isEqualTo("NoSuchEntity");
        assertThat(errorCode(() -> iam.listRoleTags(r -> r.roleName("ghost"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void badNamesPathsAndSessionDurationsAreValidationErrors() {
        assertThat(errorCode(() -> createRole("has space"))).isEqualTo("ValidationError");
        assertThat(errorCode(() -> createRole("x".repeat(65)))).isEqualTo("ValidationError");
        assertThat(
                        errorCode(
                                () ->
                                        iam.createRole(
                                                r ->
                                                        r.roleName("pathless")
                                                                .path("no-slashes")
                                                                .assumeRolePolicyDocument(TRUST))))
                .isEqualTo("ValidationError");
        for (int seconds : new int[] {3599, 43201}) {
            assertThat(
                            errorMessage(
                                    () ->
                                            iam.createRole(
                                                    r ->
                                                            r.roleName("short")
                                                                    .assumeRolePolicyDocument(TRUST)
                                                                    .maxSessionDuration(seconds))))
                    .contains("'maxSessionDuration'");
        }
        assertThat(emulator.roles()).isEmpty();
    }

    @Test
    void unparsableTrustPoliciesAreMalformed() {
        assertThatThrownBy(
                        () ->
                                iam.createRole(
                                        r ->
                                                r.roleName("bad")
                                                        .assumeRolePolicyDocument("{not json")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        assertThatThrownBy(
                        () ->
                                iam.createRole(
                                        r -> r.roleName("bad").assumeRolePolicyDocument(INLINE)))
                .isInstanceOf(MalformedPolicyDocumentException.class)
                .hasMessageContaining("Principal");
        createRole("good");
        assertThatThrownBy(
                        () ->
                                iam.updateAssumeRolePolicy(
                                        r -> r.roleName("good").policyDocument("[]")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
    }

    @Test
    void listRolesFiltersByPathPrefixAndPages() {
        IntStream.rangeClosed(1, 5).forEach(i -> createRole("role-" + i));
        iam.createRole(r -> r.roleName("nested").path("/team/").assumeRolePolicyDocument(TRUST));

        ListRolesResponse first = iam.listRoles(r -> r.maxItems(4));
        ListRolesResponse second = iam.listRoles(r -> r.maxItems(4).marker(first.marker()));

        assertThat(first.isTruncated()).isTrue();
        assertThat(first.roles())
                .extracting(Role::roleName)
                .containsExactly("nested", "role-1", "role-2", "role-3");
        assertThat(second.isTruncated()).isFalse();
        assertThat(second.marker()).isNull();
        assertThat(second.roles()).extracting(Role::roleName).containsExactly("role-4", "role-5");
        assertThat(iam.listRoles(r -> r.pathPrefix("/team/")).roles())
                .extracting(Role::arn)
                .containsExactly("arn:aws:iam::123456789012:role/team/nested");
        assertThat(decode(first.roles().get(1).assumeRolePolicyDocument())).isEqualTo(TRUST);
        assertThat(iam.listRolesPaginator(r -> r.maxItems(2)).roles()).hasSize(6);
    }

    @Test
    void updateRoleChangesDescriptionAndSessionDuration() {
        createRole("updated");

        iam.updateRole(r -> r.roleName("updated").description("now described"));
        iam.updateRole(r -> r.roleName("updated").maxSessionDuration(43200));
        Role described =
                iam.updateRoleDescription(r -> r.roleName("updated").description("again")).role();

        assertThat(described.description()).isEqualTo("again");
        assertThat(described.maxSessionDuration()).isNull();
        assertThat(iam.getRole(r -> r.roleName("updated")).role().maxSessionDuration())
                .isEqualTo(43200);
        assertThat(
                        errorCode(
                                () ->
                                        iam.updateRole(
                                                r -> r.roleName("updated").maxSessionDuration(60))))
                .isEqualTo("ValidationError");
        assertThat(emulator.role("updated").orElseThrow().maxSessionDuration()).isEqualTo(43200);
    }

    @Test
    void updateAssumeRolePolicyReplacesTheTrustPolicy() {
        createRole("trusting");

        iam.updateAssumeRolePolicy(r -> r.roleName("trusting").policyDocument(OTHER_TRUST));

        assertThat(
                        decode(
                                iam.getRole(r -> r.roleName("trusting"))
                                        .role()
                                        .assumeRolePolicyDocument()))
                .isEqualTo(OTHER_TRUST);
        assertThat(emulator.role("trusting").orElseThrow().assumeRolePolicyDocument())
                .isEqualTo(OTHER_TRUST);
    }

    @Test
    void permissionsBoundaryCanBePutReplacedAndDeleted() {
        createRole("bounded");
        String boundary = policy("boundary");

        iam.putRolePermissionsBoundary(r -> r.roleName("bounded").permissionsBoundary(boundary));
        assertThat(
                        iam.getRole(r -> r.roleName("bounded"))
                                .role()
                                .permissionsBoundary()
                                .permissionsBoundaryArn())
                .isEqualTo(boundary);
        iam.putRolePermissionsBoundary(r -> r.roleName("bounded").permissionsBoundary(READ_ONLY));
        assertThat(emulator.role("bounded").orElseThrow().permissionsBoundaryArn())
                .isEqualTo(READ_ONLY);

        iam.deleteRolePermissionsBoundary(r -> r.roleName("bounded"));

        assertThat(iam.getRole(r -> r.roleName("bounded")).role().permissionsBoundary()).isNull();
        assertThat(
                        errorCode(
                                () ->
                                        iam.putRolePermissionsBoundary(
                                                r ->
                                                        r.roleName("bounded")
                                                                .permissionsBoundary(
                                                                        "arn:aws:iam::123456789012:policy/missing"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void attachedPoliciesAreListedAndCountedOnThePolicy() {
        createRole("reader");
        String custom = policy("custom");

        iam.attachRolePolicy(r -> r.roleName("reader").policyArn(custom));
        iam.attachRolePolicy(r -> r.roleName("reader").policyArn(READ_ONLY));
        iam.attachRolePolicy(r -> r.roleName("reader").policyArn(READ_ONLY)); // no-op

        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("reader")).attachedPolicies())
                .containsExactlyInAnyOrder(
                        AttachedPolicy.builder().policyName("custom").policyArn(custom).build(),
                        AttachedPolicy.builder()
                                .policyName("ReadOnlyAccess")
                                .policyArn(READ_ONLY)
                                .build());
        assertThat(emulator.policy(custom).orElseThrow().attachmentCount()).isEqualTo(1);
        assertThat(iam.listEntitiesForPolicy(r -> r.policyArn(custom)).policyRoles())
                .singleElement()
                .satisfies(
                        role -> {
                            assertThat(role.roleName()).isEqualTo("reader");
                            assertThat(role.roleId())
                                    .isEqualTo(emulator.role("reader").orElseThrow().id());
                        });
        assertThat(errorCode(() -> iam.deletePolicy(r -> r.policyArn(custom))))
                .isEqualTo("DeleteConflict");

        iam.detachRolePolicy(r -> r.roleName("reader").policyArn(custom));

        assertThat(emulator.role("reader").orElseThrow().attachedPolicyArns())
                .containsExactly(READ_ONLY);
        assertThat(emulator.policy(custom).orElseThrow().attachmentCount()).isZero();
        iam.deletePolicy(r -> r.policyArn(custom));
    }

    @Test
    void attachingAPolicyThatDoesNotExistOrDetachingOneNotAttachedIsNoSuchEntity() {
        createRole("reader");

        assertThat(
                        errorMessage(
                                () ->
                                        iam.attachRolePolicy(
                                                r ->
                                                        r.roleName("reader")
                                                                .policyArn(
                                                                        "arn:aws:iam::123456789012:policy/missing"))))
                .isEqualTo(
                        "Policy arn:aws:iam::123456789012:policy/missing does not exist or is not"
                                + " attachable.");
        assertThat(
                        errorCode(
                                () ->
                                        iam.attachRolePolicy(
                                                r ->
                                                        r.roleName("reader")
                                                                .policyArn(
                                                                        "arn:aws:iam::aws:policy/NoSuchAwsPolicy"))))
                .isEqualTo("NoSuchEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.detachRolePolicy(
                                                r -> r.roleName("reader").policyArn(READ_ONLY))))
                .isEqualTo("NoSuchEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.attachRolePolicy(
                                                r -> r.roleName("reader").policyArn("nope"))))
                .isEqualTo("InvalidInput");
    }

    @Test
    void managedPolicyQuotaIsTenAndSettable() {
        createRole("busy");
        List<String> arns = IntStream.rangeClosed(1, 11).mapToObj(i -> policy("p" + i)).toList();
        arns.subList(0, 10)
                .forEach(arn -> iam.attachRolePolicy(r -> r.roleName("busy").policyArn(arn)));

        assertThat(
                        errorMessage(
                                () ->
                                        iam.attachRolePolicy(
                                                r -> r.roleName("busy").policyArn(arns.get(10)))))
                .isEqualTo("Cannot exceed quota for PoliciesPerRole: 10");

        emulator.managedPolicyQuota(2);
        createRole("small");
        iam.attachRolePolicy(r -> r.roleName("small").policyArn(arns.get(0)));
        iam.attachRolePolicy(r -> r.roleName("small").policyArn(arns.get(1)));
        assertThat(
                        errorCode(
                                () ->
                                        iam.attachRolePolicy(
                                                r -> r.roleName("small").policyArn(READ_ONLY))))
                .isEqualTo("LimitExceeded");
    }

    @Test
    void inlinePoliciesArePutReadListedAndDeleted() {
        createRole("inline");

        iam.putRolePolicy(r -> r.roleName("inline").policyName("s3").policyDocument(INLINE));
        iam.putRolePolicy(r -> r.roleName("inline").policyName("a-first").policyDocument(INLINE));

        var fetched = iam.getRolePolicy(r -> r.roleName("inline").policyName("s3"));
        assertThat(fetched.roleName()).isEqualTo("inline");
        assertThat(fetched.policyName()).isEqualTo("s3");
        assertThat(fetched.policyDocument()).contains("%2B");
        assertThat(decode(fetched.policyDocument())).isEqualTo(INLINE);
        assertThat(iam.listRolePolicies(r -> r.roleName("inline")).policyNames())
                .containsExactly("a-first", "s3");
        assertThat(emulator.role("inline").orElseThrow().inlinePolicies())
                .containsEntry("s3", INLINE);

        iam.deleteRolePolicy(r -> r.roleName("inline").policyName("s3"));

        assertThat(errorCode(() -> iam.getRolePolicy(r -> r.roleName("inline").policyName("s3"))))
                .isEqualTo("NoSuchEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.deleteRolePolicy(
                                                r -> r.roleName("inline").policyName("s3"))))
                .isEqualTo("NoSuchEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.putRolePolicy(
                                                r ->
                                                        r.roleName("inline")
                                                                .policyName("bad")
                                                                .policyDocument(
                                                                        "{\"Version\":1}"))))
                .isEqualTo("MalformedPolicyDocument");
    }

    @Test
    void tagsAreAddedOverwrittenIgnoringKeyCaseListedAndRemoved() {
        createRole("tagged");

        iam.tagRole(r -> r.roleName("tagged").tags(tag("env", "dev"), tag("team", "a")));
        iam.tagRole(r -> r.roleName("tagged").tags(tag("ENV", "prod")));
        iam.untagRole(r -> r.roleName("tagged").tagKeys("Team", "absent"));

        assertThat(iam.listRoleTags(r -> r.roleName("tagged")).tags())
                .containsExactly(tag("ENV", "prod"));
        assertThat(emulator.role("tagged").orElseThrow().tags()).isEqualTo(Map.of("ENV", "prod"));
        assertThat(
                        errorCode(
                                () ->
                                        iam.tagRole(
                                                r ->
                                                        r.roleName("tagged")
                                                                .tags(
                                                                        tag("k", "1"),
                                                                        tag("K", "2")))))
                .isEqualTo("InvalidInput");
    }

    @Test
    void moreThanFiftyTagsIsLimitExceeded() {
        createRole("tagged");
        List<Tag> fifty = IntStream.range(0, 50).mapToObj(i -> tag("k" + i, "v")).toList();
        iam.tagRole(r -> r.roleName("tagged").tags(fifty));

        assertThat(
                        errorCode(
                                () ->
                                        iam.tagRole(
                                                r ->
                                                        r.roleName("tagged")
                                                                .tags(tag("one-more", "v")))))
                .isEqualTo("LimitExceeded");
        assertThat(iam.listRoleTags(r -> r.roleName("tagged").maxItems(30)).isTruncated()).isTrue();
    }

    @Test
    void deleteRoleConflictsWhilePoliciesOrInstanceProfilesRemain() {
        createRole("doomed");
        iam.attachRolePolicy(r -> r.roleName("doomed").policyArn(READ_ONLY));
        iam.putRolePolicy(r -> r.roleName("doomed").policyName("inline").policyDocument(INLINE));
        iam.createInstanceProfile(r -> r.instanceProfileName("profile"));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("profile").roleName("doomed"));

        assertThat(errorMessage(() -> iam.deleteRole(r -> r.roleName("doomed"))))
                .isEqualTo("Cannot delete entity, must detach all policies first.");
        iam.detachRolePolicy(r -> r.roleName("doomed").policyArn(READ_ONLY));
        assertThat(errorMessage(() -> iam.deleteRole(r -> r.roleName("doomed"))))
                .isEqualTo("Cannot delete entity, must delete policies first.");
        iam.deleteRolePolicy(r -> r.roleName("doomed").policyName("inline"));
        assertThatThrownBy(() -> iam.deleteRole(r -> r.roleName("doomed")))
                .isInstanceOf(DeleteConflictException.class)
                .hasMessageContaining("must remove roles from instance profile first");
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName("doomed")).instanceProfiles())
                .singleElement()
                .satisfies(
                        profile -> assertThat(profile.instanceProfileName()).isEqualTo("profile"));
        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName("profile").roleName("doomed"));

        iam.deleteRole(r -> r.roleName("doomed"));

        assertThat(emulator.role("doomed")).isEmpty();
    }

    @Test
    void outOfBandChangesShowThroughTheApi() {
        emulator.seedRole("seeded", "/ops/", TRUST, Map.of("env", "dev"));
        emulator.tagRoleOutOfBand("seeded", Map.of("team", "a"));
        emulator.untagRoleOutOfBand("seeded", "env");
        emulator.updateAssumeRolePolicyOutOfBand("seeded", OTHER_TRUST);
        emulator.updateRoleDescriptionOutOfBand("seeded", "seeded role");
        emulator.updateRoleMaxSessionDurationOutOfBand("seeded", 7200);
        emulator.putPermissionsBoundaryOutOfBand("Role", "seeded", READ_ONLY);
        emulator.attachPolicyOutOfBand(READ_ONLY, "Role", "seeded");
        emulator.putInlinePolicyOutOfBand("Role", "seeded", "inline", INLINE);

        Role role = iam.getRole(r -> r.roleName("seeded")).role();

        assertThat(role.arn()).isEqualTo("arn:aws:iam::123456789012:role/ops/seeded");
        assertThat(role.tags()).containsExactly(tag("team", "a"));
        assertThat(decode(role.assumeRolePolicyDocument())).isEqualTo(OTHER_TRUST);
        assertThat(role.description()).isEqualTo("seeded role");
        assertThat(role.maxSessionDuration()).isEqualTo(7200);
        assertThat(role.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(READ_ONLY);
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("seeded")).attachedPolicies())
                .extracting(AttachedPolicy::policyArn)
                .containsExactly(READ_ONLY);
        assertThat(iam.listRolePolicies(r -> r.roleName("seeded")).policyNames())
                .containsExactly("inline");

        emulator.detachPolicyOutOfBand(READ_ONLY, "Role", "seeded");
        emulator.deleteInlinePolicyOutOfBand("Role", "seeded", "inline");
        emulator.deletePermissionsBoundaryOutOfBand("Role", "seeded");
        emulator.deleteRoleOutOfBand("seeded");
        assertThat(errorCode(() -> iam.getRole(r -> r.roleName("seeded"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void outOfBandRefusalsCarryIamsCodeAndMessage() {
        emulator.seedRole("taken", null, TRUST, null);

        assertThatThrownBy(() -> emulator.seedRole("TAKEN", null, TRUST, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EntityAlreadyExists: Role with name TAKEN already exists.");
        assertThatThrownBy(() -> emulator.deleteRoleOutOfBand("ghost"))
                .hasMessageStartingWith("NoSuchEntity: ");
    }

    @Test
    void aDroppedAnswerToCreateRoleLeavesTheRoleCreatedAndTheRetryFindsItTaken() {
        emulator.faults().dropConnection("CreateRole");

        assertThatThrownBy(() -> createRole("crashed")).isInstanceOf(SdkClientException.class);
        assertThat(emulator.role("crashed")).isPresent();

        assertThat(errorCode(() -> createRole("crashed"))).isEqualTo("EntityAlreadyExists");
    }

    @Test
    void injectedErrorsOnPrincipalActionsChangeNothing() {
        createRole("guarded");
        emulator.faults().failNext("AttachRolePolicy", 1, 500, "ServiceFailure", "injected");

        assertThat(
                        errorCode(
                                () ->
                                        iam.attachRolePolicy(
                                                r -> r.roleName("guarded").policyArn(READ_ONLY))))
                .isEqualTo("ServiceFailure");
        assertThat(emulator.role("guarded").orElseThrow().attachedPolicyArns()).isEmpty();
    }

    @Test
    void resetForgetsRoles() {
        createRole("forgotten");

        emulator.reset();

        assertThat(emulator.roles()).isEmpty();
        assertThat(iam.listRoles().roles()).isEmpty();
    }

    private static Role createRole(String name) {
        return iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)).role();
    }

    private static String policy(String name) {
        return emulator.seedPolicy(name, "/", INLINE, Map.of()).arn();
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    static String decode(String document) {
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }
}
