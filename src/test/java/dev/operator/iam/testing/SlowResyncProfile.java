package dev.operator.iam.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Resyncs far beyond every wait of a test (10 minutes instead of 2 s), for tests that prove the
 * operator converges on watch events alone (references becoming Ready), so that no resync can
 * explain the convergence. One class for all such tests: Quarkus restarts for each distinct
 * profile.
 */
public class SlowResyncProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("iam-operator.resync-interval", "10m");
    }
}
