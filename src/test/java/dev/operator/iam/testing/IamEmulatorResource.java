package dev.operator.iam.testing;

import dev.operator.iam.emulator.IamEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Points the operator under test at the IAM emulator, or at an external IAM endpoint (LocalStack,
 * moto) when {@code IAM_OPERATOR_TEST_ENDPOINT} is set; tests that need fault injection or the
 * emulator's inspection API then skip.
 */
public class IamEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private static volatile IamEmulator emulator;
    private static volatile URI endpoint;

    @Override
    public Map<String, String> start() {
        endpoint = IamEmulator.externalEndpoint().orElseGet(() -> {
            emulator = IamEmulator.start();
            return emulator.endpoint();
        });
        // The SDK's default credential chain reads these system properties first.
        System.setProperty("aws.accessKeyId", System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test"));
        System.setProperty("aws.secretAccessKey", System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"));
        return Map.of(
                "iam-operator.aws.endpoint-override", endpoint.toString(),
                "iam-operator.aws.sts-endpoint-override", endpoint.toString(),
                "iam-operator.aws.call-timeout", "5s");
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    /** The built-in emulator; skips the calling test when running against an external endpoint. */
    public static IamEmulator emulator() {
        Assumptions.assumeTrue(emulator != null, "needs the built-in IAM emulator (IAM_OPERATOR_TEST_ENDPOINT is set)");
        return emulator;
    }

    public static URI endpoint() {
        return endpoint;
    }
}
