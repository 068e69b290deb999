package dev.operator.iam.benchmark;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.process.BuildOutput;
import dev.operator.iam.process.IamObjects;
import dev.operator.iam.process.MockApiServer;
import dev.operator.iam.process.OperatorProcess;
import dev.operator.iam.process.PolicyObjects;
import dev.operator.iam.role.Role;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The benchmark command (not a test): the packaged operator ({@code quarkus-run.jar}, a child
 * process) against the fabric8 mock API server and the IAM emulator with a token bucket and a
 * per-call latency, creating N Policies and Roles and printing, as a Markdown table for
 * docs/performance.md, what it cost: time to Ready against the budget's bound, Throttling answers,
 * IAM calls per object, steady-state calls and status writes per object per resync, memory idle and
 * at N, start to ready, re-observation after a restart, and a user's new Role served while the
 * budget is busy with resyncs.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -DskipTests package exec:java                         # defaults
 * ./mvnw -B -Pbenchmark -DskipTests package exec:java -Dbench.policies=200 -Dbench.roles=200
 * ./mvnw -B -Pbenchmark -DskipTests package exec:java -Dbench.preset=memory   # 5,000 objects
 * </pre>
 *
 * Parameters: see {@link BenchmarkOptions}. The table is also written to {@code target/benchmark/}.
 */
public final class Benchmark {

    private static final String NAMESPACE = "bench";
    private static final String USER_NAMESPACE = "team-new";
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int CREATORS = 8;

