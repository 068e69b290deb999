package dev.operator.iam.testing;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicySpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Shared helpers of the {@code @QuarkusTest} classes: every test gets its own namespace, so tests
 * never see each other's objects; {@link TestObjects} (one per kind: {@link #objects}) creates,
 * reads, edits and waits on them.
 */
@org.junit.jupiter.api.Tag("quarkus") // inherited: ./mvnw test -Punit leaves every @QuarkusTest out
public abstract class OperatorTestSupport {

    public static final String DOC_READ =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",\
            "Resource":"arn:aws:s3:::bucket-a/*"}]}\
            """;
    public static final String DOC_WRITE =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject"],\
            "Resource":["arn:aws:s3:::bucket-a/*"]}]}\
            """;
    public static final Duration TIMEOUT = TestObjects.TIMEOUT;
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Logger LOG = Logger.getLogger(OperatorTestSupport.class);

    /**
     * The Operator SDK's retry timer races with the cancel of a deleted object's retry (JOSDK 5.3.2
     * {@code TimerEventSource.scheduleOnce}: a task put in its map, cancelled by another thread,
     * then scheduled), and its reconciler thread then dies with this exception. Awaitility fails
     * whatever wait is running on any uncaught exception of another thread; this one is the SDK's,
     * about an object already going away, and is left out. Every other one still fails.
     */
    static final String SDK_TIMER_RACE = "Task already scheduled or cancelled";

    static {
        Awaitility.ignoreExceptionsByDefaultMatching(
                e -> e instanceof IllegalStateException && SDK_TIMER_RACE.equals(e.getMessage()));
    }

    @Inject protected KubernetesClient client;

    /** The Policy objects of this test. */
    protected final TestObjects<Policy, PolicySpec> policies = objects(Policy.class, "GetPolicy");

    protected String namespace;
    private String testName;
    private int callLogChecksNotRun;

    @BeforeEach
    void namespacePerTest(TestInfo info) {
        String method = info.getTestMethod().map(m -> m.getName()).orElse("test").toLowerCase();
        namespace =
                (method.length() > 40 ? method.substring(0, 40) : method)
                        + "-"
                        + COUNTER.incrementAndGet();
        testName =
                getClass().getSimpleName()
                        + "."
                        + info.getTestMethod().map(m -> m.getName()).orElse("?");
        callLogChecksNotRun = 0;
    }

    @AfterEach
    void reportCallLogChecksNotRun() {
        if (callLogChecksNotRun > 0) {
            LOG.infof(
                    "%s: %d call-log check(s) not run, they need the built-in IAM emulator",
                    testName, callLogChecksNotRun);
        }
    }

    /** The AWS account the operator works on: the built-in emulator or an external endpoint. */
    protected IamBackend backend() {
        return IamEmulatorResource.backend();
    }

    /**
     * The built-in emulator, for what only it can do: fault injection and the encoding of
     * documents. Skips the test when running against an external endpoint; inspect and arrange with
     * {@link #backend()}.
     */
    protected IamEmulator emulator() {
        return IamEmulatorResource.emulator();
    }

    /**
     * The IAM calls the built-in emulator has received so far; empty against an external endpoint,
     * which keeps no record of them. Call-count checks go in {@code callLog().ifPresent(...)}, next
     * to the assertions on the behaviour they refine, which go through {@link #backend()} and run
     * everywhere.
     */
    protected Optional<IamCalls> callLog() {
        Optional<IamCalls> calls =
                IamEmulatorResource.builtInEmulator().map(e -> new IamCalls(e.calls()));
        if (calls.isEmpty()) {
            callLogChecksNotRun++;
        }
        return calls;
    }

    /** A Policy object in this test's namespace. */
    protected Policy policy(
            String name, String document, Map<String, String> annotations, Tag... tags) {
        Policy p = new Policy();
        p.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withAnnotations(annotations)
                        .build());
        PolicySpec spec = new PolicySpec();
        spec.setPolicyDocument(document);
        spec.setTags(Arrays.asList(tags));
        p.setSpec(spec);
        return p;
    }

    protected Policy policy(String name, String document) {
        return policy(name, document, Map.of());
    }

    /** Creates the object in this test's namespace. */
    protected <R extends ManagedResource<?, ?>> R apply(R object) {
        object.getMetadata().setNamespace(namespace);
        return client.resource(object).create();
    }

    /**
     * The objects of one kind in this test's namespace, with the waits on them.
     *
     * @param observeAction the IAM action the operator observes an object of this kind with, once
     *     per reconcile ({@link TestObjects#awaitObservedAgain})
     */
    protected final <R extends ManagedResource<S, ?>, S extends IamSpec> TestObjects<R, S> objects(
            Class<R> type, String observeAction) {
        return new TestObjects<>(type, observeAction, () -> client, () -> namespace);
    }

    protected String policyArn(String name) {
        return "arn:aws:iam::" + backend().accountId() + ":policy/" + name;
    }

    /** The policy of this name in AWS; fails when there is none. */
    protected PolicySnapshot awsPolicy(String name) {
        return backend()
                .policy(policyArn(name))
                .orElseThrow(() -> new AssertionError("no policy " + name + " in AWS"));
    }

    /** Whether AWS holds a policy of this name. */
    protected boolean existsInAws(String name) {
        return backend().policy(policyArn(name)).isPresent();
    }

    /** The events of this test's namespace about an object of this name, of any kind. */
    protected List<Event> events(String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    /** The Ready condition of an object already read; empty while it has no status. */
    /**
     * Whether a call only looked at IAM: a Get or List, or a Create that IAM refused because the
     * name was taken (a new object creates without observing first; the refusal changed nothing).
     */
    protected static boolean onlyLookedAt(dev.operator.iam.emulator.RecordedCall c) {
        return c.action().startsWith("Get")
                || c.action().startsWith("List")
                || (c.action().startsWith("Create") && "EntityAlreadyExists".equals(c.errorCode()));
    }

    protected static Optional<Condition> readyOf(ManagedResource<?, ?> o) {
        return TestObjects.conditionOf(o, Conditions.READY);
    }

    /** The condition of this type of an object already read; empty while it has no status. */
    protected static Optional<Condition> conditionOf(ManagedResource<?, ?> o, String type) {
        return TestObjects.conditionOf(o, type);
    }

    /** The ownership tags the operator writes for an object of this test. */
    protected Map<String, String> ownershipTags(HasMetadata p) {
        return Map.of(
                "iam.operator.dev/cluster",
                "default",
                "iam.operator.dev/namespace",
                namespace,
                "iam.operator.dev/name",
                p.getMetadata().getName(),
                "iam.operator.dev/uid",
                p.getMetadata().getUid());
    }
}
