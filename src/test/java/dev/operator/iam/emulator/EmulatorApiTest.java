package dev.operator.iam.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * What every test of the emulator's IAM API shares: one emulator per test class, reached through
 * the real AWS SDK without retries (every error surfaces on the first attempt), reset after each
 * test.
 */
abstract class EmulatorApiTest {

    static IamEmulator emulator;
    static IamClient iam;

    @BeforeAll
    static void startEmulator() {
        emulator = IamEmulator.start();
        iam = SdkClients.iamWithoutRetries(emulator.endpoint());
    }

    @AfterEach
    void resetEmulator() {
        emulator.reset();
    }

    @AfterAll
    static void stopEmulator() {
        iam.close();
        emulator.close();
    }
}