    /** Names this run's operator logs apart from those of another run at the same time. */
    private static final String RUN =
            DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());

    private static final String USER_ROLE = "a-users-new-role";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final Pattern MANAGED_READY =
            Pattern.compile(
                    "^iam_operator_managed_resources\\{[^}]*ready=\"true\"[^}]*}\\s+(\\S+)$",
                    Pattern.MULTILINE);

    private final BenchmarkOptions options;
    private final PrintStream out;
    private final Report report;
    private IamEmulator emulator;
    private MockApiServer api;
    private final List<OperatorProcess> processes = new ArrayList<>();

    Benchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.report = new Report(options);
    }

    public static void main(String[] args) {
        BenchmarkOptions options = BenchmarkOptions.from(System.getProperties());
        Benchmark benchmark = new Benchmark(options, System.out);
        Thread hook = new Thread(benchmark::close, "benchmark-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            benchmark.run();
        } finally {
            benchmark.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    void run() {
        if (!BuildOutput.isPackaged()) {
            throw new IllegalStateException(
                    BuildOutput.runJar()
                            + " does not exist; run ./mvnw -B -Pbenchmark -DskipTests package"
                            + " exec:java");
        }
        out.println("Benchmark: " + options.describe());
        emulator =
                IamEmulator.builder()
                        .tokenBucket(options.bucketRate(), options.bucketBurst())
                        .latency(options.latency())
                        .start();
        api = MockApiServer.start();
        api.installCrds();

        OperatorProcess operator = operator("bench-" + RUN);
        Instant started = Instant.now();
        operator.start().awaitStarted(Duration.ofMinutes(2));
        report.startToReady(Duration.between(started, Instant.now()));
        report.memoryIdle(rss(operator), liveHeap(operator));
        log("operator ready in %s; idle RSS %s", seconds(report.startToReady), mib(report.rssIdle));

        converge(operator);
        steadyState();
        userChangeWhileResyncing();
        report.memoryAtN(rss(operator), liveHeap(operator));
        log("RSS at N %s, live heap %s", mib(report.rssAtN), mib(report.heapAtN));
        if (options.restart()) {
            restart(operator);
        }
        String table = report.render();
        out.println();
        out.println(table);
        write(table);
    }

    /** Creates N objects and waits until all are Ready. */
    private void converge(OperatorProcess operator) {
        PolicyObjects policies = PolicyObjects.in(api, NAMESPACE);
        IamObjects roles = IamObjects.in(api, NAMESPACE);
        int mark = calls().size();
        long throttledBefore = emulator.rateExceededAnswers();
        Instant start = Instant.now();
        log("creating %d Policies and %d Roles ...", options.policies(), options.roles());
        // As kubectl apply of many files at once: several clients, so that the API server's
        // answer time does not pace the operator's work.
        ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < Math.max(options.policies(), options.roles()); i++) {
                String suffix = String.format(Locale.ROOT, "%05d", i);
                if (i < options.policies()) {
                    created.add(creators.submit(() -> policies.create("bench-policy-" + suffix)));
                }
                if (i < options.roles()) {
                    created.add(
                            creators.submit(
                                    () ->
                                            roles.create(
                                                    roles.role(
                                                            "bench-role-" + suffix, spec -> {}))));
                }
            }
            for (Future<?> future : created) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the objects", e.getCause());
        } finally {
            creators.shutdownNow();
        }
        log(
                "all %d objects created in %s",
                options.objects(), seconds(Duration.between(start, Instant.now())));
        awaitAllReady("all " + options.objects() + " objects Ready", start);
        Duration toReady = Duration.between(start, Instant.now());
        List<RecordedCall> window = callsSince(mark);
        report.convergence(toReady, window, emulator.rateExceededAnswers() - throttledBefore);
        log("all Ready in %s (bound %s)", seconds(toReady), seconds(report.convergenceBound()));
    }

    /**
     * Counts IAM calls and status writes over two resync intervals, nothing else happening, after
     * every object's first resync since its create (which records reason UpToDate, a status write
     * once per object: not the steady state) and at least one interval to settle.
     */
    private void steadyState() {
        Instant allReady = Instant.now();
        log(
                "steady state: settling until every object had its first resync (reason UpToDate),"
                        + " at least %s ...",
                seconds(options.resync()));
        awaitUntil(
                "every object's first resync after its create",
                allReady,
                () -> justCreated() == 0,
                this::justCreated);
        Duration firstResyncs = Duration.between(allReady, Instant.now());
        report.firstResyncs(firstResyncs);
        log("every object's first resync done %s after all Ready", seconds(firstResyncs));
        Duration settled = Duration.between(allReady, Instant.now());
        if (settled.compareTo(options.resync()) < 0) {
            sleep(options.resync().minus(settled).plusSeconds(2));
        }
        Duration window = options.resync().multipliedBy(2);
        int mark = calls().size();
        long statusWrites = api.statusWrites();
        long throttledBefore = emulator.rateExceededAnswers();
        log("steady state: counting calls for %s (two resync intervals) ...", seconds(window));
        sleep(window);
        List<RecordedCall> calls = callsSince(mark);
        report.steadyState(
                window,
                calls,
                api.statusWrites() - statusWrites,
                emulator.rateExceededAnswers() - throttledBefore);
    }

    /** A Role in another namespace, created while the N objects resync: time to Ready. */
    private void userChangeWhileResyncing() {
        UserRole timed = userRole(USER_ROLE);
        report.userChange(timed.waited(), timed.ready(), timed.firstCall(), timed.callsMeanwhile());
    }

    /** How a user's new Role fared: time to Ready, its first IAM call, the calls meanwhile. */
    private record UserRole(
            Duration waited, boolean ready, Optional<Duration> firstCall, int callsMeanwhile) {}

    /** Creates a Role in another namespace and times it until Ready. */
    private UserRole userRole(String name) {
        IamObjects team = IamObjects.in(api, USER_NAMESPACE);
        int mark = calls().size();
        Instant start = Instant.now();
        team.create(team.role(name, spec -> {}));
        boolean ready = true;
        try {
            team.awaitReady(Role.class, name, options.userTimeout());
        } catch (ConditionTimeoutException e) {
            ready = false;
        }
        Duration waited = Duration.between(start, Instant.now());
        List<RecordedCall> during = callsSince(mark);
        Optional<Duration> firstCall =
                during.stream()
                        .filter(c -> name.equals(c.params().get("RoleName")))
                        .findFirst()
                        .map(c -> Duration.between(start, c.at()));
        log(
                "a user's new Role %s %s %s (its first IAM call after %s)",
                name,
                ready ? "Ready in" : "still not Ready after",
                seconds(waited),
                firstCall.map(Benchmark::seconds).orElse("-"));
        return new UserRole(waited, ready, firstCall, during.size());
    }

    /** Kills the operator, starts another, and times until every object is observed again. */
    private void restart(OperatorProcess first) {
        first.kill();
        int objects = options.objects() + 2; // the user's two Roles too
        OperatorProcess second = operator("bench-" + RUN + "-restarted");
        int mark = calls().size();
        long throttledBefore = emulator.rateExceededAnswers();
        Instant start = Instant.now();
        second.start().awaitStarted(Duration.ofMinutes(2));
        Duration startToReady = Duration.between(start, Instant.now());
        log(
                "restarted operator ready in %s; waiting until it has observed all %d objects ...",
                seconds(startToReady), objects);
        // While it observes every object again, its budget is saturated by resyncs.
        UserRole duringRestart = userRole(USER_ROLE + "-after-restart");
        report.userChangeAfterRestart(
                duringRestart.waited(),
                duringRestart.ready(),
                duringRestart.firstCall(),
                duringRestart.callsMeanwhile());
        awaitUntil(
                "all " + objects + " objects observed again",
                start,
                () -> readyManaged(second) >= objects,
                () -> (long) readyManaged(second));
        Duration observed = Duration.between(start, Instant.now());
        List<RecordedCall> window = callsSince(mark);
        report.restart(
                startToReady,
                observed,
                window,
                objects,
                emulator.rateExceededAnswers() - throttledBefore);
        log("all observed again %s after the restart", seconds(observed));
    }

    private OperatorProcess operator(String name) {
        OperatorProcess process =
                OperatorProcess.builder(name)
                        .apiServer(api.url())
                        .awsEndpoint(emulator.endpoint())
                        .jvmOptions(options.jvmOptions())
                        .env(
                                "IAM_OPERATOR_AWS_MAX_CALLS_PER_SECOND",
                                BenchmarkOptions.plain(options.rate()))
                        .env("IAM_OPERATOR_AWS_BURST", Integer.toString(options.burst()))
                        .env("IAM_OPERATOR_RESYNC_INTERVAL", options.resync().toSeconds() + "s")
                        .env("IAM_OPERATOR_AWS_CALL_TIMEOUT", "30s")
                        .env("QUARKUS_LOG_CATEGORY__DEV_OPERATOR_IAM__LEVEL", "INFO")
                        .build();
        processes.add(process);
        return process;
    }

    private void awaitAllReady(String what, Instant start) {
        awaitUntil(what, start, () -> notReady() == 0, this::notReadyCount);
    }

    private long notReadyCount() {
        return notReady();
    }

    /** Objects still Ready with the reason of their create: their first resync is to come. */
    private long justCreated() {
        KubernetesClient client = api.client();
        return java.util.stream.Stream.concat(
                        client
                                .resources(Policy.class)
                                .inNamespace(NAMESPACE)
                                .list()
                                .getItems()
                                .stream(),
                        client
                                .resources(Role.class)
                                .inNamespace(NAMESPACE)
                                .list()
                                .getItems()
                                .stream())
                .filter(
                        o ->
                                o.getStatus() != null
                                        && Conditions.find(o.getStatus(), Conditions.READY)
                                                .filter(c -> "Created".equals(c.getReason()))
                                                .isPresent())
                .count();
    }

    private int notReady() {
        KubernetesClient client = api.client();
        return notReady(client.resources(Policy.class).inNamespace(NAMESPACE).list().getItems())
                + notReady(client.resources(Role.class).inNamespace(NAMESPACE).list().getItems());
    }

    private static int notReady(List<? extends ManagedResource<?, ?>> objects) {
        int count = 0;
        for (ManagedResource<?, ?> object : objects) {
            if (!isReady(object)) {
                count++;
            }
        }
        return count;
    }

    private static boolean isReady(ManagedResource<?, ?> object) {
        if (object.getStatus() == null) {
            return false;
        }
        Condition ready = Conditions.find(object.getStatus(), Conditions.READY).orElse(null);
        return ready != null
                && "True".equals(ready.getStatus())
                && object.getMetadata()
                        .getGeneration()
                        .equals(object.getStatus().getObservedGeneration());
    }

    /**
     * Polls {@code done} every second, printing {@code progress} now and then; fails at the
     * timeout.
     */
    private void awaitUntil(
            String what,
            Instant start,
            BooleanSupplier done,
            java.util.function.LongSupplier progress) {
        Instant deadline = start.plus(options.timeout());
        Instant nextProgress = Instant.now().plus(PROGRESS_EVERY);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "not done within " + options.timeout() + ": " + what);
            }
            if (Instant.now().isAfter(nextProgress)) {
                log(
                        "  ... %s: %d (%s, %d Throttling answers so far)",
                        what.startsWith("all") ? "progress" : what,
                        progress.getAsLong(),
                        seconds(Duration.between(start, Instant.now())),
                        emulator.rateExceededAnswers());
                nextProgress = Instant.now().plus(PROGRESS_EVERY);
            }
            sleep(POLL);
        }
    }

    private static double readyManaged(OperatorProcess operator) {
        String metrics;
        try {
            metrics = operator.metrics();
        } catch (RuntimeException e) {
            return 0; // not serving yet
        }
        Matcher m = MANAGED_READY.matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private List<RecordedCall> calls() {
        return emulator.calls();
    }

    /** IAM's calls since the {@code mark}-th call. */
    private List<RecordedCall> callsSince(int mark) {
        List<RecordedCall> all = calls();
        return iamCalls(all.subList(mark, all.size()));
    }

    /** IAM's calls only (STS's GetCallerIdentity has its own quota). */
    private static List<RecordedCall> iamCalls(List<RecordedCall> calls) {
        return calls.stream().filter(c -> !"GetCallerIdentity".equals(c.action())).toList();
    }

    private static OptionalLong rss(OperatorProcess operator) {
        return ProcessMemory.rssKiB(operator.pid());
    }

    private static OptionalLong liveHeap(OperatorProcess operator) {
        return ProcessMemory.liveHeapKiB(operator.pid());
    }

    private void write(String table) {
        Path dir = BuildOutput.target().resolve("benchmark");
        String stamp =
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
        Path file = dir.resolve("benchmark-" + stamp + ".md");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        out.println("Written to " + BuildOutput.projectDir().relativize(file));
    }

    private void log(String format, Object... args) {
        out.printf(
                Locale.ROOT,
                "%s %s%n",
                DateTimeFormatter.ISO_LOCAL_TIME
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now())
                        .substring(0, 8),
                String.format(Locale.ROOT, format, args));
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    static String mib(OptionalLong kib) {
        return ProcessMemory.mib(kib);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops every operator process, then the servers. Idempotent. */
    synchronized void close() {
        processes.forEach(OperatorProcess::close);
        processes.clear();
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
        if (api != null) {
            api.close();
            api = null;
        }
    }
}
