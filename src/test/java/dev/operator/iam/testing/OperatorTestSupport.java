package dev.operator.iam.testing;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicySpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Shared helpers of the {@code @QuarkusTest} classes: every test gets its own namespace, so tests never
 * see each other's objects, and awaits conditions the way a user would read them.
 */
public abstract class OperatorTestSupport {

    public static final String DOC_READ = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-a/*"}]}""";
    public static final String DOC_WRITE = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject"],"Resource":["arn:aws:s3:::bucket-a/*"]}]}""";
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Inject
    protected KubernetesClient client;

    protected String namespace;

    @BeforeEach
    void namespacePerTest(TestInfo info) {
        String method = info.getTestMethod().map(m -> m.getName()).orElse("test").toLowerCase();
        namespace = (method.length() > 40 ? method.substring(0, 40) : method) + "-" + COUNTER.incrementAndGet();
    }

    protected IamEmulator emulator() {
        return IamEmulatorResource.emulator();
    }

    /** A Policy object in this test's namespace. */
    protected Policy policy(String name, String document, Map<String, String> annotations, Tag... tags) {
        Policy p = new Policy();
        p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withAnnotations(annotations)
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

    protected Policy apply(Policy p) {
        return client.resource(p).create();
    }

    protected Resource<Policy> policyResource(String name) {
        return client.resources(Policy.class).inNamespace(namespace).withName(name);
    }

    protected Policy get(String name) {
        return policyResource(name).get();
    }

    /** Waits until the Ready condition has this status and reason, and returns the object. */
    protected Policy awaitReady(String name, boolean status, String reason) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Optional<Condition> c = condition(name, Conditions.READY);
            return c.isPresent() && c.get().getStatus().equals(status ? "True" : "False")
                    && c.get().getReason().equals(reason);
        });
        return get(name);
    }

    protected Optional<Condition> condition(String name, String type) {
        Policy p = get(name);
        if (p == null || p.getStatus() == null) {
            return Optional.empty();
        }
        return Conditions.find(p.getStatus(), type);
    }

    protected String policyArn(String name) {
        return "arn:aws:iam::" + emulator().accountId() + ":policy/" + name;
    }

    protected PolicySnapshot awsPolicy(String name) {
        return emulator().policy(policyArn(name)).orElseThrow(() -> new AssertionError("no policy " + name + " in AWS"));
    }

    /** Every IAM call the emulator received that names this policy (by name or ARN). */
    protected List<RecordedCall> callsAbout(String name) {
        return emulator().calls().stream()
                .filter(c -> c.params().values().stream().anyMatch(v -> v.equals(name) || v.endsWith("/" + name)))
                .toList();
    }

    protected long callsAbout(String name, String action) {
        return callsAbout(name).stream().filter(c -> c.action().equals(action)).count();
    }

    protected List<Event> events(String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    protected void delete(String name) {
        policyResource(name).delete();
    }

    protected void awaitGone(String name) {
        await().atMost(TIMEOUT).until(() -> get(name) == null);
    }

    protected Map<String, String> ownershipTags(Policy p) {
        return Map.of("iam.operator.dev/cluster", "default", "iam.operator.dev/namespace", namespace,
                "iam.operator.dev/name", p.getMetadata().getName(), "iam.operator.dev/uid",
                p.getMetadata().getUid());
    }
}
