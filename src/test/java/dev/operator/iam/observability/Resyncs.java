package dev.operator.iam.observability;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.policy.Policy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/** Waiting for resyncs by what they leave behind, never by sleeping. */
final class Resyncs {

    private Resyncs() {}

    /**
     * Waits until the operator has observed the object in AWS {@code n} more times: every
     * observation writes a new {@code status.lastSyncTime}.
     */
    static void awaitObserved(Supplier<Policy> object, int n, Duration atMost) {
        Set<String> seen = new HashSet<>();
        seen.add(object.get().getStatus().getLastSyncTime());
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            seen.add(object.get().getStatus().getLastSyncTime());
                            return seen.size() > n;
                        });
    }
}
