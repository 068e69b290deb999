package dev.operator.iam.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.operator.iam.emulator.DocumentEncoding;
import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.emulator.RecordedCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * {@link SdkBackend} against the built-in emulator as if it were an external endpoint: every method
 * makes real IAM calls over HTTP, and its result is checked against the emulator's own view of its
 * state, roles, users and groups included.
 */
class SdkBackendTest {

    /** "+", "%" and "/" come back changed when a document is read URL-encoded and not decoded. */
    private static final String DOCUMENT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",\
            "Resource":"arn:aws:s3:::a+b/100%/*"}]}\
            """;

    private static final AwsBasicCredentials CREDENTIALS =
            AwsBasicCredentials.create("test", "test");

    private IamEmulator emulator;
    private SdkBackend backend;

    @BeforeEach
    void startAnEmulator() {
        emulator = IamEmulator.start();
        backend = SdkBackend.connect(emulator.endpoint(), CREDENTIALS);
    }

    @AfterEach
    void stopEverything() {
        backend.close();
        emulator.close();
    }

    @Test
    void readsTheAccountIdWithGetCallerIdentityOnlyOnce() {
        assertThat(backend.accountId()).isEqualTo(emulator.accountId());
        assertThat(backend.accountId()).isEqualTo(emulator.accountId());

        assertThat(emulator.callCount("GetCallerIdentity")).isEqualTo(1);
    }

    @Test
    void seedsAPolicyAndAnswersWithWhatTheEmulatorNowHolds() {
        PolicySnapshot seeded =
                backend.seedPolicy(
                        "seeded", "/team/", DOCUMENT, Map.of("team", "orders", "env", "test"));

        assertThat(seeded).isEqualTo(emulator.policy(seeded.arn()).orElseThrow());
        assertThat(seeded.arn())
                .isEqualTo("arn:aws:iam::" + emulator.accountId() + ":policy/team/seeded");
        assertThat(seeded.path()).isEqualTo("/team/");
        assertThat(seeded.defaultDocument()).isEqualTo(DOCUMENT);
        assertThat(seeded.versionIds()).containsExactly("v1");
        assertThat(seeded.tags()).isEqualTo(Map.of("team", "orders", "env", "test"));
        assertThat(emulator.calls()).extracting(RecordedCall::action).contains("CreatePolicy");
    }

    @Test
    void seedsAtTheRootPathWithoutTagsWhenGivenNulls() {
        PolicySnapshot seeded = backend.seedPolicy("plain", null, DOCUMENT, null);

        assertThat(seeded).isEqualTo(emulator.policy(seeded.arn()).orElseThrow());
        assertThat(seeded.path()).isEqualTo("/");
        assertThat(seeded.tags()).isEmpty();
    }

    @Test
    void refusesToSeedATakenNameWithTheErrorTheEmulatorGivesOutOfBand() {
        emulator.seedPolicy("taken", "/", DOCUMENT, Map.of());
        IllegalArgumentException outOfBand =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> emulator.seedPolicy("taken", "/", DOCUMENT, Map.of()));

        assertThatThrownBy(() -> backend.seedPolicy("taken", "/", DOCUMENT, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(outOfBand.getMessage())
                .hasMessageStartingWith("EntityAlreadyExists: ");
    }

    @Test
    void readsEveryFieldOfAPolicyExactlyAsTheEmulatorHoldsIt() {
        String arn =
                emulator.seedPolicy(
                                "busy",
                                "/",
                                DOCUMENT.replace("GetObject", "PutObject"),
                                Map.of("a", "1"))
                        .arn();
        emulator.putPolicyVersionOutOfBand(arn, DOCUMENT);
        emulator.tagPolicyOutOfBand(arn, Map.of("b", "2"));
        emulator.attachPolicyOutOfBand(arn, "Role", "reader");

        PolicySnapshot read = backend.policy(arn).orElseThrow();

        assertThat(read).isEqualTo(emulator.policy(arn).orElseThrow());
        assertThat(read.defaultDocument()).isEqualTo(DOCUMENT);
        assertThat(read.defaultVersionId()).isEqualTo("v2");
        assertThat(read.versionIds()).containsExactly("v1", "v2");
        assertThat(read.tags()).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(read.attachmentCount()).isEqualTo(1);
    }

    @Test
    void readsDocumentsThatTheServerAnswersAsRawJson() {
        String arn = emulator.seedPolicy("raw", "/", DOCUMENT, Map.of()).arn();
        emulator.documentEncoding(DocumentEncoding.RAW_JSON);

        assertThat(backend.policy(arn).orElseThrow().defaultDocument()).isEqualTo(DOCUMENT);
    }

    @Test
    void asksListPolicyTagsForTagsWhenGetPolicyLeavesThemOut() {
        String arn = emulator.seedPolicy("tagged", "/", DOCUMENT, Map.of("team", "orders")).arn();
        emulator.omitTagsFromGetPolicy();

        assertThat(backend.policy(arn).orElseThrow().tags()).isEqualTo(Map.of("team", "orders"));
        assertThat(emulator.callCount("ListPolicyTags")).isEqualTo(1);
    }

    @Test
    void listsVersionIdsInCreationOrderEvenPastVersionNine() {
        String arn = emulator.seedPolicy("long-lived", "/", DOCUMENT, Map.of()).arn();
        for (int i = 2; i <= 10; i++) {
            emulator.putPolicyVersionOutOfBand(arn, DOCUMENT.replace("100%", i + "%"));
        }

        assertThat(backend.policy(arn).orElseThrow().versionIds())
                .containsExactly("v6", "v7", "v8", "v9", "v10");
    }

    @Test
    void findsNoPolicyForAnArnThatDoesNotExist() {
        assertThat(backend.policy("arn:aws:iam::" + emulator.accountId() + ":policy/missing"))
                .isEmpty();
    }

    @Test
    void listsEveryPolicyOrderedByArnAsTheEmulatorDoes() {
        emulator.seedPolicy("charlie", "/", DOCUMENT, Map.of());
        emulator.seedPolicy("alpha", "/", DOCUMENT, Map.of("x", "y"));
        emulator.seedPolicy("bravo", "/nested/", DOCUMENT, Map.of());

        List<PolicySnapshot> policies = backend.policies();

        assertThat(policies).isEqualTo(emulator.policies());
        assertThat(policies)
                .extracting(PolicySnapshot::name)
                .containsExactly("alpha", "charlie", "bravo");
    }

    @Test
    void listsPoliciesBeyondTheFirstPageOfResults() {
        IntStream.rangeClosed(1, 105)
                .forEach(i -> emulator.seedPolicy("policy-" + i, "/", DOCUMENT, Map.of()));

        assertThat(backend.policies()).hasSize(105).isEqualTo(emulator.policies());
    }

    @Test
    void putsANewDefaultVersionOutOfBand() {
        String arn = emulator.seedPolicy("updated", "/", DOCUMENT, Map.of()).arn();
        String next = DOCUMENT.replace("GetObject", "PutObject");

        backend.putPolicyVersionOutOfBand(arn, next);

        PolicySnapshot updated = emulator.policy(arn).orElseThrow();
        assertThat(updated.defaultVersionId()).isEqualTo("v2");
        assertThat(updated.defaultDocument()).isEqualTo(next);
        assertThat(updated.versionIds()).containsExactly("v1", "v2");
    }

    @Test
    void makesRoomForANewVersionByDeletingTheOldestNonDefaultOneAsTheEmulatorDoes() {
        String viaSdk = policyWithDefaultV1AndFourMoreVersions("via-sdk");
        String outOfBand = policyWithDefaultV1AndFourMoreVersions("out-of-band");
        String next = DOCUMENT.replace("GetObject", "PutObject");

        backend.putPolicyVersionOutOfBand(viaSdk, next);
        emulator.putPolicyVersionOutOfBand(outOfBand, next);

        PolicySnapshot updated = emulator.policy(viaSdk).orElseThrow();
        assertThat(updated.versionIds()).containsExactly("v1", "v3", "v4", "v5", "v6");
        assertThat(updated.defaultVersionId()).isEqualTo("v6");
        assertThat(updated.defaultDocument()).isEqualTo(next);
        assertThat(updated.versionIds())
                .isEqualTo(emulator.policy(outOfBand).orElseThrow().versionIds());
    }

    @Test
    void tagsAndUntagsOutOfBand() {
        String arn =
                emulator.seedPolicy("retagged", "/", DOCUMENT, Map.of("keep", "1", "drop", "2"))
                        .arn();

        backend.tagPolicyOutOfBand(arn, Map.of("keep", "changed", "new", "3"));
        backend.untagPolicyOutOfBand(arn, "drop");

        assertThat(emulator.policy(arn).orElseThrow().tags())
                .isEqualTo(Map.of("keep", "changed", "new", "3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Role", "User", "Group"})
    void attachesToAPrincipalItCreatesOnceAndDetachesAgain(String type) {
        String first = emulator.seedPolicy("first", "/", DOCUMENT, Map.of()).arn();
        String second = emulator.seedPolicy("second", "/", DOCUMENT, Map.of()).arn();

        backend.attachPolicyOutOfBand(first, type, "app");
        backend.attachPolicyOutOfBand(second, type, "app");

        assertThat(principalsNamed("app")).containsExactly(type + "/app");
        assertThat(emulator.policy(first).orElseThrow().attachmentCount()).isEqualTo(1);
        assertThat(emulator.policy(second).orElseThrow().attachmentCount()).isEqualTo(1);

        backend.detachPolicyOutOfBand(first, type, "app");

        assertThat(emulator.policy(first).orElseThrow().attachmentCount()).isZero();
        assertThat(emulator.policy(second).orElseThrow().attachmentCount()).isEqualTo(1);
    }

    @Test
    void refusesToDetachAPolicyThatIsNotAttached() {
        String arn = emulator.seedPolicy("loose", "/", DOCUMENT, Map.of()).arn();
        backend.attachPolicyOutOfBand(arn, "Role", "app");
        backend.detachPolicyOutOfBand(arn, "Role", "app");

        assertThatThrownBy(() -> backend.detachPolicyOutOfBand(arn, "Role", "app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("NoSuchEntity: ");
    }

    @Test
    void refusesEntityTypesOtherThanRoleUserAndGroupBeforeAnyCall() {
        String arn = emulator.seedPolicy("typed", "/", DOCUMENT, Map.of()).arn();

        assertThatThrownBy(() -> backend.attachPolicyOutOfBand(arn, "role", "app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Role, User or Group");
        assertThat(principalsNamed("app")).isEmpty();
        assertThat(emulator.policy(arn).orElseThrow().attachmentCount()).isZero();
    }

    @Test
    void deletesAPolicyOutOfBandWithItsNonDefaultVersionsFirst() {
        String arn = emulator.seedPolicy("doomed", "/", DOCUMENT, Map.of()).arn();
        emulator.putPolicyVersionOutOfBand(arn, DOCUMENT.replace("GetObject", "PutObject"));
        emulator.putPolicyVersionOutOfBand(arn, DOCUMENT.replace("GetObject", "ListBucket"));

        backend.deletePolicyOutOfBand(arn);

        assertThat(emulator.policy(arn)).isEmpty();
        assertThat(emulator.calls())
                .filteredOn(call -> call.action().startsWith("Delete"))
                .extracting(
                        call -> call.action() + " " + call.params().getOrDefault("VersionId", ""))
                .containsExactly(
                        "DeletePolicyVersion v1", "DeletePolicyVersion v2", "DeletePolicy ");
    }

    @Test
    void refusesToDeleteAnAttachedPolicyWithIamsDeleteConflict() {
        String arn = emulator.seedPolicy("in-use", "/", DOCUMENT, Map.of()).arn();
        emulator.attachPolicyOutOfBand(arn, "Role", "app");

        assertThatThrownBy(() -> backend.deletePolicyOutOfBand(arn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DeleteConflict: ");
        assertThat(emulator.policy(arn)).isPresent();
    }

    @Test
    void deletesEveryPolicyDetachingItFromItsPrincipalsFirst() {
        emulator.seedPolicy("plain", "/", DOCUMENT, Map.of());
        String versioned = emulator.seedPolicy("versioned", "/team/", DOCUMENT, Map.of()).arn();
        emulator.putPolicyVersionOutOfBand(versioned, DOCUMENT.replace("GetObject", "PutObject"));
        String attached = emulator.seedPolicy("attached", "/", DOCUMENT, Map.of()).arn();
        backend.attachPolicyOutOfBand(attached, "Group", "readers");
        backend.attachPolicyOutOfBand(attached, "User", "alice");

        assertThat(backend.deleteAllPolicies()).isEqualTo(3);

        assertThat(emulator.policies()).isEmpty();
    }

    /** The roles, users and groups of that name the emulator holds, as {@code "Role/app"}. */
    private List<String> principalsNamed(String name) {
        List<String> found = new ArrayList<>();
        emulator.role(name).ifPresent(role -> found.add("Role/" + role.name()));
        emulator.user(name).ifPresent(user -> found.add("User/" + user.name()));
        emulator.group(name).ifPresent(group -> found.add("Group/" + group.name()));
        return found;
    }

    /** v1 is the default; v2 to v5 were added without becoming the default. */
    private String policyWithDefaultV1AndFourMoreVersions(String name) {
        String arn = emulator.seedPolicy(name, "/", DOCUMENT, Map.of()).arn();
        try (IamClient iam =
                IamClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .region(Region.AWS_GLOBAL)
                        .endpointOverride(emulator.endpoint())
                        .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
                        .build()) {
            for (int i = 2; i <= 5; i++) {
                String document = DOCUMENT.replace("100%", i + "%");
                iam.createPolicyVersion(
                        request ->
                                request.policyArn(arn)
                                        .policyDocument(document)
                                        .setAsDefault(false));
            }
        }
        assertThat(emulator.policy(arn).orElseThrow().defaultVersionId()).isEqualTo("v1");
        return arn;
    }
}
