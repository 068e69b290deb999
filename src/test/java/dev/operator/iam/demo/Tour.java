package dev.operator.iam.demo;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.emulator.Hold;
import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The sandbox's story, screen by screen, on the objects of {@code examples/}: what this operator
 * does that others do not, each shown happening rather than described. Every screen waits for the
 * operator's own answer (a condition reason) and fails loudly if it does not come.
 */
final class Tour {

    static final int SCREENS = 5;

    private static final String CRASH_EXAMPLE = "policy-s3-read-only.yaml";
    private static final String ADOPT_EXAMPLE = "policy-adopt-existing.yaml";
    private static final String REPORT_EXAMPLE = "policy-report-drift-only.yaml";
    private static final String TENANCY_EXAMPLE = "tenancy/app-teams.yaml";
    private static final String ADOPTION_ANNOTATION = "iam.operator.dev/adoption-policy";
    private static final String TENANT = "team-a";
    private static final String WIDENED =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                    + "\"Resource\":\"*\"}]}";
    private static final String ESCALATION =
            """
            apiVersion: iam.operator.dev/v1alpha1
            kind: Role
            metadata:
              name: %1$s-escalate
              namespace: %1$s
            spec:
              assumeRolePolicyDocument: >-
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                "Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}
              policies:
                - arn:aws:iam::aws:policy/AdministratorAccess
            """
                    .formatted(TENANT);

    private final IamEmulator emulator;
    private final KubernetesClient client;
    private final ExampleObjects examples;
    private final Path examplesDir;
    private final Function<String, OperatorProcess> operators;
    private final Duration timeout;
    private final PrintStream out;

    /** What an object's event says that its current condition no longer does, by object. */
    private final Map<String, String> notes = new HashMap<>();

    /**
     * @param operators a new, not yet started operator process of the given name
     * @param timeout how long to wait for each answer of the operator (a drift needs a resync)
     */
    Tour(
            IamEmulator emulator,
            KubernetesClient client,
            ExampleObjects examples,
            Path examplesDir,
            Function<String, OperatorProcess> operators,
            Duration timeout,
            PrintStream out) {
        this.emulator = emulator;
        this.client = client;
        this.examples = examples;
        this.examplesDir = examplesDir;
        this.operators = operators;
        this.timeout = timeout;
        this.out = out;
    }

    /**
     * Screen 1: the operator is killed after IAM committed {@code CreatePolicy} and before the
     * answer arrived; a new process recovers the policy. Returns that process, which keeps running.
     */
    OperatorProcess killedBetweenCreateAndAnswer() {
        screen(1, "Killed between CreatePolicy and its answer");
        Hold answer = emulator.faults().holdResponse("CreatePolicy");
        OperatorProcess first = operators.apply("before-crash").start().awaitStarted();
        HasMetadata policy = examples.apply(example(CRASH_EXAMPLE), item -> {}).get(0);
        String name = policy.getMetadata().getName();
        say("Applied Policy " + id(policy) + " (examples/" + CRASH_EXAMPLE + ").");
        if (!answer.awaitHeld(timeout)) {
            throw new IllegalStateException(
                    "CreatePolicy never reached IAM; see " + first.logFile());
        }
        PolicySnapshot inAws = onlyPolicyNamed(awsName(policy));
        say(
                "IAM created it, with the ownership tags in the same call ("
                        + "iam.operator.dev/uid="
                        + inAws.tags().get("iam.operator.dev/uid")
                        + "), and holds the answer.");
        say(
                "The object records only the intent: status.createIntent "
                        + (examples.statusField(policy, "createIntent").isPresent()
                                ? "set"
                                : "unset")
                        + ", status.arn "
                        + examples.statusField(policy, "arn").orElse("empty")
                        + ".");
        first.kill();
        answer.releaseWithDrop();
        say(
                "Operator killed (SIGKILL), as by the OOM killer or a lost node. Starting a new one"
                        + " ...");
        OperatorProcess second = operators.apply("demo").start().awaitStarted();
        awaitReason(policy, "Recovered");
        table(List.of(policy));
        say(
                "IAM holds "
                        + policiesNamed(awsName(policy)).size()
                        + " policy named "
                        + awsName(policy)
                        + "; CreatePolicy was called "
                        + emulator.callCount("CreatePolicy")
                        + " time: found by its name, known as ours by its tags.");
        say(
                "ACK, in this moment, calls CreatePolicy again, gets EntityAlreadyExists, and"
                        + " retries forever while the policy sits in AWS unmanaged.");
        return second;
    }

