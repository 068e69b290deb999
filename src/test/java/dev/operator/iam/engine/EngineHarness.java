package dev.operator.iam.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.iam.api.IamStatus;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.Reason;
import dev.operator.iam.config.OperatorConfig;
import dev.operator.iam.metrics.OperatorMetrics;
import dev.operator.iam.tenancy.TenantPolicy;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A {@link ReconcileEngine} wired to fakes only: the {@link FakeAdapter}, a status writer and an
 * event recorder that record what they are given, and the real {@link OperatorMetrics} over a
 * {@link SimpleMeterRegistry}. No Quarkus, no Kubernetes.
 */
final class EngineHarness {

    static final String CLUSTER_ID = "test";
    static final Duration RESYNC = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    final Journal journal = new Journal();
    final FakeAdapter adapter;
    final RecordingStatusWriter statusWriter = new RecordingStatusWriter();
    final RecordingSecretWriter secretWriter = new RecordingSecretWriter();
    final RecordingEvents events = new RecordingEvents();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final OperatorMetrics metrics = new OperatorMetrics(registry);
    final FakeReferences references = new FakeReferences();
    final FakeSurroundings surroundings = new FakeSurroundings();
    final FakeAccounts accounts = new FakeAccounts();
    final ReconcileEngine engine;

    /** One account unless a test names the roles it may not assume. */
    static final class FakeAccounts implements dev.operator.iam.aws.Accounts {
        static final String OWN = "123456789012";

        /** The objects whose per-account memory the engine dropped, in order. */
        final List<String> forgotten = new ArrayList<>();

        @Override
        public void forget(String object) {
            forgotten.add(object);
        }

        @Override
        public void enter(dev.operator.iam.aws.AccountRole role) {
            dev.operator.iam.aws.AccountContext.set(role);
        }

        @Override
        public String currentId() {
            dev.operator.iam.aws.AccountRole role = dev.operator.iam.aws.AccountContext.current();
            return role == null ? OWN : role.accountId();
        }
    }

    EngineHarness(boolean taggable) {
        adapter = new FakeAdapter(journal, taggable);
        metrics.registerKind(FakeAdapter.KIND, adapter.operations());
        engine =
                new ReconcileEngine(
                        new TestConfig(),
                        statusWriter,
                        secretWriter,
                        events,
                        metrics,
                        new ReconcileActivity(),
                        accounts);
    }

    /** A reconcile of {@code resource} as the kind's reconciler makes it. */
    UpdateControl<FakeResource> reconcile(FakeResource resource) {
        return engine.reconcile(resource, adapter, surroundings);
    }

    DeleteControl cleanup(FakeResource resource) {
        return engine.cleanup(resource, adapter, surroundings);
    }

    /** The value of a counter series; every series of the kind exists from registration. */
    double counter(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        if (c == null) {
            throw new AssertionError("no counter " + name + " " + List.of(tags));
        }
        return c.count();
    }

    double gauge(String name, String... tags) {
        Gauge g = registry.find(name).tags(tags).gauge();
        if (g == null) {
            throw new AssertionError("no gauge " + name + " " + List.of(tags));
        }
        return g.value();
    }

    /** Referenced objects as the tests set them up, keyed by kind/name, in any namespace. */
    static final class FakeReferences implements ReferenceResolver {

        private final Map<String, Target> targets = new HashMap<>();
        final List<String> lookups = new ArrayList<>();

        void set(String kind, String name, Target target) {
            targets.put(kind + "/" + name, target);
        }

        @Override
        public Target resolve(String namespace, Reference reference) {
            lookups.add(namespace + "/" + reference.kind() + "/" + reference.name());
            return targets.getOrDefault(
                    reference.kind() + "/" + reference.name(), Target.missing());
        }
    }

    /** Namespaces, TenantPolicies and sibling objects as the tests set them up. */
    final class FakeSurroundings implements Surroundings {

        final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
        final List<TenantPolicy> tenantPolicies = new ArrayList<>();
        int objectsAhead;

        @Override
        public ReferenceResolver references() {
            return references;
        }

        @Override
        public Map<String, String> namespaceLabels(String namespace) {
            return namespaceLabels.getOrDefault(namespace, Map.of());
        }

        @Override
        public Collection<TenantPolicy> tenantPolicies() {
            return tenantPolicies;
        }

