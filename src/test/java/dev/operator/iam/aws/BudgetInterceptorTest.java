package dev.operator.iam.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.metrics.OperatorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * The budget sees every HTTP attempt of a real SDK client against the emulator, the SDK's own
 * retries included, and every Throttling answer, also those the SDK retried away.
 */
class BudgetInterceptorTest {

    private static IamEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = IamEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static IamClient client(RateBudget budget, SimpleMeterRegistry registry) {
        return IamClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.AWS_GLOBAL)
                .endpointOverride(emulator.endpoint())
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                .overrideConfiguration(
                        c ->
                                c.addExecutionInterceptor(
                                        new BudgetInterceptor(
                                                budget, new OperatorMetrics(registry))))
                .build();
    }

    @Test
    void everyAttemptTakesACallAndEachThrottlingAnswerLowersTheRate() {
        RateBudget budget = new RateBudget(100, 100);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        emulator.faults().throttleNext("GetRole", 2);
        CallPriority.set(RateBudget.Priority.CHANGE);
        try (IamClient iam = client(budget, registry)) {
            assertThatThrownBy(() -> iam.getRole(r -> r.roleName("nobody")))
                    .isInstanceOf(NoSuchEntityException.class);
        } finally {
            CallPriority.clear();
            emulator.faults().clear();
        }

        assertThat(emulator.callCount("GetRole")).isEqualTo(3);
        assertThat(
                        registry.get("iam.operator.aws.budget.wait")
                                .tag("priority", "change")
                                .timer()
                                .count())
                .as("budget waits recorded, one per HTTP attempt")
                .isEqualTo(3);
        assertThat(budget.currentRate())
                .as("throttled answers halve the rate, which then recovers gradually")
                .isLessThan(75.0)
                .isGreaterThanOrEqualTo(25.0);
    }

    @Test
    void anAnswerThatIsNotThrottlingLeavesTheRateAlone() {
        RateBudget budget = new RateBudget(100, 100);
        try (IamClient iam = client(budget, new SimpleMeterRegistry())) {
            assertThatThrownBy(
                            () ->
                                    iam.getPolicy(
                                            r ->
                                                    r.policyArn(
                                                            "arn:aws:iam::123456789012:policy/none")))
                    .isInstanceOf(NoSuchEntityException.class);
        }
        assertThat(budget.currentRate()).isEqualTo(100);
    }
}
