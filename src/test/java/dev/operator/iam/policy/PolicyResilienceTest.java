package dev.operator.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.MetricsScraper;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Throttling and AWS failures are retried with backoff and never terminal. Every test injects
 * faults, so all of them need the built-in emulator.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class PolicyResilienceTest extends OperatorTestSupport {

    @AfterEach
    void clearFaults() {
        IamEmulatorResource.builtInEmulator().ifPresent(emulator -> emulator.faults().clear());
    }

    @Test
    void survivesThrottlingAndCreatesExactlyOnePolicy() {
        double throttled =
                MetricsScraper.value(
                        "iam_operator_aws_calls_total",
                        Map.of("operation", "CreatePolicy", "outcome", "throttled"));
        // More throttles than the SDK retries by itself: the reconcile itself must be retried.
        emulator().faults().throttleNext("CreatePolicy", 5);

        apply(policy("throttled", DOC_READ));

        policies.awaitReady("throttled", true, "Created");
        assertThat(backend().policies()).filteredOn(p -> p.name().equals("throttled")).hasSize(1);
        assertThat(
                        MetricsScraper.value(
                                "iam_operator_aws_calls_total",
                                Map.of("operation", "CreatePolicy", "outcome", "throttled")))
                .isGreaterThan(throttled);
    }

    @Test
    void reportsThrottlingWhileItLasts() {
        // A new Policy creates without observing first: its first call is CreatePolicy.
        emulator().faults().throttle("CreatePolicy", 1.0, 7);

        apply(policy("always-throttled", DOC_READ));

        policies.awaitReady("always-throttled", false, "Throttled");
        emulator().faults().clear();
        policies.awaitReady("always-throttled", true, "Created");
    }

    @Test
    void survivesServerErrors() {
        // Only new objects call CreatePolicy, so these faults are met by this test's object; six
        // are
        // more than the SDK retries within one call.
        emulator().faults().failNext("CreatePolicy", 6, 500, "ServiceFailure", "Internal failure");

        apply(policy("server-errors", DOC_READ));

        policies.awaitReady("server-errors", true, "Created");
        assertThat(emulator().calls())
                .filteredOn(
                        c ->
                                c.action().equals("CreatePolicy")
                                        && "server-errors".equals(c.params().get("PolicyName"))
                                        && "injected".equals(c.fault()))
                .hasSize(6);
        assertThat(backend().policies())
                .filteredOn(p -> p.name().equals("server-errors"))
                .hasSize(1);
    }

    @Test
    void keepsTheAwsErrorCodeInTheMessageAndRetries() {
        emulator()
                .faults()
                .failNext(
                        "CreatePolicy",
                        1000,
                        403,
                        "AccessDenied",
                        "User is not authorized to perform: iam:CreatePolicy");

        apply(policy("access-denied", DOC_READ));

        policies.awaitReady("access-denied", false, "AwsError");
        assertThat(policies.condition("access-denied", Conditions.READY).get().getMessage())
                .contains("AccessDenied");
        emulator().faults().clear();
        policies.awaitReady("access-denied", true, "Created");
    }

    @Test
    void aTransientFailureDoesNotMakeAReadyPolicyUnready() {
        apply(policy("stays-ready", DOC_READ));
        policies.awaitReady("stays-ready", true, "Created");

        // Faults are per action, not per policy, and every object of the suite resyncs: fail every
        // GetPolicy, and every account scan a resync compares with, until this object has met one
        // (cleared after the test).
        for (String action : new String[] {"GetPolicy", "GetAccountAuthorizationDetails"}) {
            emulator()
                    .faults()
                    .failNext(action, Integer.MAX_VALUE, 500, "ServiceFailure", "Internal failure");
        }
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                events("stays-ready").stream()
                                        .anyMatch(e -> e.getReason().equals("AwsError")));

        assertThat(policies.condition("stays-ready", Conditions.READY).get().getStatus())
                .isEqualTo("True");
    }
}