        @Override
        public int objectsAhead(ManagedResource<?, ?> resource) {
            return objectsAhead;
        }
    }

    /** A deep copy, so that later changes to the live status do not rewrite history. */
    static IamStatus copyOf(IamStatus status) {
        return JSON.convertValue(status, IamStatus.class);
    }

    /** Thrown by the status writer when told to fail, like an unreachable API server. */
    static final class StatusWriteFailed extends RuntimeException {
        StatusWriteFailed() {
            super("the API server did not accept the status write");
        }
    }

    /** Journals a copy of every status write that lands; can be told to reject some writes. */
    final class RecordingStatusWriter implements StatusWriter {

        private Predicate<IamStatus> rejects = s -> false;

        void rejectWhen(Predicate<IamStatus> condition) {
            rejects = condition;
        }

        @Override
        public void write(ManagedResource<?, ?> resource) {
            IamStatus copy = copyOf(resource.getStatus());
            if (rejects.test(copy)) {
                throw new StatusWriteFailed();
            }
            journal.statusWritten(copy);
        }
    }

    /** Journals every Secret write that lands; can be told to fail, like an unreachable API. */
    final class RecordingSecretWriter implements SecretWriter {

        private boolean failing;

        void failing() {
            failing = true;
        }

        @Override
        public void write(ManagedResource<?, ?> owner, ConnectionDetails details) {
            if (failing) {
                throw new IllegalStateException("the API server did not accept the Secret");
            }
            journal.secretWritten(details.secretName(), details.data().keySet());
        }

        /** The engine itself never reads, deletes nor releases a Secret: adapters do. */
        @Override
        public java.util.Optional<String> read(
                ManagedResource<?, ?> owner, String secretName, String key) {
            throw new UnsupportedOperationException("the engine reads no Secret");
        }

        @Override
        public void delete(ManagedResource<?, ?> owner, String secretName) {
            throw new UnsupportedOperationException("the engine deletes no Secret");
        }

        @Override
        public void release(ManagedResource<?, ?> owner, String secretName) {
            throw new UnsupportedOperationException("the engine releases no Secret");
        }
    }

    /** One Kubernetes Event: {@code Normal} or {@code Warning}, a reason and a message. */
    record Event(String type, Reason reason, String message) {
        String summary() {
            return type + " " + reason;
        }
    }

    static final class RecordingEvents implements EventRecorder {

        private final List<Event> events = new ArrayList<>();

        @Override
        public void normal(ManagedResource<?, ?> resource, Reason reason, String message) {
            events.add(new Event("Normal", reason, message));
        }

        @Override
        public void warning(ManagedResource<?, ?> resource, Reason reason, String message) {
            events.add(new Event("Warning", reason, message));
        }

        List<Event> all() {
            return List.copyOf(events);
        }

        List<String> summaries() {
            return events.stream().map(Event::summary).toList();
        }
    }

    /**
     * The configuration the engine reads: cluster id {@value #CLUSTER_ID}, resync every 10 minutes.
     */
    static final class TestConfig implements OperatorConfig {

        @Override
        public String clusterId() {
            return CLUSTER_ID;
        }

        @Override
        public Duration resyncInterval() {
            return RESYNC;
        }

        @Override
        public Duration unscannedResyncInterval() {
            return RESYNC.multipliedBy(24);
        }

        @Override
        public Aws aws() {
            return new Aws() {
                @Override
                public String region() {
                    return "aws-global";
                }

                @Override
                public Optional<URI> endpointOverride() {
                    return Optional.empty();
                }

                @Override
                public Optional<URI> stsEndpointOverride() {
                    return Optional.empty();
                }

                @Override
                public Duration callTimeout() {
                    return Duration.ofSeconds(30);
                }

                @Override
                public double maxCallsPerSecond() {
                    return 10;
                }

                @Override
                public int burst() {
                    return 10;
                }
            };
        }

        @Override
        public Shutdown shutdown() {
            return () -> Duration.ofSeconds(20);
        }

        @Override
        public LeaderElection leaderElection() {
            throw new UnsupportedOperationException("the engine does not read leader election");
        }

        /** Tests that predate tenancy run every namespace privileged, as design.md asks. */
        @Override
        public Tenancy tenancy() {
            return () -> UnselectedNamespaces.PRIVILEGED;
        }

        @Override
        public Optional<String> clusterOidcProviderArn() {
            return Optional.empty();
        }
    }
}
