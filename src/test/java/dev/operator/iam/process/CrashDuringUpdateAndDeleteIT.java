package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.Hold;
import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.policy.Policy;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash matrix for Policy updates and deletes (creates: {@link CrashDuringCreateIT}). For each
 * mutating IAM operation, the emulator commits it and holds its answer, the operator process is
 * SIGKILLed while waiting for it, and a new process is started. Afterwards: one policy per object,
 * no second CreatePolicy, the operation not repeated, the object converged to its spec with
 * Ready=True (or, for a delete, gone together with its policy), and a policy we do not own left
 * exactly as it was.
 *
 * <p>Fast enough for every build: one emulator and one API server for all cases, each case's
 * objects in their own names, and the process started after one crash is the one the next case
 * crashes, so every case costs one process start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashDuringUpdateAndDeleteIT {

    private static final String NAMESPACE = "matrix";
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final String NEW_DOCUMENT = PolicyObjects.document("s3:PutObject");
    private static final String NOT_OURS = "not-ours";
    private static final Set<String> READ_ONLY_PREFIXES = Set.of("Get", "List");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the spec change of a case is. */
    enum Change {
        DOCUMENT,
        ADD_TAG,
        REMOVE_TAG,
        DELETE
    }

    /**
     * One cell of the matrix.
     *
     * @param operation the IAM action whose answer is held when the process is killed
     * @param object the Policy object (and AWS policy name) of this case
     * @param oldVersions versions added before the change, beside v1, so that the policy holds
     *     {@code 1 + oldVersions}
     * @param tags the spec's tags before the change
     * @param calls how many calls of {@code operation} on this policy the whole case makes: the
     *     killed one is never repeated
     */
    record Crash(
            String operation,
            Change change,
            String object,
            int oldVersions,
            Map<String, String> tags,
            int calls) {

        @Override
        public String toString() {
            return operation + " during " + (change == Change.DELETE ? "delete" : "update");
        }
    }

    static Stream<Crash> matrix() {
        return Stream.of(
                new Crash("CreatePolicyVersion", Change.DOCUMENT, "new-version", 0, Map.of(), 1),
                // five versions: the update must delete the oldest one before it creates a sixth
                new Crash("DeletePolicyVersion", Change.DOCUMENT, "fifth-version", 4, Map.of(), 1),
                new Crash("TagPolicy", Change.ADD_TAG, "tag-added", 0, Map.of(), 1),
                new Crash(
                        "UntagPolicy", Change.REMOVE_TAG, "tag-removed", 0, Map.of("old", "x"), 1),
                new Crash("DeletePolicy", Change.DELETE, "deleted", 0, Map.of(), 1),
                // IAM refuses to delete a policy with non-default versions: those go first
                new Crash(
                        "DeletePolicyVersion", Change.DELETE, "deleted-versions", 2, Map.of(), 2));
    }

    private IamEmulator emulator;
    private MockApiServer api;
    private PolicyObjects policies;
    private OperatorProcess operator;
    private PolicySnapshot notOurs;
    private final List<OperatorProcess> processes = new ArrayList<>();
    private final Map<String, Duration> caseTimes = new LinkedHashMap<>();
    private final Map<String, Integer> expectedVersions = new HashMap<>();
    private long started;

    @BeforeAll
    void startEnvironment() {
        OperatorProcess.assumePackaged();
        started = System.nanoTime();
        emulator = IamEmulator.start();
        api = MockApiServer.start();
        api.installCrds();
        policies = PolicyObjects.in(api, NAMESPACE);
        // A policy someone else made, and an object that names it: the operator must refuse it,
        // through every crash and restart, and never change it.
        notOurs = emulator.seedPolicy(NOT_OURS, null, PolicyObjects.DOCUMENT, null);
        operator = start("first");
        policies.create(NOT_OURS);
        policies.awaitReady(NOT_OURS, "False", "AlreadyExistsNotOwned", TIMEOUT);
    }

    @AfterAll
    void stopEnvironment() {
        try {
            processes.forEach(OperatorProcess::close);
        } finally {
            if (emulator != null) {
                emulator.close();
            }
            if (api != null) {
                api.close();
            }
        }
        if (started != 0) {
            StringBuilder report =
                    new StringBuilder(
                            String.format(
                                    "crash matrix (Policy update and delete): %d case(s) in %.1f s"
                                            + " (all included: environment, %d process starts)%n",
                                    caseTimes.size(),
                                    (System.nanoTime() - started) / 1e9,
                                    processes.size()));
            caseTimes.forEach(
                    (name, time) ->
                            report.append(
                                    String.format(
                                            "  %-40s %5.1f s%n", name, time.toMillis() / 1e3)));
            System.out.print(report);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    @Order(1)
    void aCrashWhileIamAnswersLeavesOnePolicyConvergedToTheSpec(Crash crash) {
        long caseStart = System.nanoTime();
        withLogsOnFailure(
                () -> {
                    String arn = arrange(crash);
                    Hold answer = emulator.faults().holdResponse(crash.operation());
                    change(crash);

                    assertThat(answer.awaitHeld(TIMEOUT))
                            .as("%s reached IAM within %s", crash.operation(), TIMEOUT)
                            .isTrue();
                    operator.kill();
                    answer.releaseWithDrop();
                    operator = start("after-" + crash.operation() + "-" + crash.object());

                    if (crash.change() == Change.DELETE) {
                        assertDeleted(crash, arn);
                    } else {
                        assertConverged(crash, arn);
                    }
                    assertThat(callsOn(arn, crash.operation()))
                            .as("%s calls on %s (the one killed is not repeated)", crash, arn)
                            .isEqualTo(crash.calls());
                    assertThat(creates(crash.object()))
                            .as("CreatePolicy calls for %s, ever", crash.object())
                            .isEqualTo(1);
                    assertNotOursUntouched();
                    assertThat(policies.ready(NOT_OURS))
                            .as("Ready of the object naming a policy we do not own")
                            .hasValueSatisfying(
                                    c ->
                                            assertThat(c.getStatus() + "/" + c.getReason())
                                                    .isEqualTo("False/AlreadyExistsNotOwned"));
                });
        caseTimes.put(crash.toString(), Duration.ofNanos(System.nanoTime() - caseStart));
    }

    /**
     * After every crash, the objects of earlier cases are still Ready with one policy each;
     * deleting all objects leaves nothing the operator created, and the policy it does not own.
     */
    @Test
    @Order(2)
    void deletingEveryObjectAfterTheCrashesLeavesOnlyWhatIsNotOurs() {
        withLogsOnFailure(
                () -> {
                    List<String> remaining =
                            matrix().filter(c -> c.change() != Change.DELETE)
                                    .map(Crash::object)
                                    .toList();
                    for (String name : remaining) {
                        policies.awaitReady(name, TIMEOUT);
                        assertThat(policiesNamed(name)).as("policies named %s", name).hasSize(1);
                    }

                    for (String name : remaining) {
                        policies.object(name).delete();
                    }
                    policies.object(NOT_OURS).delete();
                    for (String name : remaining) {
                        policies.awaitGone(name, TIMEOUT);
                    }
                    policies.awaitGone(NOT_OURS, TIMEOUT);

                    assertThat(emulator.policies())
                            .as("policies left in AWS")
                            .extracting(PolicySnapshot::name)
                            .containsExactly(NOT_OURS);
                    assertNotOursUntouched();
                });
    }

    /** Creates the case's object, waits until it is Ready, adds old versions; returns its ARN. */
    private String arrange(Crash crash) {
        policies.create(crash.object(), PolicyObjects.DOCUMENT, crash.tags());
        String arn = policies.awaitReady(crash.object(), TIMEOUT).getStatus().getArn();
        // the same document as the spec: versions, not drift
        for (int i = 0; i < crash.oldVersions(); i++) {
            emulator.putPolicyVersionOutOfBand(arn, PolicyObjects.DOCUMENT);
        }
        assertThat(emulator.policy(arn).orElseThrow().versionIds())
                .as("versions of %s before the change", arn)
                .hasSize(1 + crash.oldVersions());
        // An update creates one version; at five, it first deletes one.
        expectedVersions.put(
                crash.object(),
                crash.change() == Change.DOCUMENT ? Math.min(5, 2 + crash.oldVersions()) : 1);
        return arn;
    }

    private void change(Crash crash) {
        switch (crash.change()) {
            case DOCUMENT ->
                    policies.editSpec(crash.object(), spec -> spec.setPolicyDocument(NEW_DOCUMENT));
            case ADD_TAG ->
                    policies.editSpec(
                            crash.object(),
                            spec -> {
                                List<Tag> tags = new ArrayList<>(spec.getTags());
                                tags.add(new Tag("team", "payments"));
                                spec.setTags(tags);
                            });
            case REMOVE_TAG ->
                    policies.editSpec(crash.object(), spec -> spec.setTags(new ArrayList<>()));
            case DELETE -> policies.object(crash.object()).delete();
        }
    }

    private void assertConverged(Crash crash, String arn) {
        Policy ready = policies.awaitReady(crash.object(), TIMEOUT);
        assertThat(ready.getStatus().getArn()).as("status.arn").isEqualTo(arn);
        List<PolicySnapshot> named = policiesNamed(crash.object());
        assertThat(named).as("policies named %s", crash.object()).hasSize(1);
        PolicySnapshot policy = named.get(0);
        assertThat(json(policy.defaultDocument()))
                .as("default document of %s", arn)
                .isEqualTo(json(ready.getSpec().getPolicyDocument()));
        assertThat(policy.versionIds())
                .as("versions of %s", arn)
                .hasSize(expectedVersions.get(crash.object()));
        Map<String, String> expectedTags = new HashMap<>(PolicyObjects.ownershipTags(ready));
        ready.getSpec().getTags().forEach(t -> expectedTags.put(t.getKey(), t.getValue()));
        assertThat(policy.tags()).as("tags of %s", arn).isEqualTo(expectedTags);
    }

    private void assertDeleted(Crash crash, String arn) {
        policies.awaitGone(crash.object(), TIMEOUT);
        assertThat(emulator.policy(arn)).as("policy %s in AWS", arn).isEmpty();
        assertThat(policiesNamed(crash.object())).as("policies named %s", crash.object()).isEmpty();
        List<String> deletedVersions =
                callsOn(arn).stream()
                        .filter(c -> c.action().equals("DeletePolicyVersion"))
                        .map(c -> c.params().get("VersionId"))
                        .toList();
        assertThat(deletedVersions)
                .as("versions deleted from %s (each once)", arn)
                .doesNotHaveDuplicates();
    }

    private void assertNotOursUntouched() {
        assertThat(emulator.policy(notOurs.arn())).as("the policy we do not own").contains(notOurs);
        assertThat(callsOn(notOurs.arn()))
                .as("calls on the policy we do not own")
                .allMatch(c -> READ_ONLY_PREFIXES.stream().anyMatch(c.action()::startsWith));
    }

    private OperatorProcess start(String name) {
        OperatorProcess process =
                OperatorProcess.builder(name)
                        .apiServer(api.url())
                        .awsEndpoint(emulator.endpoint())
                        .env("IAM_OPERATOR_RESYNC_INTERVAL", "2s")
                        .build();
        processes.add(process);
        return process.start().awaitStarted();
    }

    private List<PolicySnapshot> policiesNamed(String name) {
        return emulator.policies().stream().filter(p -> p.name().equalsIgnoreCase(name)).toList();
    }

    private List<RecordedCall> callsOn(String arn) {
        return emulator.calls().stream()
                .filter(c -> arn.equals(c.params().get("PolicyArn")))
                .toList();
    }

    private long callsOn(String arn, String action) {
        return callsOn(arn).stream().filter(c -> c.action().equals(action)).count();
    }

    private long creates(String name) {
        return emulator.calls().stream()
                .filter(c -> c.action().equals("CreatePolicy"))
                .filter(c -> name.equalsIgnoreCase(c.params().get("PolicyName")))
                .count();
    }

    private static JsonNode json(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code body}; if it fails, prints the log of the operator processes involved. */
    private void withLogsOnFailure(Runnable body) {
        try {
            body.run();
        } catch (AssertionError | RuntimeException e) {
            int from = Math.max(0, processes.size() - 2);
            for (OperatorProcess p : processes.subList(from, processes.size())) {
                System.err.println(p.describe("crash matrix failed; " + p + " ran for it"));
            }
            throw e;
        }
    }
}
