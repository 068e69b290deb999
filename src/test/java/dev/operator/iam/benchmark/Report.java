package dev.operator.iam.benchmark;

import dev.operator.iam.emulator.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures of one benchmark run, rendered as the Markdown tables of docs/performance.md. Calls
 * the emulator's token bucket answered with Throttling are counted apart from the calls IAM
 * executed: the bound is what the executed calls cost at the operator's budget.
 */
final class Report {

    private static final String RATE_EXCEEDED = "rate-exceeded";

    private final BenchmarkOptions options;
    private final Instant startedAt = Instant.now();

    Duration startToReady;
    OptionalLong rssIdle = OptionalLong.empty();
    OptionalLong heapIdle = OptionalLong.empty();
    OptionalLong rssAtN = OptionalLong.empty();
    OptionalLong heapAtN = OptionalLong.empty();

    private Duration toReady;
    private Map<String, Long> convergeByAction = Map.of();
    private long convergeExecuted;
    private long createCalls;
    private long convergeThrottled;

    private Duration steadyWindow;
    private Duration firstResyncs;
    private Map<String, Long> steadyByAction = Map.of();
    private long steadyExecuted;
    private long steadyAttempts;
    private long steadyStatusWrites;
    private long steadyThrottled;

    private Duration userToReady;
    private double userCallsPerSecond;
    private boolean userReady;
    private Optional<Duration> userFirstCall = Optional.empty();

    private Duration restartUserToReady;
    private double restartUserCallsPerSecond;
    private boolean restartUserReady;
    private Optional<Duration> restartUserFirstCall = Optional.empty();

    private Duration restartStartToReady;
    private Duration restartObserved;
    private Map<String, Long> restartByAction = Map.of();
    private long restartExecuted;
    private long restartThrottled;
    private int restartObjects;

    Report(BenchmarkOptions options) {
        this.options = options;
    }

    void startToReady(Duration value) {
        startToReady = value;
    }

    void memoryIdle(OptionalLong rss, OptionalLong heap) {
        rssIdle = rss;
        heapIdle = heap;
    }

    void memoryAtN(OptionalLong rss, OptionalLong heap) {
        rssAtN = rss;
        heapAtN = heap;
    }

    void convergence(Duration toReady, List<RecordedCall> calls, long throttled) {
        this.toReady = toReady;
        this.convergeByAction = executedByAction(calls);
        this.convergeExecuted = total(convergeByAction);
        this.createCalls = CreateCost.of(calls);
        this.convergeThrottled = throttled;
    }

    /**
     * Calls the creates need × N ÷ the operator's budget: the least time the creates could take.
     */
    Duration convergenceBound() {
        return bound(createCalls);
    }

    /** From all Ready until every object had its first resync after its create. */
    void firstResyncs(Duration after) {
        this.firstResyncs = after;
    }

    void steadyState(Duration window, List<RecordedCall> calls, long statusWrites, long throttled) {
        this.steadyWindow = window;
        this.steadyByAction = executedByAction(calls);
        this.steadyExecuted = total(steadyByAction);
        this.steadyAttempts = calls.size();
        this.steadyStatusWrites = statusWrites;
        this.steadyThrottled = throttled;
    }

    void userChange(
            Duration toReady, boolean ready, Optional<Duration> firstCall, int callsMeanwhile) {
        this.userToReady = toReady;
        this.userReady = ready;
        this.userFirstCall = firstCall;
        this.userCallsPerSecond = callsMeanwhile / Math.max(0.001, toReady.toMillis() / 1000.0);
    }

    void userChangeAfterRestart(
            Duration toReady, boolean ready, Optional<Duration> firstCall, int callsMeanwhile) {
        this.restartUserToReady = toReady;
        this.restartUserReady = ready;
        this.restartUserFirstCall = firstCall;
        this.restartUserCallsPerSecond =
                callsMeanwhile / Math.max(0.001, toReady.toMillis() / 1000.0);
    }

    void restart(
            Duration startToReady,
            Duration observed,
            List<RecordedCall> calls,
            int objects,
            long throttled) {
        this.restartStartToReady = startToReady;
        this.restartObserved = observed;
        this.restartByAction = executedByAction(calls);
        this.restartExecuted = total(restartByAction);
        this.restartObjects = objects;
        this.restartThrottled = throttled;
    }

