package dev.operator.iam.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * What the account scan leaves out (policy tags, a role's Description) read every hour instead of
 * every 6 s, so that no read of it at its own cadence falls into a test's waits: for tests that
 * prove when it is not read.
 */
public class SlowUnscannedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("iam-operator.unscanned-resync-interval", "1h");
    }
}
