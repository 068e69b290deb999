package dev.operator.iam.emulator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A response held back after its call was executed, as when AWS commits a change but the answer is
 * lost or late. Obtained from {@link Faults#holdResponse(String)}; applies to the next call of that
 * action. Releasing before the call arrives lets it through without waiting.
 */
public final class Hold {

    private final CountDownLatch held = new CountDownLatch(1);

    /** {@code true}: send the response; {@code false}: close the connection instead. */
    private final CompletableFuture<Boolean> decision = new CompletableFuture<>();

    Hold() {}

    /**
     * @return {@code true} once a call has been executed (its state committed) and its response is
     *     held
     */
    public boolean awaitHeld(Duration timeout) {
        try {
            return held.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends the held response, if the client is still waiting for it. */
    public void release() {
        decision.complete(true);
    }

    /** Closes the held call's connection without a response. */
    public void releaseWithDrop() {
        decision.complete(false);
    }

    /**
     * Called on the connection thread once the call is committed; blocks until released. Every hold
     * is eventually released: by the test, by {@link Faults#clear()} or when the emulator closes.
     *
     * @return {@code true} to send the response, {@code false} to drop the connection
     */
    boolean holdUntilReleased() {
        held.countDown();
        return decision.join();
    }
}
