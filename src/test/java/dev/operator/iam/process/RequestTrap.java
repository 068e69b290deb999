package dev.operator.iam.process;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Catches the next request to the {@link MockApiServer} that matches, and neither applies nor
 * answers it: from the API server's point of view the request never happened, while the client sits
 * waiting for an answer. Killing the client then reproduces "died just before this write landed"
 * exactly, without racing a timer. Obtained from {@link MockApiServer#trapNext}.
 */
public final class RequestTrap {

    private final String description;
    private final Predicate<ApiRequest> matcher;
    private final AtomicReference<ApiRequest> caught = new AtomicReference<>();
    private final CountDownLatch sprung = new CountDownLatch(1);

    RequestTrap(String description, Predicate<ApiRequest> matcher) {
        this.description = description;
        this.matcher = matcher;
    }

    /**
     * @return {@code true} once a matching request was caught
     */
    public boolean awaitSprung(Duration timeout) {
        try {
            return sprung.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The caught request, or {@code null} while the trap is still set. */
    public ApiRequest caught() {
        return caught.get();
    }

    /**
     * Claims {@code request} if it matches and the trap is still set. Called on the server's event
     * loop, so it must not block; a matcher that throws simply does not match.
     */
    boolean tryCatch(ApiRequest request) {
        boolean matches;
        try {
            matches = matcher.test(request);
        } catch (RuntimeException e) {
            matches = false;
        }
        if (matches && caught.compareAndSet(null, request)) {
            sprung.countDown();
            return true;
        }
        return false;
    }

    boolean isSprung() {
        return caught.get() != null;
    }

    @Override
    public String toString() {
        return "trap for " + description + (isSprung() ? " (sprung: " + caught.get() + ")" : "");
    }
}