    /**
     * Screen 2: a policy of that name exists and is not ours: refused, untouched; adopted once the
     * object asks for it. The policy is made in IAM first, so the example really adopts.
     */
    void refusedThenAdopted() {
        screen(2, "Not ours: refused, then adopted on request");
        Path file = example(ADOPT_EXAMPLE);
        HasMetadata asWritten = examples.read(file).get(0);
        String document = examples.specField(asWritten, "policyDocument").orElseThrow();
        emulator.seedPolicy(awsName(asWritten), "/", document, Map.of());
        say("Someone created policy " + awsName(asWritten) + " in IAM by hand: no ownership tags.");
        HasMetadata refused =
                examples.apply(
                                file,
                                item ->
                                        item.getMetadata()
                                                .getAnnotations()
                                                .remove(ADOPTION_ANNOTATION))
                        .get(0);
        say(
                "Applied examples/"
                        + ADOPT_EXAMPLE
                        + " without its "
                        + ADOPTION_ANNOTATION
                        + " annotation:");
        awaitReason(refused, "AlreadyExistsNotOwned");
        table(List.of(refused));
        say(
                "IAM's policy is untouched (tags: "
                        + onlyPolicyNamed(awsName(asWritten)).tags()
                        + "). Applied as written ("
                        + ADOPTION_ANNOTATION
                        + ": "
                        + asWritten.getMetadata().getAnnotations().get(ADOPTION_ANNOTATION)
                        + "):");
        HasMetadata adopted = examples.apply(file, item -> {}).get(0);
        awaitReason(adopted, "Adopted");
        table(List.of(adopted));
        say("Now tagged as ours: " + onlyPolicyNamed(awsName(asWritten)).tags().keySet());
    }

    /**
     * Screen 4: two policies changed in IAM by hand: one reverted, one (drift-policy: report) only
     * reported.
     */
    void driftRevertedAndReported(String resync) {
        screen(4, "Drift: changed in IAM by hand, found at the next resync");
        HasMetadata reverted = examples.read(example(CRASH_EXAMPLE)).get(0);
        HasMetadata reported = examples.read(example(REPORT_EXAMPLE)).get(0);
        for (HasMetadata policy : List.of(reverted, reported)) {
            emulator.putPolicyVersionOutOfBand(onlyPolicyNamed(awsName(policy)).arn(), WIDENED);
        }
        say(
                "Widened "
                        + awsName(reverted)
                        + " and "
                        + awsName(reported)
                        + " to Allow * on * in IAM. Waiting for the next resync (every "
                        + resync
                        + " here) ...");
        awaitReason(reverted, "DriftCorrected");
        awaitReason(reported, "DriftReported");
        table(List.of(reverted, reported));
        say(
                awsName(reverted)
                        + " is back to its spec; "
                        + awsName(reported)
                        + " (drift-policy: report) is left as found, with status.drift "
                        + examples.statusField(reported, "drift").orElse("[]")
                        + ".");
    }

