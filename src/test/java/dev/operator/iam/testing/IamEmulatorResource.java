package dev.operator.iam.testing;

import dev.operator.iam.emulator.IamEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Points the operator under test at the built-in IAM emulator, or at an external IAM endpoint
 * (LocalStack, moto) named by {@code IAM_OPERATOR_TEST_ENDPOINT}; {@link #backend()} arranges and
 * inspects either.
 *
 * <p>Quarkus starts this resource several times in a run (once per test class, as they are
 * annotated now). Each start brings a new, empty emulator; an external endpoint outlives classes
 * and runs, so each start deletes every customer managed policy of its account, and the tests'
 * fixed policy names meet an equally empty account. That is why AWS's own endpoints are refused.
 * What only the emulator can do is then unavailable: {@link #emulator()} (fault injection, the
 * encoding of documents) skips the calling test, and {@link #builtInEmulator()} (its call log) is
 * empty.
 */
public class IamEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(IamEmulatorResource.class);

    private static volatile IamEmulator emulator;
    private static volatile IamBackend backend;
    private static volatile URI endpoint;

    @Override
    public Map<String, String> start() {
        AwsBasicCredentials credentials = SdkBackend.environmentCredentials();
        Optional<URI> external = IamEmulator.externalEndpoint();
        if (external.isPresent()) {
            endpoint = refuseAws(external.get());
            SdkBackend sdk = SdkBackend.connect(endpoint, credentials);
            try {
                int deleted = sdk.deleteAllPolicies();
                LOG.infof(
                        "IAM tests run against %s (account %s); deleted %d policies left by earlier"
                                + " tests",
                        endpoint, sdk.accountId(), deleted);
            } catch (RuntimeException e) {
                sdk.close();
                throw new IllegalStateException(
                        "cannot empty the account at "
                                + endpoint
                                + ", which "
                                + IamEmulator.EXTERNAL_ENDPOINT_ENV
                                + " names",
                        e);
            }
            backend = sdk;
        } else {
            emulator = IamEmulator.start();
            endpoint = emulator.endpoint();
            backend = new EmulatorBackend(emulator);
        }
        // The SDK's default credential chain, which the operator uses, reads these system
        // properties first.
        System.setProperty("aws.accessKeyId", credentials.accessKeyId());
        System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
        return Map.of(
                "iam-operator.aws.endpoint-override", endpoint.toString(),
                "iam-operator.aws.sts-endpoint-override", endpoint.toString(),
                "iam-operator.aws.call-timeout", "5s");
    }

    @Override
    public void stop() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    /** The AWS account the operator works on, whichever endpoint it is. */
    public static IamBackend backend() {
        IamBackend current = backend;
        if (current == null) {
            throw new IllegalStateException(
                    "the IAM endpoint is not started: is the test annotated with "
                            + "@WithTestResource(IamEmulatorResource.class)?");
        }
        return current;
    }

    /** The built-in emulator; skips the calling test when running against an external endpoint. */
    public static IamEmulator emulator() {
        Optional<IamEmulator> builtIn = builtInEmulator();
        Assumptions.assumeTrue(
                builtIn.isPresent(),
                () ->
                        "needs the built-in IAM emulator (fault injection "
                                + "or document encoding), but "
                                + IamEmulator.EXTERNAL_ENDPOINT_ENV
                                + " points the tests at "
                                + endpoint);
        return builtIn.get();
    }

    /** The built-in emulator, empty when running against an external endpoint. */
    public static Optional<IamEmulator> builtInEmulator() {
        return Optional.ofNullable(emulator);
    }

    public static URI endpoint() {
        return endpoint;
    }

    private static URI refuseAws(URI external) {
        String host = Optional.ofNullable(external.getHost()).orElse("").toLowerCase(Locale.ROOT);
        if (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn")) {
            throw new IllegalStateException(
                    IamEmulator.EXTERNAL_ENDPOINT_ENV
                            + " must name an emulator "
                            + "such as LocalStack or moto, not AWS ("
                            + external
                            + "): the tests delete every "
                            + "customer managed policy of the account");
        }
        return external;
    }
}
