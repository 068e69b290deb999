package dev.operator.iam.emulator;

import static dev.operator.iam.emulator.SdkErrors.errorCode;
import static dev.operator.iam.emulator.SdkErrors.errorMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedResponse;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * Access keys through the real AWS SDK: IAM's quota of two per user, the secret only in the create
 * answer, the DeleteConflict of a user that still has keys, and the last use.
 */
class IamEmulatorAccessKeysTest {

    private static IamEmulator emulator;
    private static IamClient iam;

    @BeforeAll
    static void startEmulator() {
        emulator = IamEmulator.start();
        iam = SdkClients.iamWithoutRetries(emulator.endpoint());
    }

    @BeforeEach
    void createUser() {
        iam.createUser(r -> r.userName("alice"));
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
    void createAccessKeyAnswersTheSecretOnceWithEveryFieldOfTheAccessKeyType() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AccessKey key = iam.createAccessKey(r -> r.userName("alice")).accessKey();

        assertThat(key.userName()).isEqualTo("alice");
        assertThat(key.accessKeyId()).startsWith("AKIA").hasSize(20);
        assertThat(key.secretAccessKey()).hasSize(40);
        assertThat(key.status()).isEqualTo(StatusType.ACTIVE);
        assertThat(key.createDate()).isBetween(before, Instant.now());
        assertThat(emulator.accessKeys("alice"))
                .singleElement()
                .satisfies(
                        stored ->
                                assertThat(stored.secretAccessKey())
                                        .isEqualTo(key.secretAccessKey()));
    }

    @Test
    void listAccessKeysAnswersMetadataWithoutTheSecret() {
        AccessKey key = iam.createAccessKey(r -> r.userName("alice")).accessKey();

        var listed = iam.listAccessKeys(r -> r.userName("alice"));

        assertThat(listed.isTruncated()).isFalse();
        AccessKeyMetadata only = listed.accessKeyMetadata().get(0);
        assertThat(listed.accessKeyMetadata()).hasSize(1);
        assertThat(only.userName()).isEqualTo("alice");
        assertThat(only.accessKeyId()).isEqualTo(key.accessKeyId());
        assertThat(only.status()).isEqualTo(StatusType.ACTIVE);
        assertThat(only.createDate()).isEqualTo(key.createDate());
    }

    @Test
    void aThirdAccessKeyExceedsTheQuotaOfTwo() {
        iam.createAccessKey(r -> r.userName("alice"));
        iam.createAccessKey(r -> r.userName("alice"));

        ThrowingCallable third = () -> iam.createAccessKey(r -> r.userName("alice"));

        assertThat(errorCode(third)).isEqualTo("LimitExceeded");
        assertThat(errorMessage(third)).isEqualTo("Cannot exceed quota for AccessKeysPerUser: 2");
        assertThat(emulator.accessKeys("alice")).hasSize(2);
    }

    @Test
    void aDeletedKeyFreesItsPlace() {
        String first = iam.createAccessKey(r -> r.userName("alice")).accessKey().accessKeyId();
        iam.createAccessKey(r -> r.userName("alice"));

        iam.deleteAccessKey(r -> r.userName("alice").accessKeyId(first));
        iam.createAccessKey(r -> r.userName("alice"));

        assertThat(emulator.accessKeys("alice"))
                .hasSize(2)
                .noneMatch(k -> k.accessKeyId().equals(first));
    }

    @Test
    void updateAccessKeySetsTheStatus() {
        String id = iam.createAccessKey(r -> r.userName("alice")).accessKey().accessKeyId();

        iam.updateAccessKey(r -> r.userName("alice").accessKeyId(id).status(StatusType.INACTIVE));

        assertThat(iam.listAccessKeys(r -> r.userName("alice")).accessKeyMetadata())
                .singleElement()
                .satisfies(k -> assertThat(k.status()).isEqualTo(StatusType.INACTIVE));
    }

    @Test
    void anUnknownKeyIsNoSuchEntity() {
        ThrowingCallable update =
                () ->
                        iam.updateAccessKey(
                                r ->
                                        r.userName("alice")
                                                .accessKeyId("AKIAEXAMPLEEXAMPLE00")
                                                .status(StatusType.INACTIVE));
        ThrowingCallable delete =
                () ->
                        iam.deleteAccessKey(
                                r -> r.userName("alice").accessKeyId("AKIAEXAMPLEEXAMPLE00"));

        assertThat(errorCode(update)).isEqualTo("NoSuchEntity");
        assertThat(errorCode(delete)).isEqualTo("NoSuchEntity");
        assertThat(errorMessage(delete))
                .isEqualTo("The Access Key with id AKIAEXAMPLEEXAMPLE00 cannot be found.");
    }

    @Test
    void aKeyOfAnotherUserIsNotFoundUnderThisOne() {
        iam.createUser(r -> r.userName("bob"));
        String bobs = iam.createAccessKey(r -> r.userName("bob")).accessKey().accessKeyId();

        assertThat(errorCode(() -> iam.deleteAccessKey(r -> r.userName("alice").accessKeyId(bobs))))
                .isEqualTo("NoSuchEntity");
        assertThat(emulator.accessKeys("bob")).hasSize(1);
    }

    @Test
    void aUserWithAccessKeysCannotBeDeleted() {
        String id = iam.createAccessKey(r -> r.userName("alice")).accessKey().accessKeyId();

        ThrowingCallable deleteUser = () -> iam.deleteUser(r -> r.userName("alice"));

        assertThat(errorCode(deleteUser)).isEqualTo("DeleteConflict");
        assertThat(errorMessage(deleteUser))
                .isEqualTo("Cannot delete entity, must delete access keys first.");
        iam.deleteAccessKey(r -> r.userName("alice").accessKeyId(id));
        iam.deleteUser(r -> r.userName("alice"));
        assertThat(emulator.user("alice")).isEmpty();
    }

    @Test
    void accessKeysOfAnUnknownUserAreNoSuchEntity() {
        assertThat(errorCode(() -> iam.listAccessKeys(r -> r.userName("nobody"))))
                .isEqualTo("NoSuchEntity");
        assertThat(errorCode(() -> iam.createAccessKey(r -> r.userName("nobody"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void aKeyNeverUsedHasNoLastUsedDateAndNotApplicableServiceAndRegion() {
        String id = iam.createAccessKey(r -> r.userName("alice")).accessKey().accessKeyId();

        GetAccessKeyLastUsedResponse lastUsed = iam.getAccessKeyLastUsed(r -> r.accessKeyId(id));

        assertThat(lastUsed.userName()).isEqualTo("alice");
        assertThat(lastUsed.accessKeyLastUsed().lastUsedDate()).isNull();
        assertThat(lastUsed.accessKeyLastUsed().serviceName()).isEqualTo("N/A");
        assertThat(lastUsed.accessKeyLastUsed().region()).isEqualTo("N/A");
    }

    @Test
    void aUsedKeyReportsWhenWhereAndWithWhichService() {
        String id = iam.createAccessKey(r -> r.userName("alice")).accessKey().accessKeyId();

        emulator.useAccessKey(id, "s3", "eu-west-1");
        var lastUsed = iam.getAccessKeyLastUsed(r -> r.accessKeyId(id)).accessKeyLastUsed();

        assertThat(lastUsed.lastUsedDate()).isNotNull();
        assertThat(lastUsed.serviceName()).isEqualTo("s3");
        assertThat(lastUsed.region()).isEqualTo("eu-west-1");
    }
}