    /**
     * Screen 5: a team's namespace, governed by examples/tenancy/app-teams.yaml, asks for a role
     * with AdministratorAccess: refused before any IAM call names it.
     */
    void tenantAttackRefused() {
        screen(5, "Tenancy: a team asks for more than its TenantPolicy allows");
        client.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(TENANT)
                                .addToLabels("iam.operator.dev/tenant", "app")
                                .endMetadata()
                                .build())
                .createOr(NonDeletingOperation::update);
        examples.apply(example(TENANCY_EXAMPLE), item -> {});
        say(
                "Namespace "
                        + TENANT
                        + " (label iam.operator.dev/tenant=app) is governed by TenantPolicy"
                        + " app-teams (examples/"
                        + TENANCY_EXAMPLE
                        + "). Its team applies a Role with AdministratorAccess:");
        HasMetadata attack =
                client.load(new ByteArrayInputStream(ESCALATION.getBytes(StandardCharsets.UTF_8)))
                        .items()
                        .get(0);
        attack = examples.apply(attack);
        awaitReason(attack, "NotPermitted");
        table(List.of(attack));
        long named =
                emulator.calls().stream()
                        .filter(
                                call ->
                                        call.params().values().stream()
                                                .anyMatch(v -> v.contains("escalate")))
                        .count();
        say("IAM calls naming it: " + named + ".");
    }

    /** The heading of a screen. */
    void screen(int number, String title) {
        String heading = "== " + number + "/" + SCREENS + "  " + title + " ";
        out.println();
        out.println(heading + "=".repeat(Math.max(3, 100 - heading.length())));
    }

    private void say(String line) {
        out.println(line);
    }

    private void table(List<HasMetadata> objects) {
        out.print(StatusTable.of(examples, objects).render());
        for (HasMetadata object : objects) {
            String note = notes.remove(id(object));
            if (note != null) {
                out.println(note);
            }
        }
    }

    /**
     * Waits until the object's Ready condition has this reason, or an event says it had it: the
     * reason of an action (Recovered, Adopted, DriftCorrected) gives way to UpToDate at the next
     * resync, which on a busy machine can come before this looks. The table then shows the current
     * condition, with the event under it.
     */
    private void awaitReason(HasMetadata object, String reason) {
        try {
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> hasReason(object, reason) || event(object, reason).isPresent());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "the operator did not answer "
                            + id(object)
                            + " with "
                            + reason
                            + " within "
                            + timeout.toSeconds()
                            + " s; its Ready condition: "
                            + examples.readyCondition(object).orElse(Map.of()),
                    e);
        }
        if (!hasReason(object, reason)) {
            Event event = event(object, reason).orElseThrow();
            notes.put(
                    id(object),
                    "    event "
                            + reason
                            + ": "
                            + event.getMessage()
                            + " (since then a resync found it "
                            + examples.readyCondition(object).map(c -> c.get("reason")).orElse("-")
                            + ")");
        }
    }

    private boolean hasReason(HasMetadata object, String reason) {
        return examples.readyCondition(object)
                .map(c -> reason.equals(String.valueOf(c.get("reason"))))
                .orElse(false);
    }

    /** The latest event of this reason about the object, if the operator recorded one. */
    private Optional<Event> event(HasMetadata object, String reason) {
        return client
                .v1()
                .events()
                .inNamespace(object.getMetadata().getNamespace())
                .list()
                .getItems()
                .stream()
                .filter(e -> reason.equals(e.getReason()))
                .filter(e -> e.getInvolvedObject() != null)
                .filter(e -> object.getKind().equals(e.getInvolvedObject().getKind()))
                .filter(e -> object.getMetadata().getName().equals(e.getInvolvedObject().getName()))
                .reduce((first, second) -> second);
    }

    private Path example(String name) {
        Path file = examplesDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the tour needs " + file);
        }
        return file;
    }

    /** The IAM name: spec.name, else the object's name. */
    private String awsName(HasMetadata object) {
        return examples.specField(object, "name").orElse(object.getMetadata().getName());
    }

    private List<PolicySnapshot> policiesNamed(String name) {
        return emulator.policies().stream().filter(p -> p.name().equalsIgnoreCase(name)).toList();
    }

    private PolicySnapshot onlyPolicyNamed(String name) {
        List<PolicySnapshot> named = policiesNamed(name);
        if (named.size() != 1) {
            throw new IllegalStateException(named.size() + " policies named " + name + " in IAM");
        }
        return named.get(0);
    }

    private static String id(HasMetadata object) {
        return Optional.ofNullable(object.getMetadata().getNamespace())
                        .map(ns -> ns + "/")
                        .orElse("")
                + object.getMetadata().getName();
    }
}
