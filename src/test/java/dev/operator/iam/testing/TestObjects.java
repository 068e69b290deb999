package dev.operator.iam.testing;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.engine.ReconcileActivity;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.quarkus.arc.Arc;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The objects of one custom-resource kind in the running test's namespace, and every wait the
 * {@code @QuarkusTest}s make on them: one implementation for all seven kinds. Kind-specific
 * builders (a Policy with a document, a Role with a trust policy) stay in the kind's support class.
 *
 * <p>Negative assertions ("nothing happened") wait for proof that the operator looked again, never
 * for a time: {@link #awaitSyncedAgain} when the object's status records each observation, {@link
 * #awaitObservedAgain} when only the IAM call log does, {@link #awaitRevalidated} when the object
 * is not requeued at all.
 *
 * @param <R> the custom resource
 * @param <S> its spec
 */
public final class TestObjects<R extends ManagedResource<S, ?>, S extends IamSpec> {

    /** Every wait's limit: generous, since the machine running the suite may be busy. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(100);

    /** Reasons of Ready=True that the next resync replaces with UpToDate. */
    private static final Set<String> ACTIONS =
            Set.of("Created", "Adopted", "Recovered", "DriftCorrected");

    /** Per object UID and action, how many of its actions the waits so far have seen. */
    private final Map<String, Long> actionsAwaited = new HashMap<>();

    /**
     * The resync interval of the test profile is 2 s; two of them and a margin. Only used when
     * there is no call log to wait on (see {@link #awaitObservedAgain}).
     */
    private static final Duration TWO_RESYNCS = Duration.ofMillis(4500);

    private final Class<R> type;
    private final String observeAction;
    private final Supplier<KubernetesClient> client;
    private final Supplier<String> namespace;

    /**
     * @param type the custom resource class
     * @param observeAction the IAM action the operator calls exactly once per reconcile that reads
     *     an object of this kind on its own ({@code GetPolicy}, {@code GetRole}, ...), found or not
     * @param client the test's client (injected after the test instance is built, hence lazily)
     * @param namespace the running test's namespace (set before each test, hence lazily)
     */
    TestObjects(
            Class<R> type,
            String observeAction,
            Supplier<KubernetesClient> client,
            Supplier<String> namespace) {
        this.type = type;
        this.observeAction = observeAction;
        this.client = client;
        this.namespace = namespace;
    }

    // ----------------------------------------------------------------------------- read, edit

    public Resource<R> resource(String name) {
        return client.get().resources(type).inNamespace(namespace.get()).withName(name);
    }

    /** The object, or {@code null} when there is none. */
    public R get(String name) {
        return resource(name).get();
    }

    /**
     * Changes the object as a user's {@code kubectl edit} would, again when the operator wrote its
     * status in between (409 Conflict).
     */
    public R edit(String name, Consumer<R> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return resource(name)
                        .edit(
                                o -> {
                                    change.accept(o);
                                    return o;
                                });
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    /** Changes the object's spec; see {@link #edit}. */
    public R editSpec(String name, Consumer<S> change) {
        return edit(name, o -> change.accept(o.getSpec()));
    }

    /** Sets an annotation, or removes it when {@code value} is {@code null}. */
    public R annotate(String name, String key, String value) {
        return edit(
                name,
                o -> {
                    Map<String, String> a =
                            new HashMap<>(
                                    o.getMetadata().getAnnotations() == null
                                            ? Map.of()
                                            : o.getMetadata().getAnnotations());
                    if (value == null) {
                        a.remove(key);
                    } else {
                        a.put(key, value);
                    }
                    o.getMetadata().setAnnotations(a);
                });
    }

    public void delete(String name) {
        resource(name).delete();
    }

    /** Waits until the object is gone from the API server (its finalizer removed). */
    public void awaitGone(String name) {
        await().atMost(TIMEOUT).pollInterval(POLL).until(() -> get(name) == null);
    }

    // ------------------------------------------------------------------------ conditions, events

    /** The condition of this type, empty while the object or its status is missing. */
    public Optional<Condition> condition(String name, String conditionType) {
        return conditionOf(get(name), conditionType);
    }

    /** The Ready condition. */
    public Optional<Condition> ready(String name) {
        return condition(name, Conditions.READY);
    }

    /** The condition of this type of an object already read. */
    public static Optional<Condition> conditionOf(ManagedResource<?, ?> o, String conditionType) {
        return o == null || o.getStatus() == null
                ? Optional.empty()
                : Conditions.find(o.getStatus(), conditionType);
    }

    /** Waits until the Ready condition has this status and reason, and returns the object. */
    public R awaitReady(String name, boolean status, String reason) {
        return awaitCondition(name, Conditions.READY, status, reason);
    }

    /**
     * Waits until the condition of this type has this status and reason; returns the object.
     *
     * <p>Ready=True with the reason of an action ({@code Created}, {@code Adopted}, {@code
     * Recovered}, {@code DriftCorrected}) lasts until the next resync, which records {@code
     * UpToDate} (2 s in the test profile): a test thread held up that long would miss it. Such a
     * wait is also met by an object still Ready that has made one more such transition than the
     * waits before have seen, as its Kubernetes events count them (one Normal event per action).
     */
    public R awaitCondition(String name, String conditionType, boolean status, String reason) {
        String expected = status ? "True" : "False";
        boolean action =
                Conditions.READY.equals(conditionType) && status && ACTIONS.contains(reason);
        // untilAsserted, so that a timeout says what the condition was instead.
        await().atMost(TIMEOUT)
                .pollInterval(POLL)
                .untilAsserted(
                        () -> {
                            Optional<Condition> c = condition(name, conditionType);
                            boolean now =
                                    c.filter(
                                                    x ->
                                                            expected.equals(x.getStatus())
                                                                    && reason.equals(x.getReason()))
                                            .isPresent();
                            if (action
                                    && (now
                                            || c.filter(x -> "True".equals(x.getStatus()))
                                                    .isPresent())) {
                                String uid = uid(name);
                                String key = uid + "/" + reason;
                                long made = actionEvents(uid, reason);
                                long awaited = actionsAwaited.getOrDefault(key, 0L);
                                if (now) {
                                    // Its event may follow the status write: count it already.
                                    actionsAwaited.put(key, Math.max(awaited, Math.max(made, 1)));
                                    return;
                                }
                                if (made > awaited) {
                                    actionsAwaited.put(key, made);
                                    return;
                                }
                            } else if (now) {
                                return;
                            }
                            throw new AssertionError(
                                    String.format(
                                            "%s %s: expected %s=%s %s, is %s",
                                            type.getSimpleName(),
                                            name,
                                            conditionType,
                                            expected,
                                            reason,
                                            c.map(
                                                            x ->
                                                                    x.getStatus()
                                                                            + " "
                                                                            + x.getReason()
                                                                            + ": "
                                                                            + x.getMessage())
                                                    .orElse("not set")));
                        });
        return get(name);
    }

    /** How many times the object made this action, as its Normal events count them. */
    private long actionEvents(String uid, String reason) {
        return client.get().v1().events().inNamespace(namespace.get()).list().getItems().stream()
                .filter(e -> e.getInvolvedObject() != null)
                .filter(e -> uid.equals(e.getInvolvedObject().getUid()))
                .filter(e -> reason.equals(e.getReason()) && "Normal".equals(e.getType()))
                .mapToLong(e -> e.getCount() == null ? 1 : e.getCount())
                .sum();
    }

    // ------------------------------------------------------------------- proof the operator looked

    /**
     * Waits until two more reconciles of the object finished (the engine counts them per object: a
     * resync that finds nothing new writes no status), so anything a resync would have done has
     * been done. For objects that are requeued: those with an AWS resource (Ready, drift reported,
     * adopted). Works against an external endpoint too.
     */
    public void awaitSyncedAgain(String name) {
        awaitSyncedAgain(name, 2);
    }

    /** {@link #awaitSyncedAgain(String)}, {@code times} times. */
    public void awaitSyncedAgain(String name, int times) {
        awaitReconciles(name, finishedReconciles(name) + times);
    }

    /**
     * How many reconciles of the object finished so far: a mark to take before an action whose
     * reconcile {@link #awaitReconciles} then waits for (taken after, it may already count it).
     */
    public long finishedReconciles(String name) {
        return activity().finishedReconciles(uid(name));
    }

    /** Waits until {@code atLeast} reconciles of the object have finished. */
    public void awaitReconciles(String name, long atLeast) {
        String uid = uid(name);
        ReconcileActivity activity = activity();
        await().atMost(TIMEOUT)
                .pollInterval(POLL)
                .until(() -> activity.finishedReconciles(uid) >= atLeast);
    }

    private String uid(String name) {
        R o = get(name);
        if (o == null) {
            throw new AssertionError(name + " does not exist");
        }
        return o.getMetadata().getUid();
    }

    private static ReconcileActivity activity() {
        return Arc.container().instance(ReconcileActivity.class).get();
    }

    /**
     * Waits until the operator observed {@code awsName} (a name, or an ARN) twice more in AWS with
     * this kind's observe action, or through three more account scans (a resync of a synced Role,
     * User, Group or Policy compares with the scan instead of reading it): two resyncs ran, so a
     * wrong write would have happened. For objects whose status does not change on a resync:
     * refused ({@code AlreadyExistsNotOwned}), or observing a resource that does not exist.
     */
    public void awaitObservedAgain(String awsName) {
        awaitObservedAgain(awsName, 2);
    }

    /** {@link #awaitObservedAgain(String)}, {@code times} more observations. */
    public void awaitObservedAgain(String awsName, int times) {
        Optional<IamCalls> log = callLog();
        if (log.isEmpty()) {
            // An external endpoint (SdkBackend) keeps no call log, and these objects' status does
            // not move on a resync: nothing observable says a resync happened. The one place a
            // test sleeps through resyncs instead; the assertions that follow still run.
            sleep(TWO_RESYNCS);
            return;
        }
        long before = log.get().count(awsName, observeAction);
        long scansBefore = scans(log.get());
        // A resync may compare with the account scan instead of reading the object: times + 1 more
        // scans, at least a resync interval apart, span `times` resyncs of every object.
        await().atMost(TIMEOUT)
                .pollInterval(POLL)
                .until(
                        () -> {
                            IamCalls now = callLog().orElseThrow();
                            return now.count(awsName, observeAction) >= before + times
                                    || scans(now) >= scansBefore + times + 1;
                        });
    }

    private static long scans(IamCalls log) {
        return log.all().stream()
                .filter(c -> c.action().equals("GetAccountAuthorizationDetails"))
                .count();
    }

    /**
     * For an object refused as {@code InvalidSpec}, which the operator does not requeue: there is
     * no resync to wait for, and the reconcile that wrote the condition made its calls (none, if
     * correct) before writing it. What a "nothing more happens" assertion needs is that a later
     * reconcile, going through validation again, also calls nothing: pausing and resuming the
     * object forces exactly that (paused → {@code Paused}, resumed → validated → {@code
     * InvalidSpec} again), and both are seen in the Ready condition.
     */
    public void awaitRevalidated(String name) {
        Condition before = ready(name).orElseThrow();
        annotate(name, ResourcePolicies.PAUSED, "true");
        awaitReady(name, false, "Paused");
        annotate(name, ResourcePolicies.PAUSED, null);
        awaitReady(name, false, before.getReason());
    }

    private static Optional<IamCalls> callLog() {
        return IamEmulatorResource.builtInEmulator().map(e -> new IamCalls(e.calls()));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
