package dev.operator.iam.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * The metrics of design.md. Every series exists, at zero, as soon as a kind and its IAM operations
 * are registered at start-up, so alerts and dashboards never see a gap. Label values come from
 * fixed sets (kind names, IAM action names, outcomes), never from resource names.
 */
@ApplicationScoped
public class OperatorMetrics {

    public static final String ADOPTED = "adopted";
    public static final String RECOVERED = "recovered";
    public static final String REFUSED = "refused";

    /** The {@code outcome} label values of {@code iam_operator_aws_calls_total} (design.md). */
    public static final String SUCCESS = "success";

    public static final String THROTTLED = "throttled";
    public static final String CLIENT_ERROR = "client_error";
    public static final String SERVER_ERROR = "server_error";
    public static final String TIMEOUT = "timeout";
    public static final List<String> AWS_CALL_OUTCOMES =
            List.of(SUCCESS, THROTTLED, CLIENT_ERROR, SERVER_ERROR, TIMEOUT);

    /**
     * Bucket bounds for IAM latencies: reads take tens of ms, writes up to seconds, with retries
     * more.
     */
    private static final Duration[] AWS_CALL_BUCKETS =
            Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
                    .map(Duration::ofMillis)
                    .toArray(Duration[]::new);

    /** The {@code source} label values of {@code iam_operator_observations_total}. */
    public static final String SNAPSHOT = "snapshot";

    public static final String INDIVIDUAL = "individual";

    /** The {@code outcome} of a failed account scan ({@code success} otherwise). */
    public static final String SCAN_FAILED = "failed";

    private final MeterRegistry registry;

    /**
     * Current state of every object this process reconciled, by UID: the gauges are computed from
     * it.
     */
    private final Map<String, ResourceState> states = new ConcurrentHashMap<>();

    private final Set<String> registeredKinds = ConcurrentHashMap.newKeySet();

    /** The IAM and STS operations of every registered kind. */
    private final Set<String> operations = ConcurrentHashMap.newKeySet();

    /**
     * The AWS accounts calls were made in ({@code account} label): the operator's own and those of
     * TenantPolicies' roles, so a bounded set.
     */
    private final Set<String> accounts = ConcurrentHashMap.newKeySet();

    {
        accounts.add(OWN_ACCOUNT);
    }

    /**
     * The {@code account} label of the operator's own account until STS told its id (its first
     * {@code GetCallerIdentity}); every operation's series exist for it at zero from the start.
     */
    public static final String OWN_ACCOUNT = "own";

    private static final String ACCOUNT = "account";

    private record ResourceState(String kind, boolean ready, boolean drifted) {}

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The {@code iam_operator_aws_inflight_calls} gauge, reading {@code count}: the AWS client
     * registers it at start-up.
     */
    public void inflightCalls(IntSupplier count) {
        // A strong reference: Micrometer holds a gauge's object weakly, and nothing else holds
        // this method reference.
        register(
                Gauge.builder("iam.operator.aws.inflight.calls", count, IntSupplier::getAsInt)
                        .description("AWS calls sent and not yet answered")
                        .strongReference(true),
                "iam.operator.aws.inflight.calls");
    }

    /**
     * The {@code iam_operator_leader} gauge: 1 while {@code leader} says this replica reconciles.
     * Leader election registers it at start-up.
     */
    public void leader(BooleanSupplier leader) {
        register(
                Gauge.builder("iam.operator.leader", leader, l -> l.getAsBoolean() ? 1 : 0)
                        .description(
                                "1 when this replica reconciles: it holds the leader lease, or"
                                        + " leader election is off; 0 on a standby")
                        .strongReference(true),
                "iam.operator.leader");
    }

    /** The {@code priority} label values of the budget's wait time. */
    public static final List<String> BUDGET_PRIORITIES = List.of("change", "resync");

    /** The budget of the operator's own account, and the account label its gauges carry. */
    private record OwnBudget(DoubleSupplier currentRate, double maxRate, String account) {}

    private OwnBudget ownBudget;

    /**
     * The IAM call budget's gauges of the operator's own account — {@code
     * iam_operator_aws_budget_calls_per_second} (the rate allowed now, lowered after Throttling)
     * and {@code iam_operator_aws_budget_max_calls_per_second} (the configured budget) — and its
     * wait-time series at zero, under the {@code account} label {@value #OWN_ACCOUNT} until the
     * account's id is known ({@link #ownAccount}). The AWS client registers them at start-up.
     */
    public synchronized void budget(DoubleSupplier currentRate, double maxRate) {
        ownBudget = new OwnBudget(currentRate, maxRate, OWN_ACCOUNT);
        budgetSeries(OWN_ACCOUNT, currentRate, maxRate);
    }

