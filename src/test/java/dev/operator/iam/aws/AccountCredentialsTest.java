package dev.operator.iam.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.iam.config.OperatorConfig;
import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.emulator.PolicySnapshot;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One IAM client of the SDK version in the pom, whose credentials follow the thread's account: the
 * operator's own, or those of AssumeRole on the tenant's role, never the one for the other.
 */
class AccountCredentialsTest {

    private static final String OWN = "123456789012";
    private static final String B = "222222222222";
    private static final String ROLE_B = "arn:aws:iam::" + B + ":role/iam-operator";
    private static final String TRUST =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"arn:aws:iam::"
                    + OWN
                    + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String DOC =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

    private static IamEmulator emulator;
    private StsClient sts;
    private IamClient iam;
    private AccountCredentials credentials;

    @BeforeAll
    static void start() {
        emulator = IamEmulator.start();
        // The SDK's default chain, the operator's own credentials, reads these first.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void clients() {
        emulator.reset();
        emulator.account(B).seedRole("iam-operator", null, TRUST, null);
        sts =
                StsClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .region(Region.US_EAST_1)
                        .endpointOverride(emulator.endpoint())
                        .build();
        credentials = new AccountCredentials(sts, config("c1/with:odd chars"));
        iam =
                IamClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .region(Region.AWS_GLOBAL)
                        .endpointOverride(emulator.endpoint())
                        .credentialsProvider(credentials)
                        .build();
    }

    @AfterEach
    void close() {
        AccountContext.clear();
        iam.close();
        credentials.close();
        sts.close();
    }

    private static OperatorConfig config(String clusterId) {
        return (OperatorConfig)
                Proxy.newProxyInstance(
                        OperatorConfig.class.getClassLoader(),
                        new Class<?>[] {OperatorConfig.class},
                        (proxy, method, args) ->
                                method.getName().equals("clusterId") ? clusterId : null);
    }

    @Test
    void eachCallActsInTheAccountOfItsThreadThroughOneClient() {
        AccountContext.set(new AccountRole(ROLE_B, null));
        iam.createPolicy(p -> p.policyName("in-b").policyDocument(DOC));
        AccountContext.clear();
        iam.createPolicy(p -> p.policyName("in-own").policyDocument(DOC));
        AccountContext.set(new AccountRole(ROLE_B, null));
        iam.createPolicy(p -> p.policyName("in-b-again").policyDocument(DOC));

        assertThat(emulator.account(B).policies())
                .extracting(PolicySnapshot::name)
                .containsExactly("in-b", "in-b-again");
        assertThat(emulator.policies()).extracting(PolicySnapshot::name).containsExactly("in-own");
        // Credentials are cached: one AssumeRole for both calls in B.
        assertThat(emulator.callCount("AssumeRole")).isEqualTo(1);
        assertThat(emulator.calls().get(0).params())
                .containsEntry("RoleSessionName", "iam-operator-c1-with-odd-chars");
    }

    @Test
    void aRoleThatCannotBeAssumedFailsNamingTheRoleAndNothingGoesToAnotherAccount() {
        AccountRole denied = new AccountRole("arn:aws:iam::" + B + ":role/not-there", null);
        assertThatThrownBy(() -> credentials.assume(denied))
                .isInstanceOfSatisfying(
                        AwsException.class,
                        e -> {
                            assertThat(e.kind().retryable()).isTrue();
                            assertThat(e.getMessage())
                                    .contains("cannot assume role " + denied.roleArn())
                                    .contains("AccessDenied")
                                    .contains("docs/accounts.md");
                        });
        AccountContext.set(denied);
        assertThatThrownBy(() -> iam.createPolicy(p -> p.policyName("x").policyDocument(DOC)))
                .isNotNull();
        assertThat(emulator.callCount("CreatePolicy")).isZero();
        assertThat(emulator.actionsByAccount().keySet()).containsExactly(OWN);
        assertThat(emulator.actionsByAccount().get(OWN))
                .isEqualTo(List.of("AssumeRole", "AssumeRole"));
    }

    @Test
    void theAccountOfARoleComesFromItsArn() {
        AccountRole role = new AccountRole("arn:aws-cn:iam::" + B + ":role/team/x", null);
        assertThat(role.accountId()).isEqualTo(B);
        assertThat(role.partition()).isEqualTo("aws-cn");
        assertThat(AccountRole.problems("arn:aws:iam::" + B + ":policy/x", null))
                .singleElement()
                .asString()
                .contains("is not an IAM role ARN");
        assertThat(AccountRole.problems("arn:aws:iam::12:role/x", null)).hasSize(1);
        assertThat(AccountRole.problems(null, "ext-id")).hasSize(1);
        assertThat(AccountRole.problems(ROLE_B, "ok-id")).isEmpty();
        assertThat(AccountRole.problems(ROLE_B, "x")).hasSize(1);
    }
}
