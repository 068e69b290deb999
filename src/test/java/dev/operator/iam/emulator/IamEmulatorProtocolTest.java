package dev.operator.iam.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetPolicyResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The emulator as the real AWS SDK sees it: IAM's wire format, rules and error answers. */
class IamEmulatorProtocolTest {

    private static final String DOCUMENT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",\
            "Resource":"arn:aws:s3:::bucket/*"}]}\
            """;

    /** Everything URL encoding can get wrong: '+', spaces, '%', '&', non-ASCII, line breaks. */
    private static final String TRICKY_DOCUMENT =
            """
            {
              "Version": "2012-10-17",
              "Statement": [{
                "Sid": "AllowPlus",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::a+b/100% größer & <mehr> é/*"
              }]
            }\
            """;

    private static IamEmulator emulator;
    private static IamClient iam;

    @BeforeAll
    static void startEmulator() {
        emulator = IamEmulator.start();
        iam = SdkClients.iam(emulator.endpoint());
    }

    @AfterEach
    void resetEmulator() {
        emulator.reset();
    }

    @AfterAll
    static void stopEmulator() {
        iam.close();
        emulator.close();
    }

    @Test
    void documentSurvivesCreateGetAndGetVersionUrlEncodedLikeIam() {
        Policy created = createPolicy("tricky", TRICKY_DOCUMENT);

        Policy fetched = iam.getPolicy(r -> r.policyArn(created.arn())).policy();
        PolicyVersion version =
                iam.getPolicyVersion(r -> r.policyArn(created.arn()).versionId("v1"))
                        .policyVersion();

        assertThat(fetched.arn()).isEqualTo("arn:aws:iam::123456789012:policy/tricky");
        assertThat(fetched.policyId()).matches("ANPA[A-Z0-9]{17}");
        assertThat(fetched.defaultVersionId()).isEqualTo("v1");
        assertThat(fetched.createDate()).isEqualTo(created.createDate());
        assertThat(version.document()).doesNotContain(" ", "{").contains("+", "%2B");
        assertThat(URLDecoder.decode(version.document(), StandardCharsets.UTF_8))
                .isEqualTo(TRICKY_DOCUMENT);
        assertThat(version.isDefaultVersion()).isTrue();
        assertThat(emulator.policy(created.arn()).orElseThrow().defaultDocument())
                .isEqualTo(TRICKY_DOCUMENT);
    }

    @Test
    void documentIsReturnedVerbatimInRawJsonMode() {
        Policy created = createPolicy("tricky", TRICKY_DOCUMENT);
        emulator.documentEncoding(DocumentEncoding.RAW_JSON);

        PolicyVersion version =
                iam.getPolicyVersion(r -> r.policyArn(created.arn()).versionId("v1"))
                        .policyVersion();

        assertThat(version.document()).isEqualTo(TRICKY_DOCUMENT);
    }

    @Test
    void createPolicyStoresPathDescriptionAndTagsShownByGetPolicy() {
        Policy created =
                iam.createPolicy(
                                r ->
                                        r.policyName("tagged")
                                                .path("/team/")
                                                .policyDocument(DOCUMENT)
                                                .description("for tests")
                                                .tags(tag("owner", "operator"), tag("env", "dev")))
                        .policy();

        GetPolicyResponse fetched = iam.getPolicy(r -> r.policyArn(created.arn()));

        assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:policy/team/tagged");
        assertThat(fetched.policy().path()).isEqualTo("/team/");
        assertThat(fetched.policy().description()).isEqualTo("for tests");
        assertThat(fetched.policy().tags())
                .containsExactly(tag("owner", "operator"), tag("env", "dev"));
        assertThat(fetched.responseMetadata().requestId()).isNotBlank();
    }

    @Test
    void tagPolicyOverwritesValuesAndUntagPolicyRemovesKeys() {
        Policy created =
                iam.createPolicy(
                                r ->
                                        r.policyName("tags")
                                                .policyDocument(DOCUMENT)
                                                .tags(tag("a", "1"), tag("b", "2")))
                        .policy();

        iam.tagPolicy(r -> r.policyArn(created.arn()).tags(tag("b", "two"), tag("c", "3")));
        iam.untagPolicy(r -> r.policyArn(created.arn()).tagKeys("a"));

        assertThat(iam.listPolicyTags(r -> r.policyArn(created.arn())).tags())
                .containsExactlyInAnyOrder(tag("b", "two"), tag("c", "3"));
    }

