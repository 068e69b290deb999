package dev.operator.iam.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.MetricsScraper;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each outcome of design.md, driven through the operator, read back from {@code /q/metrics} as
 * Prometheus scrapes it: which series moved, and by how much. Only new objects call CreatePolicy,
 * so faults injected on it are met by the test's own object and the counts are exact.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class OutcomeMetricsTest extends OperatorTestSupport {

    static final String CALLS = "iam_operator_aws_calls_total";
    static final String CALL_SECONDS = "iam_operator_aws_call_seconds";
    static final String ADOPTIONS = "iam_operator_adoptions_total";
    static final String DRIFT_DETECTED = "iam_operator_drift_detected_total";
    static final String DRIFT_CORRECTED = "iam_operator_drift_corrected_total";
    static final String DRIFTED = "iam_operator_drifted_resources";
    static final String MANAGED = "iam_operator_managed_resources";

    /**
     * Attempts the AWS SDK makes within one call (its default retry policy: the first and 3
     * retries) before the operator sees the failure: this many injected faults fail exactly one
     * call, and the operator's own retry succeeds.
     */
    private static final int SDK_ATTEMPTS = 4;

    @AfterEach
    void clearFaults() {
        IamEmulatorResource.builtInEmulator().ifPresent(emulator -> emulator.faults().clear());
    }

    @Test
    void aCreatedPolicyCountsOneSuccessfulCreateAndOneMoreReadyResource() {
        MetricsDelta d = MetricsDelta.start();

        apply(policy("m-created", DOC_READ));

        policies.awaitReady("m-created", true, "Created");
        awaitDelta(d, 1, MANAGED, "kind", "Policy", "ready", "true");
        String now = MetricsScraper.scrape();
        assertThat(d.in(now, CALLS, "operation", "CreatePolicy", "outcome", "success"))
                .isEqualTo(1);
        assertThat(d.in(now, CALL_SECONDS + "_count", "operation", "CreatePolicy")).isEqualTo(1);
        assertThat(d.in(now, CALL_SECONDS + "_bucket", "operation", "CreatePolicy", "le", "+Inf"))
                .isEqualTo(1);
        assertThat(d.in(now, CALL_SECONDS + "_sum", "operation", "CreatePolicy")).isPositive();
        assertThat(d.in(now, MANAGED, "kind", "Policy", "ready", "false")).isZero();
        for (String outcome : new String[] {"adopted", "recovered", "refused"}) {
            assertThat(d.in(now, ADOPTIONS, "kind", "Policy", "outcome", outcome))
                    .as(outcome)
                    .isZero();
        }
        assertThat(d.in(now, DRIFT_DETECTED, "kind", "Policy")).isZero();
    }

    @Test
    void aPolicyFoundAfterAnInterruptedCreateIsCountedAsRecovered() {
        backend()
                .seedPolicy(
                        "m-recovered",
                        "/",
                        DOC_READ,
                        Map.of(
                                "iam.operator.dev/cluster", "default",
                                "iam.operator.dev/namespace", namespace,
                                "iam.operator.dev/name", "m-recovered",
                                "iam.operator.dev/uid", "uid-of-the-object-before-the-crash"));
        MetricsDelta d = MetricsDelta.start();

        apply(policy("m-recovered", DOC_READ));

        policies.awaitReady("m-recovered", true, "Recovered");
        awaitDelta(d, 1, MANAGED, "kind", "Policy", "ready", "true");
        String now = MetricsScraper.scrape();
        assertThat(d.in(now, ADOPTIONS, "kind", "Policy", "outcome", "recovered")).isEqualTo(1);
        assertThat(d.in(now, ADOPTIONS, "kind", "Policy", "outcome", "adopted")).isZero();
        assertThat(d.in(now, CALLS, "operation", "CreatePolicy", "outcome", "success")).isZero();
        assertThat(d.in(now, CALLS, "operation", "TagPolicy", "outcome", "success"))
                .as("the uid tag refreshed")
                .isEqualTo(1);
    }

    @Test
    void anAdoptedPolicyIsCountedAsAdoptedAndNotAsDrift() {
        backend().seedPolicy("m-adopted", "/", DOC_WRITE, Map.of("owner", "terraform"));
        MetricsDelta d = MetricsDelta.start();

        apply(policy("m-adopted", DOC_READ, Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt")));

        policies.awaitReady("m-adopted", true, "Adopted");
        awaitDelta(d, 1, MANAGED, "kind", "Policy", "ready", "true");
        String now = MetricsScraper.scrape();
        assertThat(d.in(now, ADOPTIONS, "kind", "Policy", "outcome", "adopted")).isEqualTo(1);
        assertThat(d.in(now, ADOPTIONS, "kind", "Policy", "outcome", "refused")).isZero();
        assertThat(d.in(now, DRIFT_DETECTED, "kind", "Policy")).isZero();
        assertThat(d.in(now, DRIFT_CORRECTED, "kind", "Policy")).isZero();
    }

    @Test
    void aRefusedPolicyIsCountedOnceAndCountsAsNotReadyUntilItIsDeleted() {
        PolicySnapshot foreign =
                backend().seedPolicy("m-refused", "/", DOC_WRITE, Map.of("owner", "terraform"));
        MetricsDelta d = MetricsDelta.start();

        apply(policy("m-refused", DOC_READ));

        policies.awaitReady("m-refused", false, "AlreadyExistsNotOwned");
        awaitDelta(d, 1, MANAGED, "kind", "Policy", "ready", "false");
        policies.awaitObservedAgain(foreign.arn());
        String now = MetricsScraper.scrape();
        assertThat(d.in(now, ADOPTIONS, "kind", "Policy", "outcome", "refused"))
                .as("once, not once per resync")
                .isEqualTo(1);
        assertThat(d.in(now, MANAGED, "kind", "Policy", "ready", "true")).isZero();

        policies.delete("m-refused");
        policies.awaitGone("m-refused");

        awaitDelta(d, 0, MANAGED, "kind", "Policy", "ready", "false");
    }

    @Test
    void aCorrectedDriftIsCountedAsDetectedAndCorrected() {
        apply(policy("m-drift-fixed", DOC_READ));
        policies.awaitReady("m-drift-fixed", true, "Created");
        MetricsDelta d = MetricsDelta.start();

        backend().putPolicyVersionOutOfBand(policyArn("m-drift-fixed"), DOC_WRITE);

        policies.awaitReady("m-drift-fixed", true, "DriftCorrected");
        String now = MetricsScraper.scrape();
        assertThat(d.in(now, DRIFT_DETECTED, "kind", "Policy")).isEqualTo(1);
        assertThat(d.in(now, DRIFT_CORRECTED, "kind", "Policy")).isEqualTo(1);
        assertThat(d.in(now, DRIFTED, "kind", "Policy")).as("corrected: not drifted").isZero();
        assertThat(d.in(now, CALLS, "operation", "CreatePolicyVersion", "outcome", "success"))
                .isEqualTo(1);
    }

    @Test
    void aReportedDriftIsCountedAndShowsAsDriftedUntilAwsMatchesTheSpecAgain() {
        apply(policy("m-drift-kept", DOC_READ, Map.of(ResourcePolicies.DRIFT_POLICY, "report")));
        policies.awaitReady("m-drift-kept", true, "Created");
        MetricsDelta d = MetricsDelta.start();

        backend().putPolicyVersionOutOfBand(policyArn("m-drift-kept"), DOC_WRITE);

        policies.awaitReady("m-drift-kept", false, "DriftReported");
        awaitDelta(d, 1, DRIFTED, "kind", "Policy");
        String now = MetricsScraper.scrape();
        assertThat(d.in(now, DRIFT_DETECTED, "kind", "Policy")).isEqualTo(1);
        assertThat(d.in(now, DRIFT_CORRECTED, "kind", "Policy")).isZero();
        assertThat(d.in(now, MANAGED, "kind", "Policy", "ready", "true")).isEqualTo(-1);
        assertThat(d.in(now, MANAGED, "kind", "Policy", "ready", "false")).isEqualTo(1);

        // Someone puts the spec's document back: the gauges follow, the counters stay.
        backend().putPolicyVersionOutOfBand(policyArn("m-drift-kept"), DOC_READ);

        policies.awaitReady("m-drift-kept", true, "UpToDate");
        awaitDelta(d, 0, DRIFTED, "kind", "Policy");
        now = MetricsScraper.scrape();
        assertThat(d.in(now, MANAGED, "kind", "Policy", "ready", "true")).isZero();
        assertThat(d.in(now, MANAGED, "kind", "Policy", "ready", "false")).isZero();
        assertThat(d.in(now, DRIFT_DETECTED, "kind", "Policy")).isEqualTo(1);
    }

    @Test
    void aThrottledCallIsCountedUnderTheThrottledOutcome() {
        emulator().faults().throttleNext("CreatePolicy", SDK_ATTEMPTS);
        MetricsDelta d = MetricsDelta.start();

        apply(policy("m-throttled", DOC_READ));

        policies.awaitReady("m-throttled", true, "Created");
        String now = MetricsScraper.scrape();
        assertThat(d.in(now, CALLS, "operation", "CreatePolicy", "outcome", "throttled"))
                .isEqualTo(1);
        assertThat(d.in(now, CALLS, "operation", "CreatePolicy", "outcome", "success"))
                .isEqualTo(1);
        assertThat(d.in(now, CALLS, "operation", "CreatePolicy", "outcome", "server_error"))
                .isZero();
        assertThat(d.in(now, CALL_SECONDS + "_count", "operation", "CreatePolicy"))
                .as("failed calls are timed too")
                .isEqualTo(2);
    }

    @Test
    void aServerErrorIsCountedUnderTheServerErrorOutcome() {
        emulator()
                .faults()
                .failNext("CreatePolicy", SDK_ATTEMPTS, 500, "ServiceFailure", "Internal failure");
        MetricsDelta d = MetricsDelta.start();

        apply(policy("m-server-error", DOC_READ));

        policies.awaitReady("m-server-error", true, "Created");
        String now = MetricsScraper.scrape();
        assertThat(d.in(now, CALLS, "operation", "CreatePolicy", "outcome", "server_error"))
                .isEqualTo(1);
        assertThat(d.in(now, CALLS, "operation", "CreatePolicy", "outcome", "success"))
                .isEqualTo(1);
        assertThat(d.in(now, CALLS, "operation", "CreatePolicy", "outcome", "throttled")).isZero();
    }

    @Test
    void aCallThatOutlastsTheCallTimeoutIsCountedAsATimeoutInASlowBucket() {
        // The tests' call timeout is 5 s: this CreatePolicy is answered only after it passed.
        emulator().faults().latency("CreatePolicy", Duration.ofSeconds(6));
        MetricsDelta d = MetricsDelta.start();

        apply(policy("m-timeout", DOC_READ));

        awaitDelta(d, 1, CALLS, "operation", "CreatePolicy", "outcome", "timeout");
        emulator().faults().clear();
        // The slow create did happen in AWS: the retry finds it by its tags, or creates it.
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                policies.condition("m-timeout", "Ready")
                                        .filter(c -> c.getStatus().equals("True"))
                                        .isPresent());
        String now = MetricsScraper.scrape();
        assertThat(d.in(now, CALLS, "operation", "CreatePolicy", "outcome", "timeout"))
                .isEqualTo(1);
        assertThat(
                        d.in(
                                        now,
                                        CALL_SECONDS + "_bucket",
                                        "operation",
                                        "CreatePolicy",
                                        "le",
                                        "+Inf")
                                - d.in(
                                        now,
                                        CALL_SECONDS + "_bucket",
                                        "operation",
                                        "CreatePolicy",
                                        "le",
                                        "2.5"))
                .as("CreatePolicy calls slower than 2.5 s: the one that timed out")
                .isEqualTo(1);
        assertThat(backend().policies()).filteredOn(p -> p.name().equals("m-timeout")).hasSize(1);
    }

    private static void awaitDelta(MetricsDelta d, double delta, String name, String... labels) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () ->
                                assertThat(d.of(name, labels))
                                        .as("change of " + name + MetricsDelta.labels(labels))
                                        .isEqualTo(delta));
    }
}
