package dev.operator.iam.process;

import dev.operator.iam.emulator.IamEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What a process-level test class runs against, as a JUnit extension on a static field: one IAM
 * emulator and one mock API server for the class, both emptied before every test (CRDs installed
 * again), and the operator processes each test starts, stopped after it. When a test fails, the log
 * tail of every operator it started is printed.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ProcessTestEnvironment env =
 *         new ProcessTestEnvironment(Map.of("IAM_OPERATOR_RESYNC_INTERVAL", "1s"));
 * }</pre>
 *
 * Skips the class when the operator is not packaged (a plain {@code ./mvnw test}).
 */
public final class ProcessTestEnvironment
        implements BeforeAllCallback,
                AfterAllCallback,
                BeforeEachCallback,
                AfterEachCallback,
                TestWatcher {

    private final Map<String, String> operatorEnvironment;
    private final List<OperatorProcess> operators = new ArrayList<>();
    private IamEmulator emulator;
    private MockApiServer api;

    /**
     * @param operatorEnvironment environment of every operator process, e.g. a short resync
     *     interval
     */
    public ProcessTestEnvironment(Map<String, String> operatorEnvironment) {
        this.operatorEnvironment = Map.copyOf(operatorEnvironment);
    }

    public IamEmulator emulator() {
        return emulator;
    }

    public MockApiServer api() {
        return api;
    }

    /** Starts a packaged operator against this environment and waits until it is ready. */
    public OperatorProcess startOperator(String name) {
        return startOperator(name, Map.of());
    }

    /**
     * Starts a packaged operator with {@code environment} on top of the class's, and waits until it
     * is ready.
     */
    public OperatorProcess startOperator(String name, Map<String, String> environment) {
        OperatorProcess operator =
                OperatorProcess.builder(name)
                        .apiServer(api.url())
                        .awsEndpoint(emulator.endpoint())
                        .env(operatorEnvironment)
                        .env(environment)
                        .build();
        synchronized (operators) {
            operators.add(operator);
        }
        return operator.start().awaitStarted();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        OperatorProcess.assumePackaged();
        emulator = IamEmulator.start();
        api = MockApiServer.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset();
        api.reset();
        api.installCrds();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // Kept in the list: the watcher below runs after this and prints their logs on failure.
        forEachOperator(OperatorProcess::close);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        forEachOperator(
                operator ->
                        System.err.println(
                                operator.describe(
                                        context.getDisplayName()
                                                + " failed; "
                                                + operator
                                                + " ran for it")));
        forget();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        forget();
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        forget();
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        forget();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        forEachOperator(OperatorProcess::close);
        // the emulator first: it drops held calls, so no operator connection waits on it
        try {
            if (emulator != null) {
                emulator.close();
            }
        } finally {
            if (api != null) {
                api.close();
            }
        }
    }

    private void forEachOperator(Consumer<OperatorProcess> action) {
        List<OperatorProcess> snapshot;
        synchronized (operators) {
            snapshot = List.copyOf(operators);
        }
        snapshot.forEach(action);
    }

    private void forget() {
        synchronized (operators) {
            operators.clear();
        }
    }
}
