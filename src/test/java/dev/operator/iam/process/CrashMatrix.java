package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.emulator.Hold;
import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.emulator.RecordedCall;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The machinery of a process-level crash matrix: one IAM emulator and one mock API server for the
 * whole class, and one operator process at a time, the one started after a crash being the one the
 * next round kills.
 *
 * <p>A <em>round</em> crashes several {@link Cell cells} at once: the objects of every cell are
 * arranged (created and Ready), the emulator is told to commit and hold the answer of each cell's
 * operation, every cell's change is made (create, spec change or delete), and once every hold is
 * reached - reconciles of different objects run concurrently, so all of them are waiting for IAM at
 * the same time - the process is SIGKILLed and a new one started. Each cell's object is arranged so
 * that the first mutating call its change makes is its operation, and no cell calls another cell's
 * operation before its own: the holds of one action are handed out in arrival order, so any
 * assignment of holds to cells crashes every cell at its operation.
 *
 * <p>Subclasses seed one resource per kind that the operator does not own, and an object that names
 * it (and must be refused through every crash); they say what "untouched" means for them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class CrashMatrix {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> READ_ONLY_PREFIXES = Set.of("Get", "List");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One cell of the matrix.
     *
     * @param kind the kind under test
     * @param phase create, update or delete
     * @param operation the IAM action whose answer is held when the process is killed
     * @param object the object of this cell (named like its AWS resource)
     * @param arrange objects created (and awaited Ready) before the crash: the cell's own object
     *     for an update or delete, and whatever it needs
     * @param act the change whose reconcile is crashed
     * @param verify what must hold after the restart
     */
    record Cell(
            String kind,
            String phase,
            String operation,
            String object,
            List<? extends ManagedResource<?, ?>> arrange,
            Runnable act,
            Runnable verify) {}

    protected IamEmulator emulator;
    protected MockApiServer api;
    protected IamObjects objects;
    protected OperatorProcess operator;
    private final List<OperatorProcess> processes = new ArrayList<>();
    private final Map<String, Duration> roundTimes = new LinkedHashMap<>();
    private final List<String> outcomes = new ArrayList<>();
    private long started;

    /** What the report calls this matrix, e.g. "Role and InstanceProfile". */
    protected abstract String title();

    protected abstract String namespace();

    /**
     * Seeds the resources the operator does not own, creates the objects naming them, and waits
     * until those are refused; called with the first operator running.
     */
    protected abstract void seedNotOurs();

    /** The resources we do not own are as seeded, and only ever read. */
    protected abstract void assertNotOursUntouched();

    @BeforeAll
    void startEnvironment() {
        OperatorProcess.assumePackaged();
        started = System.nanoTime();
        emulator = IamEmulator.start();
        api = MockApiServer.start();
        api.installCrds();
        objects = IamObjects.in(api, namespace());
        operator = start("first");
        withLogsOnFailure(this::seedNotOurs);
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
                                    "crash matrix (%s): %d cell(s), %d round(s) in %.1f s (all"
                                            + " included: environment, %d process starts)%n",
                                    title(),
                                    outcomes.size(),
                                    roundTimes.size(),
                                    (System.nanoTime() - started) / 1e9,
                                    processes.size()));
            roundTimes.forEach(
                    (name, time) ->
                            report.append(
                                    String.format(
                                            "  round %-34s %5.1f s%n",
                                            name, time.toMillis() / 1e3)));
            outcomes.forEach(o -> report.append("  ").append(o).append('\n'));
            System.out.print(report);
        }
    }

    /** Arranges the cells, crashes all of them in one SIGKILL, restarts, verifies every cell. */
    protected void crash(String round, List<Cell> cells) {
        long roundStart = System.nanoTime();
        try {
            withLogsOnFailure(() -> runRound(round, cells));
        } finally {
            // holds a failed round left unconsumed must not catch the next round's calls
            emulator.faults().clear();
            roundTimes.put(round, Duration.ofNanos(System.nanoTime() - roundStart));
        }
    }

    private void runRound(String round, List<Cell> cells) {
        List<ManagedResource<?, ?>> arranged = new ArrayList<>();
        cells.forEach(c -> arranged.addAll(c.arrange()));
        arranged.forEach(objects::create);
        for (ManagedResource<?, ?> r : arranged) {
            objects.awaitReady(kindOf(r), r.getMetadata().getName(), TIMEOUT);
        }

        List<Hold> holds = new ArrayList<>();
        for (Cell cell : cells) {
            holds.add(emulator.faults().holdResponse(cell.operation()));
        }
        cells.forEach(c -> c.act().run());
        for (Hold hold : holds) {
            if (!hold.awaitHeld(TIMEOUT)) {
                List<String> held =
                        emulator.calls().stream()
                                .filter(c -> "held".equals(c.fault()))
                                .map(c -> c.action() + " " + c.params())
                                .toList();
                emulator.faults().clear();
                throw new AssertionError(
                        "round "
                                + round
                                + ": not every operation reached IAM within "
                                + TIMEOUT
                                + "; held: "
                                + held
                                + "; expected: "
                                + cells.stream().map(Cell::operation).toList());
            }
        }
        assertEveryCellHeldAtItsOperation(round, cells);
        operator.kill();
        holds.forEach(Hold::releaseWithDrop);
        operator = start("after-" + round);

        List<String> failures = new ArrayList<>();
        for (Cell cell : cells) {
            String row =
                    String.format(
                            "%-22s %-7s %-40s %-18s",
                            cell.kind(), cell.phase(), cell.operation(), cell.object());
            try {
                cell.verify().run();
                outcomes.add(row + " PASS");
            } catch (AssertionError | RuntimeException e) {
                outcomes.add(row + " FAIL " + firstLine(e));
                failures.add(
                        cell.kind() + " " + cell.operation() + " (" + cell.object() + "): " + e);
            }
        }
        assertNotOursUntouched();
        if (!failures.isEmpty()) {
            throw new AssertionError(
                    "round "
                            + round
                            + ": "
                            + failures.size()
                            + " cell(s) failed:\n"
                            + String.join("\n", failures));
        }
    }

    /**
     * Each cell's own object is waiting for the answer of the cell's operation: a held call of that
     * action names the object (as a name, or inside an ARN, URL, role name or task id).
     */
    private void assertEveryCellHeldAtItsOperation(String round, List<Cell> cells) {
        List<RecordedCall> held =
                emulator.calls().stream().filter(c -> "held".equals(c.fault())).toList();
        List<String> missing = new ArrayList<>();
        for (Cell cell : cells) {
            boolean found =
                    held.stream()
                            .filter(c -> c.action().equals(cell.operation()))
                            .anyMatch(c -> names(c, cell.object()));
            if (!found) {
                missing.add(cell.operation() + " of " + cell.object());
            }
        }
        assertThat(missing)
                .as(
                        "round %s: cells not held at their own operation (held: %s)",
                        round, held.stream().map(c -> c.action() + " " + c.params()).toList())
                .isEmpty();
    }

    private static boolean names(RecordedCall call, String object) {
        for (String value : call.params().values()) {
            for (String token : value.split("[/_:.]")) {
                if (token.equalsIgnoreCase(object)) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<ManagedResource<?, ?>> kindOf(ManagedResource<?, ?> r) {
        return (Class) r.getClass();
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replaceAll("\\s+", " ");
    }

    /** Deletes every object of these kinds in the namespace and waits until all are gone. */
    @SafeVarargs
    protected final void deleteAll(Class<? extends ManagedResource<?, ?>>... kinds) {
        Map<String, Class<? extends ManagedResource<?, ?>>> names = new TreeMap<>();
        for (Class<? extends ManagedResource<?, ?>> kind : kinds) {
            for (ManagedResource<?, ?> r :
                    api.client().resources(kind).inNamespace(namespace()).list().getItems()) {
                names.put(kind.getSimpleName() + "/" + r.getMetadata().getName(), kind);
                objects.delete(kind, r.getMetadata().getName());
            }
        }
        names.forEach(
                (key, kind) ->
                        objects.awaitGone(kind, key.substring(key.indexOf('/') + 1), TIMEOUT));
    }

    protected OperatorProcess start(String name) {
        OperatorProcess process =
                OperatorProcess.builder(name)
                        .apiServer(api.url())
                        .awsEndpoint(emulator.endpoint())
                        .env("IAM_OPERATOR_RESYNC_INTERVAL", "2s")
                        .build();
        processes.add(process);
        return process.start().awaitStarted();
    }

    // ------------------------------------------------------------------ the emulator's calls

    /** Calls of {@code action} whose parameter {@code param} is {@code value} (ignoring case). */
    protected long calls(String action, String param, String value) {
        return emulator.calls().stream()
                .filter(c -> c.action().equals(action))
                .filter(c -> value.equalsIgnoreCase(c.params().get(param)))
                .count();
    }

    /** Every call whose parameter {@code param} is {@code value}, ignoring case. */
    protected List<RecordedCall> callsOn(String param, String value) {
        return emulator.calls().stream()
                .filter(c -> value.equalsIgnoreCase(c.params().get(param)))
                .toList();
    }

    /**
     * Only Get* and List* calls ever named this resource, and Creates that IAM refused because the
     * name was taken (a new object creates without observing first; the refusal changed nothing).
     */
    protected void assertOnlyRead(String param, String value) {
        assertThat(callsOn(param, value))
                .as("calls with %s=%s (a resource we do not own)", param, value)
                .allMatch(
                        c ->
                                readOnly().test(c.action())
                                        || (c.action().startsWith("Create")
                                                && "EntityAlreadyExists".equals(c.errorCode())),
                        "Get*, List*, or a Create refused with EntityAlreadyExists");
    }

    private static Predicate<String> readOnly() {
        return action -> READ_ONLY_PREFIXES.stream().anyMatch(action::startsWith);
    }

    protected static JsonNode json(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inline policies as parsed JSON, for a comparison that ignores formatting. */
    protected static Map<String, JsonNode> parsed(Map<String, String> documents) {
        Map<String, JsonNode> m = new TreeMap<>();
        documents.forEach((k, v) -> m.put(k, json(v)));
        return m;
    }

    /** Runs {@code body}; if it fails, prints the log of the last two operator processes. */
    protected void withLogsOnFailure(Runnable body) {
        try {
            body.run();
        } catch (AssertionError | RuntimeException e) {
            int from = Math.max(0, processes.size() - 2);
            for (OperatorProcess p : processes.subList(from, processes.size())) {
                System.err.println(
                        p.describe(title() + " crash matrix failed; " + p + " ran for it"));
            }
            throw e;
        }
    }
}