    /** The same for the budget of a TenantPolicy's account, made at its first IAM call. */
    public void accountBudget(String account, DoubleSupplier currentRate, double maxRate) {
        budgetSeries(account, currentRate, maxRate);
    }

    /**
     * The operator's own account id became known (its first {@code GetCallerIdentity}): its
     * budget's gauges carry it from now on, as its calls' series do.
     */
    public synchronized void ownAccount(String id) {
        OwnBudget own = ownBudget;
        if (own == null || id == null || id.equals(own.account())) {
            return;
        }
        for (String name : BUDGET_GAUGES) {
            registry.find(name).tag(ACCOUNT, own.account()).gauges().forEach(registry::remove);
        }
        ownBudget = new OwnBudget(own.currentRate(), own.maxRate(), id);
        budgetSeries(id, own.currentRate(), own.maxRate());
    }

    private static final List<String> BUDGET_GAUGES =
            List.of(
                    "iam.operator.aws.budget.calls.per.second",
                    "iam.operator.aws.budget.max.calls.per.second");

    private void budgetSeries(String account, DoubleSupplier currentRate, double maxRate) {
        register(
                Gauge.builder(BUDGET_GAUGES.get(0), currentRate, DoubleSupplier::getAsDouble)
                        .description(
                                "IAM calls per second the operator allows itself now in the"
                                        + " account: the budget, or less for a while after IAM"
                                        + " answered Throttling")
                        .tag(ACCOUNT, account)
                        .strongReference(true),
                BUDGET_GAUGES.get(0),
                ACCOUNT,
                account);
        register(
                Gauge.builder(BUDGET_GAUGES.get(1), () -> maxRate)
                        .description(
                                "The configured IAM call budget of each account"
                                        + " (iam-operator.aws.max-calls-per-second)")
                        .tag(ACCOUNT, account)
                        .strongReference(true),
                BUDGET_GAUGES.get(1),
                ACCOUNT,
                account);
        BUDGET_PRIORITIES.forEach(p -> budgetWaitTimer(p, account));
    }

    /** Time one IAM call attempt in {@code account} waited for that account's budget. */
    public void budgetWait(String priority, long nanos, String account) {
        budgetWaitTimer(priority, account).record(Duration.ofNanos(nanos));
    }

    private Timer budgetWaitTimer(String priority, String account) {
        return Timer.builder("iam.operator.aws.budget.wait")
                .description(
                        "Time IAM call attempts waited for the call budget of their account, by"
                                + " priority: change (what users asked for) or resync")
                .tag("priority", priority)
                .tag(ACCOUNT, account)
                .serviceLevelObjectives(AWS_CALL_BUCKETS)
                .register(registry);
    }

    /** Creates every series of one kind at zero. Idempotent. */
    public void registerKind(String kind, Collection<String> operations) {
        if (registeredKinds.add(kind)) {
            observationCounter(kind, SNAPSHOT);
            observationCounter(kind, INDIVIDUAL);
            accountScanCounter(SUCCESS);
            accountScanCounter(SCAN_FAILED);
            accountScanTimer();
            driftDetectedCounter(kind);
            driftCorrectedCounter(kind);
            for (String outcome : new String[] {ADOPTED, RECOVERED, REFUSED}) {
                adoptionCounter(kind, outcome);
            }
            register(
                    Gauge.builder(
                                    "iam.operator.drifted.resources",
                                    states,
                                    s -> count(kind, null, true))
                            .description("Resources whose AWS state differs from the spec, now")
                            .tag("kind", kind),
                    "iam.operator.drifted.resources",
                    "kind",
                    kind);
            for (boolean ready : new boolean[] {true, false}) {
                register(
                        Gauge.builder(
                                        "iam.operator.managed.resources",
                                        states,
                                        s -> count(kind, ready, null))
                                .description("Resources managed by this operator, by readiness")
                                .tags("kind", kind, "ready", String.valueOf(ready)),
                        "iam.operator.managed.resources",
                        "kind",
                        kind,
                        "ready",
                        String.valueOf(ready));
            }
        }
        operations.forEach(this::registerOperation);
    }

    private void registerOperation(String operation) {
        if (operations.add(operation)) {
            accounts.forEach(account -> registerOperation(operation, account));
        }
    }

    private void registerOperation(String operation, String account) {
        awsCallTimer(operation, account);
        AWS_CALL_OUTCOMES.forEach(outcome -> awsCallCounter(operation, outcome, account));
    }

