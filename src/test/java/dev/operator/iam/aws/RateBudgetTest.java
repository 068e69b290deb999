package dev.operator.iam.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.aws.RateBudget.Priority;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call budget on a clock the test moves: tokens come at the budget's rate, changes go first,
 * namespaces take turns, Throttling lowers the rate and it comes back. What is asserted is who gets
 * a call and how many, never how long it took.
 */
class RateBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> served = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private void advanceSeconds(double seconds) {
        now.addAndGet((long) (seconds * 1e9));
    }

    private void waitFor(RateBudget budget, Priority priority, String key, String label) {
        threads.submit(
                () -> {
                    budget.acquire(priority, key);
                    served.add(label);
                    return null;
                });
    }

    @Test
    void spendsTheBurstAtOnceThenOneCallPerTokenAtTheRate() throws InterruptedException {
        RateBudget budget = new RateBudget(2, 3, now::get);

        for (int i = 0; i < 3; i++) {
            assertThat(budget.acquire(Priority.RESYNC, "a")).isZero();
        }
        waitFor(budget, Priority.RESYNC, "a", "fourth");
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.waiters() == 1);
        waitFor(budget, Priority.RESYNC, "a", "fifth");
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.waiters() == 2);
        assertThat(served).isEmpty();

        advanceSeconds(0.5); // one token at 2 per second
        await().atMost(Duration.ofSeconds(5)).until(() -> served.size() == 1);
        assertThat(budget.waiters()).isEqualTo(1);

        advanceSeconds(0.5);
        await().atMost(Duration.ofSeconds(5)).until(() -> served.size() == 2);
        assertThat(served).containsExactly("fourth", "fifth");
    }

    @Test
    void aChangeAUserAskedForGoesBeforeWaitingResyncs() throws InterruptedException {
        RateBudget budget = new RateBudget(1, 1, now::get);
        budget.acquire(Priority.RESYNC, "bulk");
        waitFor(budget, Priority.RESYNC, "bulk", "resync-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.waiters() == 1);
        waitFor(budget, Priority.RESYNC, "bulk", "resync-2");
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.waiters() == 2);
        waitFor(budget, Priority.CHANGE, "team-b", "change");
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.waiters() == 3);

        for (int i = 1; i <= 3; i++) {
            advanceSeconds(1); // one token: the burst is one
            int expected = i;
            await().atMost(Duration.ofSeconds(5)).until(() -> served.size() == expected);
        }

        assertThat(served).containsExactly("change", "resync-1", "resync-2");
    }

    @Test
    void namespacesTakeTurnsSoThatOneWithManyObjectsDoesNotDelayAnother()
            throws InterruptedException {
        RateBudget budget = new RateBudget(1, 1, now::get);
        budget.acquire(Priority.RESYNC, "big");
        for (int i = 1; i <= 3; i++) {
            waitFor(budget, Priority.RESYNC, "big", "big-" + i);
            int expected = i;
            await().atMost(Duration.ofSeconds(5)).until(() -> budget.waiters() == expected);
        }
        waitFor(budget, Priority.RESYNC, "small", "small-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.waiters() == 4);

        for (int i = 1; i <= 4; i++) {
            advanceSeconds(1);
            int expected = i;
            await().atMost(Duration.ofSeconds(5)).until(() -> served.size() == expected);
        }

        assertThat(served).containsExactly("big-1", "small-1", "big-2", "big-3");
    }

    @Test
    void throttlingHalvesTheRateOncePerSecondAndItRecoversGradually() {
        RateBudget budget = new RateBudget(10, 10, now::get);

        budget.throttled();
        budget.throttled(); // the answers to one burst count once
        assertThat(budget.currentRate()).isEqualTo(5);

        advanceSeconds(1.0);
        budget.throttled();
        assertThat(budget.currentRate()).isCloseTo(0.5 * (5 + 0.5), within());

        advanceSeconds(10);
        assertThat(budget.currentRate()).isCloseTo(2.75 + 5, within());
        advanceSeconds(60);
        assertThat(budget.currentRate()).isEqualTo(10);
    }

    @Test
    void neverGoesBelowOneCallInTenSeconds() {
        RateBudget budget = new RateBudget(1, 1, now::get);
        for (int i = 0; i < 20; i++) {
            budget.throttled();
            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            budget.throttled();
        }
        assertThat(budget.currentRate()).isGreaterThanOrEqualTo(RateBudget.FLOOR);
    }

    @Test
    void anInterruptedWaiterTakesNothingAndLeavesTheQueue() throws Exception {
        RateBudget budget = new RateBudget(1, 1, now::get);
        budget.acquire(Priority.RESYNC, "a");
        var waiting = threads.submit(() -> budget.acquire(Priority.RESYNC, "a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.waiters() == 1);

        waiting.cancel(true);

        await().atMost(Duration.ofSeconds(5)).until(() -> budget.waiters() == 0);
        advanceSeconds(1);
        assertThat(budget.acquire(Priority.RESYNC, "b")).isZero();
    }

    @Test
    void refusesABudgetOfZeroOrBelowAndABurstBelowOneWithTheKeyToChange() {
        assertThatThrownBy(() -> new RateBudget(0, 10))
                .hasMessageStartingWith("iam-operator.aws.max-calls-per-second is 0.0")
                .hasMessageContaining("more than 0");
        assertThatThrownBy(() -> new RateBudget(-3, 10))
                .hasMessageStartingWith("iam-operator.aws.max-calls-per-second is -3.0");
        assertThatThrownBy(() -> new RateBudget(Double.NaN, 10))
                .hasMessageStartingWith("iam-operator.aws.max-calls-per-second is NaN");
        assertThatThrownBy(() -> new RateBudget(5, 0))
                .hasMessageStartingWith("iam-operator.aws.burst is 0")
                .hasMessageContaining("at least 1");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
