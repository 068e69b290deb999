package dev.operator.iam.process;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Catches the next request to the {@link MockApiServer} that matches, and does not apply it: from
 * the API server's point of view the request never happened. Either it is not answered either, and
 * the client sits waiting (killing the client then reproduces "died just before this write landed"
 * exactly, without racing a timer; {@link MockApiServer#trapNext}), or it is answered with an error
 * such as 409 Conflict ({@link MockApiServer#answerNext}).
 */
public final class RequestTrap {

    private final String description;
    private final Predicate<ApiRequest> matcher;
    private final int status;
    private final String body;
    private final AtomicReference<ApiRequest> caught = new AtomicReference<>();
    private final CountDownLatch sprung = new CountDownLatch(1);

    /**
     * @param status the HTTP status to answer with, or 0 to answer never
     */
    RequestTrap(String description, Predicate<ApiRequest> matcher, int status, String body) {
        this.description = description;
        this.matcher = matcher;
        this.status = status;
        this.body = body;
    }

    /** The status to answer the caught request with; 0: no answer. */
    int status() {
        return status;
    }

    String body() {
        return body;
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
