package dev.operator.iam.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.Policy;

/** Injected faults as the real AWS SDK experiences them, retries included. */
class IamEmulatorFaultsTest {

    private static final String DOCUMENT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}\
            """;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static IamEmulator emulator;
    private static IamClient retrying;
    private static IamClient singleAttempt;

    @BeforeAll
    static void startEmulator() {
        emulator = IamEmulator.start();
        retrying = SdkClients.iam(emulator.endpoint());
        singleAttempt = SdkClients.iamWithoutRetries(emulator.endpoint());
    }

    @AfterEach
    void resetEmulator() {
        emulator.reset();
    }

    @AfterAll
    static void stopEmulator() {
        retrying.close();
        singleAttempt.close();
        emulator.close();
    }

    @Test
    void throttledCallsAreNotExecutedAndTheSdkRetriesUntilSuccess() {
        emulator.faults().throttleNext("CreatePolicy", 2);

        createPolicy(retrying, "throttled");

        assertThat(emulator.callCount("CreatePolicy")).isEqualTo(3);
        assertThat(emulator.calls())
                .extracting(RecordedCall::fault)
                .containsExactly("throttled", "throttled", null);
        assertThat(emulator.calls())
                .extracting(RecordedCall::httpStatus)
                .containsExactly(400, 400, 200);
        assertThat(emulator.policies()).hasSize(1);
    }

    @Test
    void throttlingSurfacesAsThrottlingErrorWhenRetriesAreExhausted() {
        emulator.faults().throttleNext("GetPolicy", 1);

        assertThatThrownBy(() -> singleAttempt.getPolicy(r -> r.policyArn(arn("any"))))
                .isInstanceOfSatisfying(
                        IamException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("Rate exceeded");
                            assertThat(e.isThrottlingException()).isTrue();
                        });
        assertThat(emulator.callCount("GetPolicy")).isEqualTo(1);
    }

    @Test
    void injectedServerFailureIsRetriedByTheSdk() {
        emulator.faults().failNext("CreatePolicy", 1, 500, "ServiceFailure", "Internal failure");

        createPolicy(retrying, "after-failure");

        assertThat(emulator.callCount("CreatePolicy")).isEqualTo(2);
        assertThat(emulator.calls().get(0))
                .satisfies(
                        call -> {
                            assertThat(call.httpStatus()).isEqualTo(500);
                            assertThat(call.errorCode()).isEqualTo("ServiceFailure");
                            assertThat(call.fault()).isEqualTo("injected");
                        });
    }

    @Test
    void randomThrottlingIsReproducibleFromItsSeed() {
        List<Boolean> firstRun = throttledPattern(20);
        List<Boolean> secondRun = throttledPattern(20);

        assertThat(firstRun).isEqualTo(secondRun).contains(true, false);
    }

    @Test
    void latencyDelaysTheAnswer() {
        emulator.faults().latency("*", Duration.ofMillis(300));

        long start = System.nanoTime();
        singleAttempt.listPolicies();

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(emulator.calls())
                .singleElement()
                .extracting(RecordedCall::fault)
                .isEqualTo("delayed");
    }

    @Test
    void heldResponseIsCommittedFirstAndDoesNotBlockOtherCalls() throws Exception {
        Hold hold = emulator.faults().holdResponse("CreatePolicy");

        CompletableFuture<Policy> create = createInBackground(singleAttempt, "held");

        assertThat(hold.awaitHeld(WAIT)).isTrue();
        assertThat(emulator.policies()).extracting(PolicySnapshot::name).containsExactly("held");
        assertThat(singleAttempt.listPolicies().policies())
                .extracting(Policy::policyName)
                .containsExactly("held");
        assertThat(create).isNotDone();

        hold.release();

        assertThat(create.get(WAIT.toSeconds(), TimeUnit.SECONDS).arn()).isEqualTo(arn("held"));
        assertThat(emulator.calls().get(0).fault()).isEqualTo("held");
    }

    @Test
    void heldResponseReleasedWithDropFailsTheClientAfterTheChangeWasMade() {
        Hold hold = emulator.faults().holdResponse("CreatePolicy");
        CompletableFuture<Policy> create = createInBackground(singleAttempt, "lost");
        assertThat(hold.awaitHeld(WAIT)).isTrue();

        hold.releaseWithDrop();

        assertThat(create)
                .failsWithin(WAIT)
                .withThrowableOfType(Exception.class)
                .havingRootCause()
                .isInstanceOf(java.io.IOException.class);
        assertThat(emulator.policy(arn("lost"))).isPresent();
    }

    @Test
    void droppedConnectionFailsTheCallButTheChangeIsCommitted() {
        emulator.faults().dropConnection("CreatePolicy");

        assertThatThrownBy(() -> createPolicy(singleAttempt, "dropped"))
                .isInstanceOf(SdkClientException.class);

        assertThat(emulator.policy(arn("dropped"))).isPresent();
        assertThat(emulator.callCount("CreatePolicy")).isEqualTo(1);
        assertThat(emulator.calls())
                .singleElement()
                .satisfies(
                        call -> {
                            assertThat(call.fault()).isEqualTo("dropped");
                            assertThat(call.httpStatus()).isEqualTo(200);
                        });
    }

    @Test
    void retryAfterDroppedCreateMeetsTheCommittedPolicy() {
        emulator.faults().dropConnection("CreatePolicy");

        assertThatThrownBy(() -> createPolicy(retrying, "retried"))
                .isInstanceOf(EntityAlreadyExistsException.class);

        assertThat(emulator.callCount("CreatePolicy")).isEqualTo(2);
    }

    @Test
    void clearingFaultsSendsHeldResponsesAndStopsFurtherFaults() throws Exception {
        Hold hold = emulator.faults().holdResponse("CreatePolicy");
        CompletableFuture<Policy> create = createInBackground(singleAttempt, "x");
        assertThat(hold.awaitHeld(WAIT)).isTrue();
        emulator.faults().throttleNext("*", 5);

        emulator.faults().clear();

        assertThat(create.get(WAIT.toSeconds(), TimeUnit.SECONDS).policyName()).isEqualTo("x");
        assertThat(singleAttempt.listPolicies().policies()).hasSize(1);
    }

    @Test
    void closeReleasesHeldCallsPromptly() {
        IamEmulator closing = IamEmulator.start();
        try (IamClient client = SdkClients.iamWithoutRetries(closing.endpoint())) {
            Hold hold = closing.faults().holdResponse("CreatePolicy");
            CompletableFuture<Policy> create = createInBackground(client, "held");
            assertThat(hold.awaitHeld(WAIT)).isTrue();

            long start = System.nanoTime();
            closing.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(create).failsWithin(WAIT);
        }
    }

    private List<Boolean> throttledPattern(int calls) {
        emulator.reset();
        emulator.faults().throttle("ListPolicies", 0.5, 42);
        List<Boolean> throttled = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            try {
                singleAttempt.listPolicies();
                throttled.add(false);
            } catch (IamException e) {
                throttled.add(true);
            }
        }
        return throttled;
    }

    private static CompletableFuture<Policy> createInBackground(IamClient client, String name) {
        return CompletableFuture.supplyAsync(() -> createPolicy(client, name));
    }

    private static Policy createPolicy(IamClient client, String name) {
        return client.createPolicy(r -> r.policyName(name).policyDocument(DOCUMENT)).policy();
    }

    private static String arn(String name) {
        return "arn:aws:iam::123456789012:policy/" + name;
    }
}
