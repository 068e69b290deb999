package dev.operator.iam.nativeimage;

import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.process.MockApiServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the packaged operator under {@code @QuarkusIntegrationTest} talks to: the IAM emulator and
 * the fabric8 mock API server, both in the test JVM, with the generated CRDs installed as the chart
 * installs them. The returned settings reach the launched executable (native or JVM) as {@code -D}
 * system properties; the AWS SDK reads its credentials from {@code aws.accessKeyId} / {@code
 * aws.secretAccessKey}.
 */
public class PackagedOperatorEnvironment implements QuarkusTestResourceLifecycleManager {

    private static volatile IamEmulator emulator;
    private static volatile MockApiServer api;

    static IamEmulator emulator() {
        return emulator;
    }

    static MockApiServer api() {
        return api;
    }

    @Override
    public Map<String, String> start() {
        emulator = IamEmulator.start();
        api = MockApiServer.start();
        api.installCrds();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.kubernetes-client.api-server-url", api.url());
        config.put("quarkus.kubernetes-client.trust-certs", "true");
        // Nothing from a developer's kubeconfig or a CI pod's service account may leak in.
        config.put("kubernetes.auth.tryKubeConfig", "false");
        config.put("kubernetes.auth.tryServiceAccount", "false");
        config.put("iam-operator.aws.endpoint-override", emulator.endpoint().toString());
        config.put("iam-operator.aws.sts-endpoint-override", emulator.endpoint().toString());
        config.put("iam-operator.aws.call-timeout", "5s");
        config.put("iam-operator.resync-interval", "2s");
        // Predates tenancy: every namespace privileged (design.md's default is deny).
        config.put("iam-operator.tenancy.unselected-namespaces", "privileged");
        config.put("aws.accessKeyId", "test");
        config.put("aws.secretAccessKey", "test");
        return config;
    }

    @Override
    public void stop() {
        // the emulator first: it drops held calls, so no operator connection waits on it
        try {
            if (emulator != null) {
                emulator.close();
            }
        } finally {
            if (api != null) {
                api.close();
            }
        }
    }
}
