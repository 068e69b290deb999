package dev.operator.iam.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResyncSlotsTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @Test
    void halfTheReconcileThreadsRunResyncsTheRestAreTurnedAway() {
        ResyncSlots slots = new ResyncSlots(10, 10, TEN_MINUTES);

        for (int i = 0; i < 5; i++) {
            assertThat(slots.tryEnter("uid-" + i)).as("slot %d", i).isTrue();
        }
        assertThat(slots.tryEnter("uid-5")).as("the sixth resync").isFalse();
        assertThat(slots.waiting()).isEqualTo(1);

        slots.exit(Duration.ofMillis(100));
        assertThat(slots.tryEnter("uid-5")).as("a slot was given back").isTrue();
        assertThat(slots.waiting()).as("it no longer waits").isZero();
    }

    @Test
    void oneThreadStillGetsOneSlot() {
        ResyncSlots slots = new ResyncSlots(1, 10, TEN_MINUTES);

        assertThat(slots.tryEnter("a")).isTrue();
        assertThat(slots.tryEnter("b")).isFalse();
    }

    @Test
    void theDelayIsWhatTheResyncsWaitingTakeAtThePaceResyncsRunNow() {
        ResyncSlots slots = new ResyncSlots(2, 10, TEN_MINUTES);
        slots.tryEnter("running");
        assertThat(slots.retryDelay())
                .as("none waiting: half a second, spread")
                .isBetween(Duration.ofMillis(250), Duration.ofMillis(750));

        for (int i = 0; i < 1000; i++) {
            slots.tryEnter("waiting-" + i);
        }
        // one slot, a resync taking one call at 10 calls/s: 1,000 waiting take about 100 s
        assertThat(slots.retryDelay()).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(150));

        // resyncs answered by the account snapshot take milliseconds: the delay shrinks with them
        for (int i = 0; i < 50; i++) {
            slots.exit(Duration.ofMillis(2));
            slots.tryEnter("running");
        }
        assertThat(slots.retryDelay()).isLessThan(Duration.ofSeconds(4));

        slots.forget("waiting-0");
        assertThat(slots.waiting()).isEqualTo(999);
    }

    @Test
    void theDelayNeverExceedsFiveMinutes() {
        ResyncSlots slots = new ResyncSlots(2, 0.1, TEN_MINUTES);
        slots.tryEnter("running");
        for (int i = 0; i < 100; i++) {
            slots.tryEnter("waiting-" + i);
        }

        assertThat(slots.retryDelay()).isLessThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aResyncIsNeverPutOffLongerThanOneResyncInterval() {
        ResyncSlots slots = new ResyncSlots(2, 0.1, Duration.ofSeconds(30));
        slots.tryEnter("running");
        for (int i = 0; i < 100; i++) {
            slots.tryEnter("waiting-" + i);
        }

        // 100 waiting at 10 s each through one slot would be 1,000 s
        assertThat(slots.retryDelay()).isEqualTo(Duration.ofSeconds(30));
    }
}
