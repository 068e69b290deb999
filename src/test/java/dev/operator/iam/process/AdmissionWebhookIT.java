package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator serves the admission webhook over HTTPS exactly as the chart configures it:
 * a PEM certificate and key from the webhook Secret's mount, through the TLS registry, on its own
 * port beside plain HTTP for metrics and health.
 */
class AdmissionWebhookIT {

    @RegisterExtension
    static final ProcessTestEnvironment env = new ProcessTestEnvironment(Map.of());

    @TempDir Path dir;

    @Test
    void servesTheWebhookOverHttpsWithThePemCertificateTheChartMounts() throws Exception {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        selfSigned(cert, key);
        int httpsPort;
        try (ServerSocket free = new ServerSocket(0)) {
            httpsPort = free.getLocalPort();
        }
        env.startOperator(
                "webhook",
                Map.of(
                        "QUARKUS_TLS_KEY_STORE_PEM_WEBHOOK_CERT", cert.toString(),
                        "QUARKUS_TLS_KEY_STORE_PEM_WEBHOOK_KEY", key.toString(),
                        "QUARKUS_HTTP_SSL_PORT", String.valueOf(httpsPort),
                        "QUARKUS_HTTP_INSECURE_REQUESTS", "enabled"));

        String review =
                """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
                 "uid":"u-1","operation":"CREATE","namespace":"team-a",
                 "kind":{"group":"iam.operator.dev","version":"v1alpha1","kind":"Policy"},
                 "object":{"apiVersion":"iam.operator.dev/v1alpha1","kind":"Policy",
                  "metadata":{"name":"p","namespace":"team-a"},
                  "spec":{"policyDocument":"{not json"}}}}
                """;
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "https://127.0.0.1:" + httpsPort + "/admission/validate"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(review))
                        .build();
        HttpClient client = trustingClient();
        // The HTTPS listener opens beside the HTTP one the start-up check waited for: retry the
        // connection (not the answer) until it accepts.
        AtomicReference<HttpResponse<String>> received = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(java.io.IOException.class)
                .until(
                        () -> {
                            received.set(
                                    client.send(request, HttpResponse.BodyHandlers.ofString()));
                            return true;
                        });
        HttpResponse<String> answer = received.get();

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode response = new ObjectMapper().readTree(answer.body()).get("response");
        assertThat(response.get("uid").asText()).isEqualTo("u-1");
        assertThat(response.get("allowed").asBoolean()).isFalse();
        assertThat(response.at("/status/message").asText())
                .startsWith("InvalidSpec: ")
                .contains("spec.policyDocument is not valid JSON");
    }

    /** A self-signed certificate and its key, as PEM files, made with the JDK's keytool. */
    private void selfSigned(Path cert, Path key) throws Exception {
        Path store = dir.resolve("ks.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p =
                new ProcessBuilder(
                                keytool.toString(),
                                "-genkeypair",
                                "-alias",
                                "webhook",
                                "-keyalg",
                                "RSA",
                                "-keysize",
                                "2048",
                                "-dname",
                                "CN=localhost",
                                "-ext",
                                "SAN=dns:localhost,ip:127.0.0.1",
                                "-validity",
                                "1",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                "changeit",
                                "-keypass",
                                "changeit")
                        .redirectErrorStream(true)
                        .start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        X509Certificate certificate = (X509Certificate) ks.getCertificate("webhook");
        PrivateKey privateKey = (PrivateKey) ks.getKey("webhook", "changeit".toCharArray());
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }

    /** The test's own certificate is self-signed: trust whatever the operator presents. */
    private static HttpClient trustingClient() throws Exception {
        TrustManager[] trustAll = {
            new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustAll, null);
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
    }
}
