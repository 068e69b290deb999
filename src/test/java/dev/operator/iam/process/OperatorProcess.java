package dev.operator.iam.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * The packaged operator ({@code java -jar target/quarkus-app/quarkus-run.jar}) as a child process:
 * the artifact that ships, started, stopped and killed like a pod's container would be. Its log
 * goes to {@code target/process-tests/<name>-<n>.log}.
 *
 * <pre>{@code
 * try (OperatorProcess operator = OperatorProcess.builder("first")
 *         .apiServer(api.url()).awsEndpoint(emulator.endpoint()).build()) {
 *     operator.start().awaitStarted();
 *     operator.kill();
 * }
 * }</pre>
 */
public final class OperatorProcess implements AutoCloseable {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    /** How long {@link #close()} lets a SIGTERM work before it sends SIGKILL. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    /**
     * Inherited variables that could point the child at something other than what the test gave it.
     */
    private static final List<String> SCRUBBED_PREFIXES =
            List.of("QUARKUS_", "IAM_OPERATOR_", "AWS_", "KUBERNETES_", "KUBECONFIG");

    /**
     * Short-lived test and demo processes start markedly faster with C1 only and the serial
     * collector; the container image chooses its own flags.
     */
    private static final List<String> JVM_OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final int TAIL_LINES = 60;
    private static final int MAX_PROBLEM_LINES = 12;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int httpPort;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path logFile;
    private volatile Process process;

    private OperatorProcess(
            String name, int httpPort, Map<String, String> environment, List<String> jvmOptions) {
        this.name = name;
        this.httpPort = httpPort;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
        this.logFile =
                BuildOutput.processLogs().resolve(name + "-" + SEQUENCE.incrementAndGet() + ".log");
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Skips the calling test, or all tests of a class from a before-all callback, when not
     * packaged.
     */
    public static void assumePackaged() {
        Assumptions.assumeTrue(
                BuildOutput.isPackaged(),
                "the packaged operator "
                        + BuildOutput.runJar()
                        + " does not exist: process-level tests run after `./mvnw package`"
                        + " (e.g. in `./mvnw verify`)");
    }

    /** Starts the process; returns at once (see {@link #awaitStarted()}). */
    public synchronized OperatorProcess start() {
        if (process != null) {
            throw new IllegalStateException(this + " was already started");
        }
        if (!BuildOutput.isPackaged()) {
            throw new IllegalStateException(
                    BuildOutput.runJar() + " does not exist: run ./mvnw package first");
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", BuildOutput.runJar().toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(BuildOutput.projectDir().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(logFile.toFile());
        builder.environment()
                .keySet()
                .removeIf(key -> SCRUBBED_PREFIXES.stream().anyMatch(key::startsWith));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + this, e);
        }
        return this;
    }

    public OperatorProcess awaitStarted() {
        return awaitStarted(DEFAULT_START_TIMEOUT);
    }

