package dev.operator.iam.observability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Prometheus server, started on a free loopback port with its configuration and storage in
 * a temporary directory, scraping one target every second. {@link #close} stops it and removes the
 * directory, whatever happened.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Process process;
    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Path dir, Process process, URI base) {
        this.dir = dir;
        this.process = process;
        this.base = base;
    }

    /**
     * Starts Prometheus scraping {@code target} ("host:port") at {@code metricsPath} under the job
     * name {@code job}, evaluating {@code rules}, and waits until it is ready.
     */
    static PrometheusServer start(
            Path binary, String job, String target, String metricsPath, Path rules)
            throws IOException {
        Path dir = Files.createTempDirectory("prometheus-");
        int port = freeLoopbackPort();
        Files.writeString(
                dir.resolve("prometheus.yml"),
                """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: %s
                    metrics_path: %s
                    static_configs:
                      - targets: ['%s']
                """
                        .formatted(rules.toAbsolutePath(), job, metricsPath, target));
        Process process =
                new ProcessBuilder(
                                binary.toString(),
                                "--config.file=" + dir.resolve("prometheus.yml"),
                                "--storage.tsdb.path=" + dir.resolve("data"),
                                "--web.listen-address=127.0.0.1:" + port,
                                "--log.level=warn")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
        PrometheusServer server =
                new PrometheusServer(dir, process, URI.create("http://127.0.0.1:" + port));
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> {
                                if (!process.isAlive()) {
                                    throw new AssertionError(
                                            "prometheus exited with "
                                                    + process.exitValue()
                                                    + ":\n"
                                                    + server.log());
                                }
                                return server.status("/-/ready") == 200;
                            });
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The value of an instant query that returns one series; empty when it returns none. */
    OptionalDouble value(String promql) {
        JsonNode result = api("/api/v1/query?query=" + encode(promql)).path("result");
        if (result.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (result.size() > 1) {
            throw new AssertionError(promql + " returned " + result.size() + " series: " + result);
        }
        return OptionalDouble.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }

    /** The {@code data} of a Prometheus HTTP API answer, failing on anything but success. */
    JsonNode api(String pathAndQuery) {
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(base.resolve(pathAndQuery))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new AssertionError(
                        pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The state of every alerting rule ("inactive", "pending", "firing") and its health. */
    List<JsonNode> alertingRules() {
        return api("/api/v1/rules?type=alert").path("groups").findValues("rules").stream()
                .flatMap(
                        rules ->
                                Stream.iterate(0, i -> i < rules.size(), i -> i + 1)
                                        .map(rules::get))
                .toList();
    }

    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private int status(String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(base.resolve(path))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteRecursively(dir);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; nothing depends on it being gone
        }
    }
}