    String render() {
        int n = options.objects();
        double resyncs = steadyWindow.toMillis() / (double) options.resync().toMillis();
        StringBuilder s = new StringBuilder();
        s.append("Run ")
                .append(
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                                .withZone(ZoneOffset.UTC)
                                .format(startedAt))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores: ")
                .append(options.describe())
                .append(".\n\n");
        s.append("| figure | value |\n|---|---|\n");
        row(s, "objects (N)", Integer.toString(n));
        Duration madeBound = bound(convergeExecuted);
        row(
                s,
                "time until all N Ready",
                Benchmark.seconds(toReady)
                        + String.format(
                                Locale.ROOT,
                                " = %.2f × the bound %s (%s IAM calls a create needs × N ÷ %s"
                                        + " calls/s)",
                                ratio(toReady, convergenceBound()),
                                Benchmark.seconds(convergenceBound()),
                                perObject(createCalls, n),
                                BenchmarkOptions.plain(options.rate())));
        row(
                s,
                "the same against every IAM call made meanwhile (resyncs of the objects already"
                        + " Ready included)",
                String.format(
                        Locale.ROOT,
                        "%.2f × %s (%s calls per object ÷ %s calls/s)",
                        ratio(toReady, madeBound),
                        Benchmark.seconds(madeBound),
                        perObject(convergeExecuted, n),
                        BenchmarkOptions.plain(options.rate())));
        row(s, "Throttling answers while converging", Long.toString(convergeThrottled));
        if (firstResyncs != null) {
            row(
                    s,
                    "every object's first resync after its create (reason UpToDate, a status write"
                            + " once per object), after all Ready",
                    Benchmark.seconds(firstResyncs));
        }
        row(
                s,
                "steady state: IAM calls per object per resync",
                perObject(steadyExecuted, n * resyncs)
                        + String.format(
                                Locale.ROOT,
                                " (%s calls in %s; %.1f calls/s of a %s calls/s budget)",
                                steadyExecuted,
                                Benchmark.seconds(steadyWindow),
                                steadyAttempts / (steadyWindow.toMillis() / 1000.0),
                                BenchmarkOptions.plain(options.rate())));
        row(
                s,
                "steady state: status writes per object per resync",
                perObject(steadyStatusWrites, n * resyncs));
        row(s, "steady state: Throttling answers", Long.toString(steadyThrottled));
        row(
                s,
                "a user's new Role (another namespace) Ready, while N objects resync",
                (userReady ? "" : "not Ready within ")
                        + Benchmark.seconds(userToReady)
                        + String.format(
                                Locale.ROOT,
                                " (its first IAM call after %s; IAM calls meanwhile: %.1f/s)",
                                userFirstCall.map(Benchmark::seconds).orElse("none"),
                                userCallsPerSecond));
        row(
                s,
                "start to ready (process start to /q/health/ready UP)",
                Benchmark.seconds(startToReady));
        row(s, "RSS idle / at N", Benchmark.mib(rssIdle) + " / " + Benchmark.mib(rssAtN));
        row(
                s,
                "heap after a full GC idle / at N",
                Benchmark.mib(heapIdle) + " / " + Benchmark.mib(heapAtN));
        if (restartObserved != null) {
            Duration bound = bound(restartExecuted);
            row(s, "restart: start to ready", Benchmark.seconds(restartStartToReady));
            if (restartUserToReady != null) {
                row(
                        s,
                        "restart: a user's new Role, created as the restarted operator observes"
                                + " every object again, Ready",
                        (restartUserReady ? "" : "not Ready within ")
                                + Benchmark.seconds(restartUserToReady)
                                + String.format(
                                        Locale.ROOT,
                                        " (its first IAM call after %s; IAM calls meanwhile:"
                                                + " %.1f/s)",
                                        restartUserFirstCall.map(Benchmark::seconds).orElse("none"),
                                        restartUserCallsPerSecond));
            }
            row(
                    s,
                    "restart: all "
                            + restartObjects
                            + " objects observed again, after ready (after the process start)",
                    Benchmark.seconds(restartObserved.minus(restartStartToReady))
                            + " ("
                            + Benchmark.seconds(restartObserved)
                            + ")"
                            + String.format(
                                    Locale.ROOT,
                                    " = %.2f × the bound %s (%s IAM calls per object ÷ %s calls/s)",
                                    ratio(restartObserved.minus(restartStartToReady), bound),
                                    Benchmark.seconds(bound),
                                    perObject(restartExecuted, restartObjects),
                                    BenchmarkOptions.plain(options.rate())));
            row(s, "restart: Throttling answers", Long.toString(restartThrottled));
        }
        s.append(
                "\nIAM calls per object, by action: a Role's actions per Role, a Policy's per"
                        + " Policy, others per object.\n\n");
        s.append("| action | to create | per resync (steady state) |");
        s.append(
                restartObserved != null
                        ? " after a restart |\n|---|---|---|---|\n"
                        : "\n|---|---|---|\n");
        TreeSet<String> actions = new TreeSet<>(convergeByAction.keySet());
        actions.addAll(steadyByAction.keySet());
        actions.addAll(restartByAction.keySet());
        for (String action : actions) {
            int objects = objectsFor(action, n);
            s.append("| ")
                    .append(action)
                    .append(" | ")
                    .append(perObject(convergeByAction.getOrDefault(action, 0L), objects))
                    .append(" | ")
                    .append(perObject(steadyByAction.getOrDefault(action, 0L), objects * resyncs))
                    .append(" |");
            if (restartObserved != null) {
                // the user's Role is observed after the restart too
                int observed =
                        isRoleAction(action)
                                ? objects + 1
                                : isPolicyAction(action) ? objects : restartObjects;
                s.append(' ')
                        .append(perObject(restartByAction.getOrDefault(action, 0L), observed))
                        .append(" |");
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** How many objects an action's calls are for: Roles, Policies, or all of them. */
    private int objectsFor(String action, int all) {
        if (isRoleAction(action)) {
            return options.roles();
        }
        if (isPolicyAction(action)) {
            return options.policies();
        }
        return all;
    }

    private boolean isRoleAction(String action) {
        return action.contains("Role") && options.roles() > 0;
    }

    private boolean isPolicyAction(String action) {
        return action.contains("Polic") && !action.contains("Role") && options.policies() > 0;
    }

    private Duration bound(long calls) {
        return Duration.ofMillis(Math.round(calls / options.rate() * 1000));
    }

    private static double ratio(Duration measured, Duration bound) {
        return bound.isZero() ? 0 : measured.toMillis() / (double) bound.toMillis();
    }

    private static void row(StringBuilder s, String figure, String value) {
        s.append("| ").append(figure).append(" | ").append(value).append(" |\n");
    }

    private static String perObject(double count, double objects) {
        return String.format(Locale.ROOT, "%.3f", count / objects);
    }

    /** Calls IAM executed (answered, with success or an error of its own), by action. */
    static Map<String, Long> executedByAction(List<RecordedCall> calls) {
        Map<String, Long> counts = new TreeMap<>();
        for (RecordedCall call : calls) {
            if (!RATE_EXCEEDED.equals(call.fault())) {
                counts.merge(call.action(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