    @Test
    void policyNamesAreUniqueIgnoringCaseButArnsAreExact() {
        Policy created = createPolicy("MyPolicy", DOCUMENT);

        assertThatThrownBy(() -> createPolicy("mypolicy", DOCUMENT))
                .isInstanceOfSatisfying(
                        EntityAlreadyExistsException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(409);
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo(
                                            "A policy called mypolicy already exists."
                                                    + " Duplicate names are not allowed.");
                        });
        assertThatThrownBy(() -> iam.getPolicy(r -> r.policyArn(created.arn().toLowerCase())))
                .isInstanceOf(NoSuchEntityException.class);
    }

    @Test
    void unknownPolicyIsNoSuchEntityWith404() {
        String arn = "arn:aws:iam::123456789012:policy/missing";

        assertThatThrownBy(() -> iam.getPolicy(r -> r.policyArn(arn)))
                .isInstanceOfSatisfying(
                        NoSuchEntityException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(404);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("Policy " + arn + " was not found.");
                            assertThat(e.requestId()).isNotBlank();
                        });
    }

    @Test
    void invalidDocumentsAndNamesAreRejected() {
        assertThatThrownBy(() -> createPolicy("broken", "{\"Version\":\"2012-10-17\""))
                .isInstanceOfSatisfying(
                        MalformedPolicyDocumentException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> createPolicy("no-statement", "{\"Version\":\"2012-10-17\"}"))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        assertThatThrownBy(() -> createPolicy("bad name", DOCUMENT))
                .isInstanceOfSatisfying(
                        IamException.class,
                        e ->
                                assertThat(e.awsErrorDetails().errorCode())
                                        .isEqualTo("ValidationError"));
        assertThat(emulator.policies()).isEmpty();
    }

    @Test
    void sixthVersionExceedsTheLimitAndVersionIdsAreNeverReused() {
        Policy created = createPolicy("versions", DOCUMENT);
        for (int i = 2; i <= 5; i++) {
            iam.createPolicyVersion(
                    r -> r.policyArn(created.arn()).policyDocument(DOCUMENT).setAsDefault(true));
        }

        assertThatThrownBy(
                        () ->
                                iam.createPolicyVersion(
                                        r -> r.policyArn(created.arn()).policyDocument(DOCUMENT)))
                .isInstanceOfSatisfying(
                        LimitExceededException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(409);
                            assertThat(e.getMessage())
                                    .contains("A managed policy can have up to 5 versions.");
                        });

        iam.deletePolicyVersion(r -> r.policyArn(created.arn()).versionId("v2"));
        PolicyVersion sixth =
                iam.createPolicyVersion(r -> r.policyArn(created.arn()).policyDocument(DOCUMENT))
                        .policyVersion();
        assertThat(sixth.versionId()).isEqualTo("v6");
        assertThat(sixth.isDefaultVersion()).isFalse();
        assertThat(iam.listPolicyVersions(r -> r.policyArn(created.arn())).versions())
                .extracting(PolicyVersion::versionId, PolicyVersion::isDefaultVersion)
                .containsExactly(
                        tuple("v1", false),
                        tuple("v3", false),
                        tuple("v4", false),
                        tuple("v5", true),
                        tuple("v6", false));
    }

    @Test
    void defaultVersionCannotBeDeletedButCanBeMoved() {
        Policy created = createPolicy("default", DOCUMENT);
        iam.createPolicyVersion(r -> r.policyArn(created.arn()).policyDocument(DOCUMENT));

        assertThatThrownBy(
                        () ->
                                iam.deletePolicyVersion(
                                        r -> r.policyArn(created.arn()).versionId("v1")))
                .isInstanceOf(DeleteConflictException.class);

        iam.setDefaultPolicyVersion(r -> r.policyArn(created.arn()).versionId("v2"));
        iam.deletePolicyVersion(r -> r.policyArn(created.arn()).versionId("v1"));
        assertThat(emulator.policy(created.arn()).orElseThrow().versionIds()).containsExactly("v2");
    }

    @Test
    void deletePolicyConflictsWhileAttachedOrWhileExtraVersionsRemain() {
        Policy created = createPolicy("in-use", DOCUMENT);
        emulator.attachPolicyOutOfBand(created.arn(), "Role", "app");
        iam.createPolicyVersion(r -> r.policyArn(created.arn()).policyDocument(DOCUMENT));

        assertThatThrownBy(() -> iam.deletePolicy(r -> r.policyArn(created.arn())))
                .isInstanceOfSatisfying(
                        DeleteConflictException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(409);
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("Cannot delete a policy attached to entities.");
                        });
        emulator.detachPolicyOutOfBand(created.arn(), "Role", "app");
        assertThatThrownBy(() -> iam.deletePolicy(r -> r.policyArn(created.arn())))
                .isInstanceOfSatisfying(
                        DeleteConflictException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .contains("This policy has more than one version."));

        iam.deletePolicyVersion(r -> r.policyArn(created.arn()).versionId("v2"));
        iam.deletePolicy(r -> r.policyArn(created.arn()));
        assertThat(emulator.policies()).isEmpty();
    }

    @Test
    void attachmentsShowInAttachmentCountAndListEntitiesForPolicy() {
        Policy created = createPolicy("attached", DOCUMENT);
        emulator.attachPolicyOutOfBand(created.arn(), "Role", "app");
        emulator.attachPolicyOutOfBand(created.arn(), "User", "alice");
        emulator.attachPolicyOutOfBand(created.arn(), "Group", "admins");

        ListEntitiesForPolicyResponse entities =
                iam.listEntitiesForPolicy(r -> r.policyArn(created.arn()));

        assertThat(iam.getPolicy(r -> r.policyArn(created.arn())).policy().attachmentCount())
                .isEqualTo(3);
        assertThat(entities.policyRoles())
                .singleElement()
                .satisfies(
                        role -> {
                            assertThat(role.roleName()).isEqualTo("app");
                            assertThat(role.roleId()).startsWith("AROA");
                        });
        assertThat(entities.policyUsers())
                .singleElement()
                .satisfies(u -> assertThat(u.userName()).isEqualTo("alice"));
        assertThat(entities.policyGroups())
                .singleElement()
                .satisfies(g -> assertThat(g.groupName()).isEqualTo("admins"));
        assertThat(entities.isTruncated()).isFalse();
    }

    @Test
    void listPoliciesPagesWithMarkerAndFiltersByScopeAndPath() {
        for (int i = 1; i <= 5; i++) {
            createPolicy("p" + i, DOCUMENT);
        }
        iam.createPolicy(r -> r.policyName("elsewhere").path("/other/").policyDocument(DOCUMENT));

        List<String> names = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String from = marker;
            ListPoliciesResponse page =
                    iam.listPolicies(
                            r ->
                                    r.scope(PolicyScopeType.LOCAL)
                                            .pathPrefix("/")
                                            .maxItems(2)
                                            .marker(from));
            page.policies().forEach(p -> names.add(p.policyName()));
            marker = page.isTruncated() ? page.marker() : null;
            pages++;
        } while (marker != null);

        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactlyInAnyOrder("p1", "p2", "p3", "p4", "p5", "elsewhere");
        assertThat(iam.listPoliciesPaginator(r -> r.pathPrefix("/other/").maxItems(1)).policies())
                .extracting(Policy::policyName)
                .containsExactly("elsewhere");
        assertThat(iam.listPolicies(r -> r.scope(PolicyScopeType.AWS)).policies()).isEmpty();
    }

    @Test
    void outOfBandChangesAreVisibleToTheSdk() {
        PolicySnapshot seeded =
                emulator.seedPolicy("unowned", "/", DOCUMENT, Map.of("owner", "someone-else"));
        String changed = DOCUMENT.replace("s3:GetObject", "s3:*");

        emulator.putPolicyVersionOutOfBand(seeded.arn(), changed);
        emulator.tagPolicyOutOfBand(seeded.arn(), Map.of("drift", "yes"));
        emulator.untagPolicyOutOfBand(seeded.arn(), "owner");

        Policy policy = iam.getPolicy(r -> r.policyArn(seeded.arn())).policy();
        assertThat(policy.defaultVersionId()).isEqualTo("v2");
        assertThat(policy.tags()).containsExactly(tag("drift", "yes"));
        assertThat(emulator.policy(seeded.arn()).orElseThrow().defaultDocument())
                .isEqualTo(changed);
        assertThat(emulator.calls()).extracting(RecordedCall::action).containsExactly("GetPolicy");
    }

    @Test
    void outOfBandVersionReplacesTheOldestNonDefaultWhenFull() {
        PolicySnapshot seeded = emulator.seedPolicy("full", null, DOCUMENT, null);
        for (int i = 0; i < 5; i++) {
            emulator.putPolicyVersionOutOfBand(seeded.arn(), DOCUMENT);
        }

        assertThat(emulator.policy(seeded.arn()).orElseThrow().versionIds())
                .containsExactly("v2", "v3", "v4", "v5", "v6");
        assertThatThrownBy(() -> emulator.seedPolicy("FULL", "/", DOCUMENT, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("EntityAlreadyExists: ");
    }

    @Test
    void getCallerIdentityIsServedOnTheSameEndpoint() {
        try (StsClient sts = SdkClients.sts(emulator.endpoint())) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();

            assertThat(identity.account()).isEqualTo(emulator.accountId());
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/emulator");
            assertThat(identity.userId()).isNotBlank();
        }
        assertThat(emulator.callCount("GetCallerIdentity")).isEqualTo(1);
    }

    @Test
    void unknownActionIsAnsweredWithInvalidAction() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/"))
                                .header(
                                        "Content-Type",
                                        "application/x-www-form-urlencoded; charset=utf-8")
                                .POST(
                                        BodyPublishers.ofString(
                                                "Action=CreateSAMLProvider&Version=2010-05-08"))
                                .build(),
                        BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml");
        assertThat(response.body())
                .startsWith("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">")
                .contains("<Type>Sender</Type><Code>InvalidAction</Code>");
        assertThat(emulator.calls())
                .singleElement()
                .satisfies(
                        call -> {
                            assertThat(call.action()).isEqualTo("CreateSAMLProvider");
                            assertThat(call.httpStatus()).isEqualTo(400);
                            assertThat(call.errorCode()).isEqualTo("InvalidAction");
                        });
    }

    @Test
    void resetForgetsPoliciesAndCalls() {
        createPolicy("gone", DOCUMENT);

        emulator.reset();

        assertThat(emulator.policies()).isEmpty();
        assertThat(emulator.calls()).isEmpty();
        assertThat(emulator.callCount("CreatePolicy")).isZero();
    }

    private static Policy createPolicy(String name, String document) {
        return iam.createPolicy(r -> r.policyName(name).policyDocument(document)).policy();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
