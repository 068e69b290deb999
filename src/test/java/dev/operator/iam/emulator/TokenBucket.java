package dev.operator.iam.emulator;

import java.util.function.LongSupplier;

/**
 * IAM's request quota as AWS describes it: a token bucket per account, refilled at a steady rate up
 * to a burst, one token per request; a request that finds it empty is answered {@code Throttling}
 * (HTTP 400, "Rate exceeded") and not executed. AWS does not publish IAM's rates, so the emulator
 * takes them as parameters. The clock is injectable, so that tests are deterministic.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long lastRefill;

    /**
     * Starts full.
     *
     * @param ratePerSecond tokens added per second, more than 0
     * @param burst capacity, at least 1
     * @param nanoTime a monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
     */
    TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException(
                    "a token bucket's rate must be more than 0 per second: " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException(
                    "a token bucket's burst must be at least 1: " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.lastRefill = nanoTime.getAsLong();
    }

    /** Takes a token if there is one. */
    synchronized boolean tryTake() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastRefill) / NANOS_PER_SECOND * ratePerSecond);
        lastRefill = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    double ratePerSecond() {
        return ratePerSecond;
    }

    int burst() {
        return (int) burst;
    }
}