    /**
     * Waits until {@code /q/health/ready} answers 200 (UP): the informers have synced and the
     * operator reconciles. Fails at once, with the log tail, if the process dies first.
     */
    public OperatorProcess awaitStarted(Duration timeout) {
        Process p = started();
        try {
            // connection refused until Quarkus listens
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> isReady(p));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(describe(name + " was not ready within " + timeout), e);
        }
        return this;
    }

    private boolean isReady(Process p) {
        if (!p.isAlive()) {
            throw new IllegalStateException(
                    describe(name + " exited with code " + p.exitValue() + " before it was ready"));
        }
        return get("/q/health/ready").statusCode() == 200;
    }

    /** SIGKILL, as the OOM killer or a lost node would do it; waits until the process is gone. */
    public void kill() {
        Process p = started();
        p.destroyForcibly();
        waitFor(p, CLOSE_GRACE);
    }

    /**
     * SIGTERM, as Kubernetes does when it stops a pod; returns at once (see {@link #awaitExit}).
     */
    public OperatorProcess terminate() {
        started().destroy();
        return this;
    }

    /**
     * @return the exit code, or empty if the process still runs after {@code timeout}
     */
    public OptionalInt awaitExit(Duration timeout) {
        waitFor(started(), timeout);
        return exitCode();
    }

    /** Blocks until the process exits, however long that takes; returns its exit code. */
    public int waitUntilExited() throws InterruptedException {
        return started().waitFor();
    }

    /** The exit code, or empty while the process runs. */
    public OptionalInt exitCode() {
        Process p = started();
        return p.isAlive() ? OptionalInt.empty() : OptionalInt.of(p.exitValue());
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating system's id of the running process (for /proc, jcmd). */
    public long pid() {
        return started().pid();
    }

    /** The Prometheus text of {@code /q/metrics}. */
    public String metrics() {
        HttpResponse<String> response = get("/q/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET /q/metrics of " + name + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The JSON body of {@code /q/health/ready}, whatever its status (503 while DOWN). */
    public String readiness() {
        return get("/q/health/ready").body();
    }

    /** The last {@code lines} lines of the process's output. */
    public List<String> logTail(int lines) {
        List<String> all = logLines();
        return new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private List<String> logLines() {
        if (!Files.exists(logFile)) {
            return List.of();
        }
        try {
            // new String(...) replaces malformed bytes instead of failing on them
            return new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(cannot read " + logFile + ": " + e + ")");
        }
    }

    public Path logFile() {
        return logFile;
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<port>}: health, metrics. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** Stops the process if it runs: SIGTERM, then SIGKILL after a grace period. Idempotent. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(process, CLOSE_GRACE)) {
            process.destroyForcibly();
            waitFor(process, CLOSE_GRACE);
        }
    }

    @Override
    public String toString() {
        return "operator process " + name + " (port " + httpPort + ", log " + logFile + ")";
    }

    /**
     * {@code message}, then the log's ERROR and {@code Caused by} lines (the root cause of a failed
     * start sits deep in a stack trace), then its last lines: what a failing test should print.
     */
    public String describe(String message) {
        List<String> problems =
                logLines().stream()
                        .filter(line -> line.contains(" ERROR ") || line.startsWith("Caused by:"))
                        .limit(MAX_PROBLEM_LINES)
                        .toList();
        StringBuilder out = new StringBuilder(message).append('\n');
        if (!problems.isEmpty()) {
            out.append("--- errors in ")
                    .append(logFile)
                    .append(" ---\n")
                    .append(String.join("\n", problems))
                    .append('\n');
        }
        return out.append("--- last lines of ")
                .append(logFile)
                .append(" ---\n")
                .append(String.join("\n", logTail(TAIL_LINES)))
                .toString();
    }

    private HttpResponse<String> get(String path) {
        HttpRequest request =
                HttpRequest.newBuilder(baseUri().resolve(path))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " of " + name + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Process started() {
        if (process == null) {
            throw new IllegalStateException(this + " was not started");
        }
        return process;
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The {@code java} running this JVM, so the operator runs on the JDK the build uses. */
    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .filter(command -> Path.of(command).getFileName().toString().startsWith("java"))
                .orElseGet(
                        () -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** What the operator talks to, and anything else it should be configured with. */
    public static final class Builder {

        private final String name;
        private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
        private String apiServerUrl;
        private URI awsEndpoint;
        private int httpPort;
        private List<String> jvmOptions = JVM_OPTIONS;

        private Builder(String name) {
            this.name = name;
        }

        /** The Kubernetes API server, e.g. {@link MockApiServer#url()}. */
        public Builder apiServer(String url) {
            this.apiServerUrl = url;
            return this;
        }

        /** IAM and STS endpoint, e.g. the emulator's. */
        public Builder awsEndpoint(URI endpoint) {
            this.awsEndpoint = endpoint;
            return this;
        }

        /** Fixed HTTP port for health and metrics; default: a free ephemeral port. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /**
         * An environment variable, e.g. {@code IAM_OPERATOR_RESYNC_INTERVAL}; wins over the
         * defaults.
         */
        public Builder env(String key, String value) {
            extraEnvironment.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            extraEnvironment.putAll(variables);
            return this;
        }

        /**
         * The JVM's options instead of the fast-starting defaults (C1 only, serial GC), e.g. to
         * measure memory with the settings of a deployment.
         */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Not started yet: see {@link OperatorProcess#start()}. */
        public OperatorProcess build() {
            if (apiServerUrl == null || awsEndpoint == null) {
                throw new IllegalStateException(
                        "an operator process needs apiServer(...) and awsEndpoint(...)");
            }
            int port = httpPort > 0 ? httpPort : freePort();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiServerUrl);
            env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
            // Nothing from a developer's kubeconfig or a CI pod's service account may leak in.
            env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
            env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.put("IAM_OPERATOR_AWS_ENDPOINT_OVERRIDE", awsEndpoint.toString());
            env.put("IAM_OPERATOR_AWS_STS_ENDPOINT_OVERRIDE", awsEndpoint.toString());
            env.put("IAM_OPERATOR_AWS_CALL_TIMEOUT", "5s");
            // The process tests predate tenancy: every namespace privileged, unless a test says.
            env.put("IAM_OPERATOR_TENANCY_UNSELECTED_NAMESPACES", "privileged");
            env.put("AWS_ACCESS_KEY_ID", "test");
            env.put("AWS_SECRET_ACCESS_KEY", "test");
            env.putAll(extraEnvironment);
            return new OperatorProcess(name, port, env, jvmOptions);
        }
    }
}
