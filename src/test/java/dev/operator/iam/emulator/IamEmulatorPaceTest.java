package dev.operator.iam.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The emulator's token bucket and latency, as the real AWS SDK sees them; the bucket's clock and
 * the latency's sleep are the test's, so nothing depends on timing.
 */
class IamEmulatorPaceTest {

    private static final String DOCUMENT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}\
            """;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private IamEmulator emulator;
    private IamClient iam;

    @AfterEach
    void stop() {
        iam.close();
        emulator.close();
    }

    private void start(IamEmulator.Builder builder) {
        emulator = builder.nanoTime(nanos::get).sleeper(sleeps::add).start();
        iam = SdkClients.iamWithoutRetries(emulator.endpoint());
    }

    @Test
    void anEmptyBucketAnswersThrottlingAsIamDoesAndTheSdkRecognisesIt() {
        start(IamEmulator.builder().tokenBucket(1, 2));

        iam.listPolicies();
        iam.listPolicies();

        assertThatThrownBy(iam::listPolicies)
                .isInstanceOfSatisfying(
                        IamException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("Rate exceeded");
                            // what the SDK's retry strategy and the operator's budget act on
                            assertThat(e.isThrottlingException()).isTrue();
                        });
        assertThat(emulator.rateExceededAnswers()).isEqualTo(1);
        assertThat(emulator.calls())
                .extracting(RecordedCall::fault)
                .containsExactly(null, null, "rate-exceeded");
    }

    @Test
    void aThrottledCallIsNotExecuted() {
        start(IamEmulator.builder().tokenBucket(1, 1));
        iam.listPolicies();

        assertThatThrownBy(() -> iam.createPolicy(r -> r.policyName("p").policyDocument(DOCUMENT)))
                .isInstanceOf(IamException.class);

        assertThat(emulator.policies()).isEmpty();
    }

    @Test
    void theBucketRefillsAtItsRateUpToItsBurst() {
        start(IamEmulator.builder().tokenBucket(2, 3));
        spend(3);
        assertThat(emulator.rateExceededAnswers()).isZero();

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500)); // one token at 2 per second
        assertThat(attempts(3)).isEqualTo(1);

        nanos.addAndGet(
                TimeUnit.SECONDS.toNanos(60)); // a long quiet time refills to the burst only
        assertThat(attempts(5)).isEqualTo(3);
        assertThat(emulator.rateExceededAnswers()).isEqualTo(4);
    }

    @Test
    void stsCallsDoNotSpendIamsQuota() {
        start(IamEmulator.builder().tokenBucket(1, 1));
        try (StsClient sts = SdkClients.sts(emulator.endpoint())) {
            sts.getCallerIdentity();
            sts.getCallerIdentity();
        }

        iam.listPolicies();

        assertThat(emulator.rateExceededAnswers()).isZero();
    }

    @Test
    void resetKeepsTheBucketAndForgetsTheCount() {
        start(IamEmulator.builder().tokenBucket(1, 1));
        spend(1);
        assertThat(attempts(1)).isZero();

        emulator.reset();

        assertThat(emulator.rateExceededAnswers()).isZero();
        assertThat(attempts(1)).isZero();
    }

    @Test
    void everyCallWaitsTheLatencyThrottledOnesToo() {
        start(IamEmulator.builder().tokenBucket(1, 1).latency(Duration.ofMillis(30)));

        spend(1);
        assertThat(attempts(1)).isZero();

        assertThat(sleeps).containsExactly(Duration.ofMillis(30), Duration.ofMillis(30));
        assertThat(emulator.calls())
                .extracting(RecordedCall::fault)
                .containsExactly(null, "rate-exceeded");
    }

    @Test
    void withoutBucketNorLatencyNothingIsPaced() {
        start(IamEmulator.builder());

        spend(50);

        assertThat(sleeps).isEmpty();
        assertThat(emulator.rateExceededAnswers()).isZero();
    }

    @Test
    void refusesABucketThatCouldNeverAdmitACall() {
        assertThatThrownBy(() -> IamEmulator.builder().tokenBucket(0, 5).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate must be more than 0");
        assertThatThrownBy(() -> IamEmulator.builder().tokenBucket(5, 0).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst must be at least 1");
        // for @AfterEach
        start(IamEmulator.builder());
    }

    /** Calls that must all succeed. */
    private void spend(int calls) {
        for (int i = 0; i < calls; i++) {
            iam.listPolicies();
        }
    }

    /**
     * @return how many of {@code calls} attempts succeeded
     */
    private int attempts(int calls) {
        int succeeded = 0;
        for (int i = 0; i < calls; i++) {
            try {
                iam.listPolicies();
                succeeded++;
            } catch (IamException e) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
            }
        }
        return succeeded;
    }
}
