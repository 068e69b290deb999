package dev.operator.iam.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.iam.metrics.OperatorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Every AWS call is counted by outcome, timed, tracked while in flight, and its failure classified.
 */
class AwsCallsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InflightCalls inflight = new InflightCalls();
    private final OperatorMetrics metrics = newMetrics();
    private final AwsCalls calls = new AwsCalls(metrics, inflight, new WriteLog());

    /** As at start-up: the in-flight gauge registered over the same tracker the calls use. */
    private OperatorMetrics newMetrics() {
        OperatorMetrics m = new OperatorMetrics(registry);
        m.inflightCalls(inflight::count);
        return m;
    }

    private double count(String operation, String outcome) {
        var c =
                registry.find("iam.operator.aws.calls")
                        .tags("operation", operation, "outcome", outcome)
                        .counter();
        return c == null ? 0 : c.count();
    }

    private double inflightGauge() {
        return registry.get("iam.operator.aws.inflight.calls").gauge().value();
    }

    @Test
    void countsAndTimesASuccessfulCall() {
        metrics.registerKind("Policy", List.of("GetPolicy"));

        String result = calls.call("GetPolicy", () -> "policy");

        assertThat(result).isEqualTo("policy");
        assertThat(count("GetPolicy", "success")).isEqualTo(1.0);
        assertThat(
                        registry.get("iam.operator.aws.call")
                                .tag("operation", "GetPolicy")
                                .timer()
                                .count())
                .isEqualTo(1);
    }

    @Test
    void countsAThrottledCallUnderItsOutcomeAndThrowsItClassified() {
        AwsServiceException throttling =
                AwsServiceException.builder()
                        .awsErrorDetails(
                                AwsErrorDetails.builder()
                                        .errorCode("Throttling")
                                        .errorMessage("Rate exceeded")
                                        .build())
                        .statusCode(400)
                        .build();

        assertThatThrownBy(
                        () ->
                                calls.call(
                                        "CreatePolicy",
                                        () -> {
                                            throw throttling;
                                        }))
                .isInstanceOfSatisfying(
                        AwsException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(AwsErrorKind.THROTTLED);
                            assertThat(e).hasMessageContaining("Throttling");
                        });
        assertThat(count("CreatePolicy", "throttled")).isEqualTo(1.0);
        assertThat(count("CreatePolicy", "success")).isZero();
    }

    @Test
    void showsACallAsInFlightOnlyWhileItRuns() {
        double during = calls.call("GetPolicy", this::inflightGauge);

        assertThat(during).isEqualTo(1.0);
        assertThat(inflightGauge()).isZero();
        assertThat(inflight.count()).isZero();
    }

    @Test
    void endsTheInFlightRecordOfAFailedCallToo() {
        assertThatThrownBy(
                        () ->
                                calls.call(
                                        "DeletePolicy",
                                        () -> {
                                            throw new IllegalStateException("boom");
                                        }))
                .isInstanceOf(AwsException.class);

        assertThat(inflight.count()).isZero();
    }

    @Test
    void sendsNoNewCallOnceShutdownBeganAndCountsNone() {
        metrics.registerKind("Policy", List.of("CreatePolicy"));
        inflight.stopAccepting();
        boolean[] sent = {false};

        assertThatThrownBy(() -> calls.call("CreatePolicy", () -> sent[0] = true))
                .isInstanceOfSatisfying(
                        AwsException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(AwsErrorKind.NOT_SENT);
                            assertThat(e.kind().retryable()).isTrue();
                            assertThat(e).hasMessageContaining("shutting down");
                        });
        assertThat(sent[0]).as("the call was sent").isFalse();
        assertThat(
                        registry.find("iam.operator.aws.calls")
                                .tags("operation", "CreatePolicy")
                                .counters())
                .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(inflight.count()).isZero();
    }

    @Test
    void createsEverySeriesOfAKindAtZeroFromStartUp() {
        metrics.registerKind("Policy", List.of("CreatePolicy"));

        for (String outcome :
                List.of("success", "throttled", "client_error", "server_error", "timeout")) {
            assertThat(
                            registry.find("iam.operator.aws.calls")
                                    .tags("operation", "CreatePolicy", "outcome", outcome)
                                    .counter())
                    .as(outcome)
                    .isNotNull()
                    .extracting(c -> c.count())
                    .isEqualTo(0.0);
        }
        for (String outcome : List.of("adopted", "recovered", "refused")) {
            assertThat(
                            registry.find("iam.operator.adoptions")
                                    .tags("kind", "Policy", "outcome", outcome)
                                    .counter())
                    .as(outcome)
                    .isNotNull();
        }
        assertThat(registry.find("iam.operator.drift.detected").tags("kind", "Policy").counter())
                .isNotNull();
        assertThat(registry.find("iam.operator.drift.corrected").tags("kind", "Policy").counter())
                .isNotNull();
        assertThat(registry.find("iam.operator.drifted.resources").tags("kind", "Policy").gauge())
                .isNotNull();
        assertThat(registry.find("iam.operator.managed.resources").tags("kind", "Policy").gauges())
                .hasSize(2);
    }
}
