package dev.operator.iam.demo;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.process.BuildOutput;
import dev.operator.iam.process.MockApiServer;
import dev.operator.iam.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The sandbox: an IAM emulator and a Kubernetes API server (the fabric8 mock server, with the
 * discovery, OpenAPI and tables kubectl needs) in this JVM, the packaged operator as a child
 * process, a {@linkplain Tour tour} of {@code examples/} or the user's own files applied to it, and
 * a kubeconfig for kubectl.
 *
 * <pre>
 * ./mvnw -q -Pdemo -DskipTests package exec:java                                 # runs until Ctrl-C
 * ./mvnw -q -Pdemo -DskipTests package exec:java -Ddemo.exit-after-status=true   # exits after the tour
 * </pre>
 *
 * System properties: {@value #PORT_PROPERTY} (HTTP port of the operator, default 8080), {@value
 * #EXIT_PROPERTY} (exit after the last table; fails when an object never got a Ready condition),
 * and those of {@link DemoOptions} (files to apply, the tour, the operator's settings).
 */
public final class EmbeddedDemo implements AutoCloseable {

    static final String PORT_PROPERTY = "demo.http.port";
    static final String EXIT_PROPERTY = "demo.exit-after-status";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String RESYNC_VARIABLE = "IAM_OPERATOR_RESYNC_INTERVAL";
    private static final String SANDBOX_RESYNC = "5s";

    static final Path EXAMPLES = BuildOutput.projectDir().resolve("examples");

    /** Written at every start, for kubectl. */
    static final Path KUBECONFIG = BuildOutput.projectDir().resolve("target/sandbox/kubeconfig");

    /**
     * SIGTERM lets the operator drain its AWS calls (20 s by default) before this demo gives up.
     */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final int httpPort;
    private final DemoOptions options;
    private final PrintStream out;
    private IamEmulator emulator;
    private MockApiServer api;
    private OperatorProcess operator;

    /** Every operator process started, the one killed by the tour too, so that none outlives us. */
    private final List<OperatorProcess> processes = new CopyOnWriteArrayList<>();

    private boolean closed;
    private volatile boolean closing;

    EmbeddedDemo(int httpPort, DemoOptions options, PrintStream out) {
        this.httpPort = httpPort;
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedDemo demo =
                new EmbeddedDemo(
                        Integer.getInteger(PORT_PROPERTY, 8080),
                        DemoOptions.from(System.getProperties(), System.getenv(), EXAMPLES),
                        System.out);
        // Ctrl-C: the JVM runs this hook, which stops the operator (SIGTERM) and then the servers.
        Thread hook = new Thread(demo::close, "embedded-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.run(Boolean.getBoolean(EXIT_PROPERTY));
        } finally {
            demo.close();
            removeShutdownHook(hook);
        }
    }

    /**
     * Runs the sandbox (the tour, if asked), then serves until the operator stops, or returns after
     * the last screen if {@code exitAfterStatus}.
     */
    void run(boolean exitAfterStatus) throws InterruptedException {
        checkPrerequisites();
        Path examplesDir = EXAMPLES;
        emulator = IamEmulator.start();
        api = MockApiServer.start();
        api.installCrds();
        Path kubeconfig = Kubeconfig.write(KUBECONFIG, api.url());
        underThePlatformTenantPolicy();
        ExampleObjects examples = new ExampleObjects(api.client());
        out.println(
                "Operator settings: "
                        + (options.operatorSettings().isEmpty()
                                ? "defaults"
                                : String.join(", ", settingsShown(options)))
                        + "; resync every "
                        + resync(options)
                        + ".");

        Tour tour =
                options.tour()
                        ? new Tour(
                                emulator,
                                api.client(),
                                examples,
                                examplesDir,
                                name -> operatorProcess(name, options),
                                tourTimeout(options),
                                out)
                        : null;
        if (tour != null) {
            operator = tour.killedBetweenCreateAndAnswer();
            tour.refusedThenAdopted();
            tour.screen(3, "Everything else in examples/");
        } else {
            operator = operatorProcess("demo", options);
            out.println("Starting the operator (" + BuildOutput.runJar() + ") ...");
            operator.start().awaitStarted();
        }
        List<HasMetadata> applied = examples.applyAll(options.files());
        out.println(
                "Applied "
                        + applied.size()
                        + " objects from "
                        + options.files().stream().map(EmbeddedDemo::shown).toList()
                        + "; waiting up to "
                        + READY_TIMEOUT.toSeconds()
                        + " s for their Ready conditions ...");
        StatusTable table = awaitReadyConditions(examples);
        out.print(table.render());
        if (tour != null) {
            tour.driftRevertedAndReported(resync(options));
            tour.tenantAttackRefused();
        }
        out.println();
        out.println("Operator log:   " + BuildOutput.projectDir().relativize(operator.logFile()));
        if (exitAfterStatus) {
            if (!table.everyRowHasAReadyCondition()) {
                throw new IllegalStateException(
                        "some objects never got a Ready condition within "
                                + READY_TIMEOUT.toSeconds()
                                + " s; see "
                                + operator.logFile());
            }
            return;
        }
        printEndpoints(kubeconfig);
        int exitCode = operator.waitUntilExited();
        if (!closing) {
            throw new IllegalStateException(
                    operator.describe("the operator exited by itself with code " + exitCode));
        }
    }

    /** A path as the user would type it: relative to the project when inside it. */
    private static String shown(Path path) {
        Path project = BuildOutput.projectDir();
        return path.startsWith(project) ? project.relativize(path).toString() : path.toString();
    }

    private OperatorProcess operatorProcess(String name, DemoOptions options) {
        OperatorProcess process =
                OperatorProcess.builder(name)
                        .apiServer(api.url())
                        .awsEndpoint(emulator.endpoint())
                        .httpPort(httpPort)
                        // As in a cluster: a namespace no TenantPolicy selects is denied.
                        .env("IAM_OPERATOR_TENANCY_UNSELECTED_NAMESPACES", "deny")
                        // A drift shows within seconds (the operator's default is 10 minutes).
                        .env(RESYNC_VARIABLE, SANDBOX_RESYNC)
                        // The sandbox cluster's IRSA provider: roles for ServiceAccounts
                        // (examples/role-for-pods.yaml) get their trust written for it.
                        .env(
                                "IAM_OPERATOR_CLUSTER_OIDC_PROVIDER_ARN",
                                "arn:aws:iam::123456789012:oidc-provider/"
                                        + "oidc.eks.eu-west-1.amazonaws.com/id/SANDBOX")
                        .env(options.operatorSettings())
                        .build();
        processes.add(process);
        return process;
    }

    private static String resync(DemoOptions options) {
        return options.operatorSettings().getOrDefault(RESYNC_VARIABLE, SANDBOX_RESYNC);
    }

    private static List<String> settingsShown(DemoOptions options) {
        return options.operatorSettings().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .toList();
    }

    /** Long enough for two resyncs, however long the user made them. */
    private static Duration tourTimeout(DemoOptions options) {
        Duration resync = DemoOptions.duration(resync(options)).orElse(Duration.ofMinutes(10));
        Duration twoResyncs = resync.multipliedBy(2).plusSeconds(30);
        return twoResyncs.compareTo(READY_TIMEOUT) > 0 ? twoResyncs : READY_TIMEOUT;
    }

    /**
     * The examples live in namespace {@code default}, which the demo labels as one of the
     * platform's: the privileged TenantPolicy of {@code examples/tenancy/platform.yaml} governs it
     * (examples/tenancy/app-teams.yaml shows the rules of an application team's namespace).
     */
    private void underThePlatformTenantPolicy() {
        api.client()
                .namespaces()
                .resource(
                        new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                                .withNewMetadata()
                                .withName("default")
                                .addToLabels("iam.operator.dev/tenant", "platform")
                                .endMetadata()
                                .build())
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        java.nio.file.Path platform =
                BuildOutput.projectDir().resolve("examples/tenancy/platform.yaml");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(platform)) {
            api.client().load(in).items().forEach(item -> api.client().resource(item).create());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + platform, e);
        }
        out.println(
                "Namespace default is the platform's (TenantPolicy platform, privileged);"
                        + " namespaces no TenantPolicy selects are denied.");
    }

    private static StatusTable awaitReadyConditions(ExampleObjects examples) {
        try {
            await().atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () ->
                                    examples.applied().stream()
                                            .allMatch(
                                                    object ->
                                                            examples.readyCondition(object)
                                                                    .filter(EmbeddedDemo::settled)
                                                                    .isPresent()));
        } catch (ConditionTimeoutException e) {
            // reported in the table: the rows without a Ready condition say so
        }
        StatusTable table = StatusTable.of(examples, examples.applied());
        return table;
    }

    /**
     * A Ready condition that will not change by itself in a moment: an object waiting for a
     * reference it names converges as soon as that target is Ready.
     */
    private static boolean settled(Map<String, Object> ready) {
        return !"WaitingForReference".equals(ready.get("reason"));
    }

    private void printEndpoints(Path kubeconfig) {
        String base = "http://localhost:" + httpPort;
        out.println("Metrics:        " + base + "/q/metrics");
        out.println("Health:         " + base + "/q/health");
        out.println(
                "IAM emulator:   "
                        + emulator.endpoint()
                        + "  (e.g. aws --endpoint-url "
                        + emulator.endpoint()
                        + " iam list-policies; any credentials)");
        out.println("Kubernetes API: " + api.url() + "  (fabric8 mock server, plain HTTP)");
        out.println();
        out.println("kubectl:        export KUBECONFIG=" + kubeconfig);
        out.println(
                "                kubectl get iam -A;  kubectl describe iampolicy"
                        + " orders-bucket-read;  kubectl apply -f examples/");
        out.println();
        out.println("Running. Press Ctrl-C to stop.");
    }

    private void checkPrerequisites() {
        if (!BuildOutput.isPackaged()) {
            throw new IllegalStateException(
                    BuildOutput.runJar()
                            + " does not exist; run the demo with "
                            + "./mvnw -q -Pdemo -DskipTests package exec:java");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port "
                            + httpPort
                            + " is already in use; choose another one"
                            + " with -D"
                            + PORT_PROPERTY
                            + "=<port>",
                    e);
        }
    }

    /**
     * Stops the operator by SIGTERM (SIGKILL if it does not stop in time), then the servers.
     * Idempotent.
     */
    @Override
    public void close() {
        closing =
                true; // before waiting for the lock: main must not report the operator's exit as a
        // crash
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (operator != null && operator.isAlive()) {
                out.println("Stopping the operator (SIGTERM) ...");
                if (operator.terminate().awaitExit(STOP_TIMEOUT).isEmpty()) {
                    operator.kill();
                }
            }
            processes.forEach(OperatorProcess::close);
            if (emulator != null) {
                emulator.close();
            }
            if (api != null) {
                api.close();
            }
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down, and the hook has run or is running
        }
    }
}