    /**
     * Registers a gauge of this instance's state, first removing a gauge of the same name and tags
     * that an earlier application in this JVM left behind: Micrometer hands back an existing meter
     * instead of registering a new one, and Quarkus keeps the global registry across restarts in
     * one JVM (dev mode, test classes with different test resources), so the gauge would go on
     * reading the earlier application's state.
     */
    private void register(Gauge.Builder<?> gauge, String name, String... tags) {
        registry.find(name).tags(tags).gauges().forEach(registry::remove);
        gauge.register(registry);
    }

    /**
     * Records one AWS call: its outcome label and its duration, in the account it acted in. The
     * first call in an account creates every operation's series of that account at zero.
     */
    public void awsCall(String operation, String outcome, long nanos, String account) {
        if (accounts.add(account)) {
            operations.forEach(op -> registerOperation(op, account));
        }
        awsCallCounter(operation, outcome, account).increment();
        awsCallTimer(operation, account).record(Duration.ofNanos(nanos));
    }

    /**
     * One observation of an object of {@code kind} in AWS: {@link #SNAPSHOT} (compared with the
     * account scan) or {@link #INDIVIDUAL} (read on its own).
     */
    public void observation(String kind, String source) {
        observationCounter(kind, source).increment();
    }

    /** One {@code GetAccountAuthorizationDetails} scan, all its pages: outcome and duration. */
    public void accountScan(String outcome, long nanos) {
        accountScanCounter(outcome).increment();
        accountScanTimer().record(Duration.ofNanos(nanos));
    }

    public void driftDetected(String kind) {
        driftDetectedCounter(kind).increment();
    }

    public void driftCorrected(String kind) {
        driftCorrectedCounter(kind).increment();
    }

    /** {@code outcome} is one of {@link #ADOPTED}, {@link #RECOVERED}, {@link #REFUSED}. */
    public void adoption(String kind, String outcome) {
        adoptionCounter(kind, outcome).increment();
    }

    /** The current state of one object, for the gauges. */
    public void resourceState(String kind, String uid, boolean ready, boolean drifted) {
        states.put(uid, new ResourceState(kind, ready, drifted));
    }

    /** The object is gone (deleted, or its finalizer removed): it leaves the gauges. */
    public void resourceGone(String uid) {
        states.remove(uid);
    }

    private double count(String kind, Boolean ready, Boolean drifted) {
        return states.values().stream()
                .filter(s -> s.kind.equals(kind))
                .filter(s -> ready == null || s.ready == ready)
                .filter(s -> drifted == null || s.drifted == drifted)
                .count();
    }

    private Counter driftDetectedCounter(String kind) {
        return Counter.builder("iam.operator.drift.detected")
                .description("Drifts found in AWS")
                .tag("kind", kind)
                .register(registry);
    }

    private Counter driftCorrectedCounter(String kind) {
        return Counter.builder("iam.operator.drift.corrected")
                .description("Drifts reverted in AWS")
                .tag("kind", kind)
                .register(registry);
    }

    private Counter adoptionCounter(String kind, String outcome) {
        return Counter.builder("iam.operator.adoptions")
                .description(
                        "Existing AWS resources adopted, recovered after a crash, or refused as not"
                                + " ours")
                .tags("kind", kind, "outcome", outcome)
                .register(registry);
    }

    private Counter awsCallCounter(String operation, String outcome, String account) {
        return Counter.builder("iam.operator.aws.calls")
                .description("AWS API calls by operation, outcome and account")
                .tags("operation", operation, "outcome", outcome, "account", account)
                .register(registry);
    }

    private Timer awsCallTimer(String operation, String account) {
        return Timer.builder("iam.operator.aws.call")
                .description("AWS API call latency, SDK retries included")
                .tags("operation", operation, "account", account)
                .serviceLevelObjectives(AWS_CALL_BUCKETS)
                .register(registry);
    }

    private Counter observationCounter(String kind, String source) {
        return Counter.builder("iam.operator.observations")
                .description(
                        "Observations of objects in AWS: compared with the account scan"
                                + " (snapshot) or read on their own (individual)")
                .tags("kind", kind, "source", source)
                .register(registry);
    }

    private Counter accountScanCounter(String outcome) {
        return Counter.builder("iam.operator.account.scans")
                .description("GetAccountAuthorizationDetails scans of the account, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Timer accountScanTimer() {
        return Timer.builder("iam.operator.account.scan")
                .description("Duration of one account scan, every page")
                .serviceLevelObjectives(AWS_CALL_BUCKETS)
                .register(registry);
    }
}
