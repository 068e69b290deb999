package dev.operator.iam.accesskey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.emulator.AccessKeySnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rotation: at {@code period} a new key goes into the Secret, the old one stays for {@code overlap}
 * and is then deleted; never a third key; it is the spec applied, not drift, so it happens under
 * {@code drift-policy: report} too.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class AccessKeyRotationTest extends AccessKeyTestSupport {

    @Test
    void rotatesAtThePeriodKeepsTheOldKeyForTheOverlapThenDeletesIt() {
        String user = readyUser("rotating");
        apply(
                accessKey(
                        "rotating-key",
                        s -> {
                            s.setUserName(user);
                            AccessKeySpec.Rotation r = new AccessKeySpec.Rotation();
                            r.setPeriod("6s");
                            r.setOverlap("3s");
                            s.setRotation(r);
                        },
                        Map.of(ResourcePolicies.DRIFT_POLICY, "report")));
        String first =
                keys.awaitReady("rotating-key", true, "Created").getStatus().getAccessKeyId();

        // rotated: the Secret holds a new key, the first is kept as the previous one
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            AccessKeyStatus s = keys.get("rotating-key").getStatus();
                            return first.equals(s.getPreviousAccessKeyId())
                                    && awsKeys(user).size() == 2;
                        });
        AccessKeyStatus rotated = keys.get("rotating-key").getStatus();
        String second = rotated.getAccessKeyId();
        assertThat(second).isNotEqualTo(first);
        assertThat(value(secret("rotating-key"), "AWS_ACCESS_KEY_ID")).isEqualTo(second);
        assertThat(value(secret("rotating-key"), "AWS_SECRET_ACCESS_KEY"))
                .isEqualTo(
                        awsKeys(user).stream()
                                .filter(k -> k.accessKeyId().equals(second))
                                .findFirst()
                                .orElseThrow()
                                .secretAccessKey());

        // after the overlap the first key is deleted; the second stays
        await().atMost(TIMEOUT)
                .until(() -> awsKeys(user).stream().noneMatch(k -> k.accessKeyId().equals(first)));
        assertThat(awsKeys(user)).extracting(AccessKeySnapshot::accessKeyId).contains(second);
        assertThat(
                        emulator().calls().stream()
                                .filter(c -> c.action().equals("CreateAccessKey"))
                                .filter(c -> "LimitExceeded".equals(c.errorCode())))
                .as("never a third key asked for")
                .isEmpty();
        assertThat(keys.get("rotating-key").getStatus().getDrift()).isEmpty();
    }

    @Test
    void anOverlapAsLongAsThePeriodIsInvalid() {
        String user = readyUser("overlapping");

        createAccessKey(
                "overlapping-key",
                s -> {
                    s.setUserName(user);
                    AccessKeySpec.Rotation r = new AccessKeySpec.Rotation();
                    r.setPeriod("1d");
                    r.setOverlap("24h");
                    s.setRotation(r);
                });

        AccessKey invalid = keys.awaitReady("overlapping-key", false, "InvalidSpec");
        assertThat(readyOf(invalid).orElseThrow().getMessage())
                .contains("overlap must be shorter than spec.rotation.period");
        keys.awaitRevalidated("overlapping-key");
        assertThat(calls(user, "CreateAccessKey")).isZero();
    }
}
