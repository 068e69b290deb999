package dev.operator.iam.emulator;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every call meets, whatever the faults: IAM's request quota (an optional {@link TokenBucket}
 * over every IAM call, STS excluded) and a fixed latency (the round trip to IAM), both set when the
 * emulator starts and kept by {@link IamEmulator#reset()}. Calls the bucket refuses are recorded
 * with fault {@value #RATE_EXCEEDED} and counted.
 */
final class Pace {

    /** The {@link RecordedCall#fault()} of a call the token bucket answered with Throttling. */
    static final String RATE_EXCEEDED = "rate-exceeded";

    /** Sleeps for a duration; false if interrupted (the emulator is closing). */
    @FunctionalInterface
    interface Sleeper {
        boolean sleep(Duration duration);
    }

    static final Sleeper THREAD_SLEEP =
            duration -> {
                try {
                    Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            };

    private final Optional<TokenBucket> bucket;
    private final Duration latency;
    private final Sleeper sleeper;
    private final AtomicLong rateExceeded = new AtomicLong();

    Pace(Optional<TokenBucket> bucket, Duration latency, Sleeper sleeper) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        this.bucket = bucket;
        this.latency = latency;
        this.sleeper = sleeper;
    }

    /** Whether the quota allows one more IAM call now; counts the refusals. */
    boolean admit() {
        if (bucket.isEmpty() || bucket.get().tryTake()) {
            return true;
        }
        rateExceeded.incrementAndGet();
        return false;
    }

    Duration latency() {
        return latency;
    }

    boolean sleep(Duration duration) {
        return sleeper.sleep(duration);
    }

    long rateExceeded() {
        return rateExceeded.get();
    }

    void clearCount() {
        rateExceeded.set(0);
    }

    Optional<TokenBucket> bucket() {
        return bucket;
    }
}
