package dev.operator.iam.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Several accounts: STS AssumeRole as strict as STS, and credentials that act in the role's
 * account, through the real SDK.
 */
class IamEmulatorStsTest {

    private static final String B = "222222222222";
    private static final String TRUST_A =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
                    + "\"Action\":\"sts:AssumeRole\"}]}";
    private static final String TRUST_A_WITH_EXTERNAL_ID =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"123456789012\"},\"Action\":\"sts:AssumeRole\","
                    + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"tenant-b\"}}}]}";
    private static final String TRUST_OTHER =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"arn:aws:iam::333333333333:root\"},"
                    + "\"Action\":\"sts:AssumeRole\"}]}";

    private static IamEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = IamEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private static AwsCredentialsProvider operator() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDOPERATOR", "s"));
    }

    private static StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .endpointOverride(emulator.endpoint())
                .credentialsProvider(credentials)
                .build();
    }

    private static IamClient iam(AwsCredentialsProvider credentials) {
        return IamClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.AWS_GLOBAL)
                .endpointOverride(emulator.endpoint())
                .credentialsProvider(credentials)
                .build();
    }

    private static AwsCredentialsProvider session(AssumeRoleResponse r) {
        return StaticCredentialsProvider.create(
                AwsSessionCredentials.create(
                        r.credentials().accessKeyId(),
                        r.credentials().secretAccessKey(),
                        r.credentials().sessionToken()));
    }

    @Test
    void assumedCredentialsActInTheRolesAccountAndNameTheSession() {
        emulator.account(B).seedRole("iam-operator", "/ops/", TRUST_A, null);
        String roleArn = "arn:aws:iam::" + B + ":role/ops/iam-operator";
        try (StsClient sts = sts(operator())) {
            AssumeRoleResponse r =
                    sts.assumeRole(a -> a.roleArn(roleArn).roleSessionName("iam-operator-c1"));
            assertThat(r.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
            assertThat(r.credentials().expiration()).isAfter(java.time.Instant.now());
            assertThat(r.assumedRoleUser().arn())
                    .isEqualTo("arn:aws:sts::" + B + ":assumed-role/iam-operator/iam-operator-c1");
            try (StsClient asB = sts(session(r));
                    IamClient iamB = iam(session(r))) {
                GetCallerIdentityResponse who = asB.getCallerIdentity();
                assertThat(who.account()).isEqualTo(B);
                assertThat(who.arn()).isEqualTo(r.assumedRoleUser().arn());
                iamB.createPolicy(
                        p ->
                                p.policyName("only-in-b")
                                        .policyDocument(
                                                "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                                                    + "\"Effect\":\"Allow\",\"Action\":"
                                                    + "\"s3:GetObject\",\"Resource\":\"*\"}]}"));
            }
        }
        assertThat(emulator.account(B).policies())
                .extracting(PolicySnapshot::arn)
                .containsExactly("arn:aws:iam::" + B + ":policy/only-in-b");
        assertThat(emulator.policies()).isEmpty();
        assertThat(emulator.actionsByAccount().get(B)).contains("CreatePolicy");
        assertThat(emulator.actionsByAccount().get("123456789012")).containsExactly("AssumeRole");
    }

    @Test
    void aRoleThatDoesNotExistOrDoesNotTrustTheCallerIsAccessDenied() {
        emulator.account(B).seedRole("other-trust", null, TRUST_OTHER, null);
        try (StsClient sts = sts(operator())) {
            for (String name : new String[] {"missing", "other-trust"}) {
                String arn = "arn:aws:iam::" + B + ":role/" + name;
                assertThatThrownBy(() -> sts.assumeRole(a -> a.roleArn(arn).roleSessionName("s1")))
                        .isInstanceOfSatisfying(
                                StsException.class,
                                e -> {
                                    assertThat(e.statusCode()).isEqualTo(403);
                                    assertThat(e.awsErrorDetails().errorCode())
                                            .isEqualTo("AccessDenied");
                                    assertThat(e.awsErrorDetails().errorMessage())
                                            .isEqualTo(
                                                    "User: arn:aws:iam::123456789012:user/emulator"
                                                            + " is not authorized to perform:"
                                                            + " sts:AssumeRole on resource: "
                                                            + arn);
                                });
            }
        }
    }

    @Test
    void theExternalIdMustMatchWhenTheTrustAsksForOne() {
        emulator.account(B).seedRole("with-id", null, TRUST_A_WITH_EXTERNAL_ID, null);
        String arn = "arn:aws:iam::" + B + ":role/with-id";
        try (StsClient sts = sts(operator())) {
            assertThatThrownBy(() -> sts.assumeRole(a -> a.roleArn(arn).roleSessionName("s1")))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
            assertThatThrownBy(
                            () ->
                                    sts.assumeRole(
                                            a ->
                                                    a.roleArn(arn)
                                                            .roleSessionName("s1")
                                                            .externalId("wrong")))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
            assertThat(
                            sts.assumeRole(
                                            a ->
                                                    a.roleArn(arn)
                                                            .roleSessionName("s1")
                                                            .externalId("tenant-b"))
                                    .credentials()
                                    .accessKeyId())
                    .startsWith("ASIA");
        }
    }

    @Test
    void aSessionKeyStsNeverHandedOutIsRefusedRatherThanActingInTheDefaultAccount() {
        AwsCredentialsProvider forged =
                StaticCredentialsProvider.create(
                        AwsSessionCredentials.create("ASIAFORGED0000000000", "s", "t"));
        try (IamClient iam = iam(forged)) {
            assertThatThrownBy(() -> iam.listPolicies())
                    .isInstanceOfSatisfying(
                            IamException.class,
                            e ->
                                    assertThat(e.awsErrorDetails().errorCode())
                                            .isEqualTo("InvalidClientTokenId"));
        }
        assertThat(emulator.actionsByAccount()).isEmpty();
    }

    @Test
    void theSessionNameIsValidatedAsStsDoes() {
        emulator.account(B).seedRole("iam-operator", null, TRUST_A, Map.of());
        try (StsClient sts = sts(operator())) {
            assertThatThrownBy(
                            () ->
                                    sts.assumeRole(
                                            a ->
                                                    a.roleArn(
                                                                    "arn:aws:iam::"
                                                                            + B
                                                                            + ":role/iam-operator")
                                                            .roleSessionName("has space")))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"))
                    .hasMessageContaining("roleSessionName");
        }
    }

    private static String code(Throwable e) {
        return ((StsException) e).awsErrorDetails().errorCode();
    }
}
