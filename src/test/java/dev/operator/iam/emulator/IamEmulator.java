package dev.operator.iam.emulator;

import dev.operator.iam.emulator.StoredPolicy.EntityType;
import dev.operator.iam.emulator.StoredPolicy.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A stateful, in-process IAM and STS endpoint that speaks AWS's query protocol, for driving the
 * real AWS SDK in tests: the SDK's request serialisation, error mapping and retries all run for
 * real.
 *
 * <p>It models customer managed policies (versions, tags, attachments) with IAM's rules and error
 * answers, plus STS GetCallerIdentity, for account {@value #ACCOUNT_ID}. {@link #faults()} injects
 * latency, throttling, server errors, held responses and dropped connections. The out-of-band
 * methods change state as another AWS user would, without a request. Signatures are not checked.
 *
 * <pre>{@code
 * try (IamEmulator emulator = IamEmulator.start()) {
 *     IamClient iam = IamClient.builder().endpointOverride(emulator.endpoint())...build();
 * }
 * }</pre>
 */
public final class IamEmulator implements AutoCloseable {

    /**
     * Points tests at an external emulator (LocalStack, moto) instead; faults cannot be injected
     * there.
     */
    public static final String EXTERNAL_ENDPOINT_ENV = "IAM_OPERATOR_TEST_ENDPOINT";

    private static final String ACCOUNT_ID = "123456789012";

    private final PolicyStore store = new PolicyStore(ACCOUNT_ID, Clock.systemUTC());
    private final IamActions iam = new IamActions(store);
    private final CallLog calls = new CallLog(Clock.systemUTC());
    private final Faults faults = new Faults();
    private final BlockingHttpServer server;

    private IamEmulator(int port) {
        QueryDispatcher dispatcher =
                new QueryDispatcher(iam, new StsActions(ACCOUNT_ID), faults, calls);
        try {
            server = BlockingHttpServer.start(new InetSocketAddress("127.0.0.1", port), dispatcher);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the IAM emulator on port " + port, e);
        }
    }

    /** Starts on 127.0.0.1 with an ephemeral port. */
    public static IamEmulator start() {
        return start(0);
    }

    public static IamEmulator start(int port) {
        return new IamEmulator(port);
    }

    /**
     * The endpoint named by {@value #EXTERNAL_ENDPOINT_ENV}, if tests should use it instead of
     * this.
     */
    public static Optional<URI> externalEndpoint() {
        return Optional.ofNullable(System.getenv(EXTERNAL_ENDPOINT_ENV))
                .filter(value -> !value.isBlank())
                .map(value -> URI.create(value.trim()));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public String accountId() {
        return ACCOUNT_ID;
    }

    public Faults faults() {
        return faults;
    }

    /**
     * Forgets all policies, calls and faults (held responses are sent); documents go back to
     * URL-encoded.
     */
    public void reset() {
        faults.clear();
        calls.clear();
        store.clear();
        iam.documentEncoding(DocumentEncoding.URL_ENCODED);
    }

    /** Drops held calls and closes every connection; returns within a few seconds at most. */
    @Override
    public void close() {
        faults.clearForShutdown();
        server.close();
    }

    /**
     * Every request received, in arrival order, including faulted ones and ones still in progress.
     */
    public List<RecordedCall> calls() {
        return calls.snapshot();
    }

    /** How many requests with this {@code Action} arrived, whatever became of them. */
    public long callCount(String action) {
        return calls.count(action);
    }

    /** All policies, ordered by ARN. */
    public List<PolicySnapshot> policies() {
        return store.list().stream().map(IamEmulator::snapshot).toList();
    }

    /** The policy with exactly this ARN. */
    public Optional<PolicySnapshot> policy(String arn) {
        return store.find(arn).map(IamEmulator::snapshot);
    }

    /**
     * Creates a policy with {@code document} as its default version v1, subject to the same rules
     * as CreatePolicy.
     *
     * @param path {@code null} for "/"
     * @param tags {@code null} for none
     * @throws IllegalArgumentException with IAM's error code and message if IAM would refuse
     */
    public PolicySnapshot seedPolicy(
            String name, String path, String document, Map<String, String> tags) {
        String effectivePath = path == null ? "/" : path;
        Map<String, String> effectiveTags = tags == null ? Map.of() : tags;
        return outOfBand(
                () -> snapshot(store.create(name, effectivePath, document, null, effectiveTags)));
    }

    /**
     * Adds {@code document} as the new default version, deleting the oldest non-default one if 5
     * exist.
     */
    public void putPolicyVersionOutOfBand(String arn, String document) {
        outOfBand(() -> store.replaceDefaultVersion(arn, document));
    }

    public void tagPolicyOutOfBand(String arn, Map<String, String> tags) {
        outOfBand(
                () -> {
                    store.tag(arn, tags);
                    return null;
                });
    }

    public void untagPolicyOutOfBand(String arn, String... keys) {
        outOfBand(
                () -> {
                    store.untag(arn, Arrays.asList(keys));
                    return null;
                });
    }

    /**
     * Attaches the policy to a principal: raises AttachmentCount, lists the principal in
     * ListEntitiesForPolicy and makes DeletePolicy fail with DeleteConflict. Attaching twice is a
     * no-op.
     *
     * @param entityType {@code "Role"}, {@code "User"} or {@code "Group"}
     */
    public void attachPolicyOutOfBand(String arn, String entityType, String entityName) {
        EntityType type = EntityType.fromAwsName(entityType);
        outOfBand(
                () -> {
                    store.attach(arn, type, entityName);
                    return null;
                });
    }

    public void detachPolicyOutOfBand(String arn, String entityType, String entityName) {
        EntityType type = EntityType.fromAwsName(entityType);
        outOfBand(
                () -> {
                    store.detach(arn, type, entityName);
                    return null;
                });
    }

    /** How GetPolicyVersion writes documents: URL-encoded like IAM (default), or raw like moto. */
    public void documentEncoding(DocumentEncoding encoding) {
        iam.documentEncoding(encoding);
    }

    /**
     * Out-of-band changes are plain Java calls: IAM's refusal becomes an exception with code and
     * text.
     */
    private static <T> T outOfBand(Supplier<T> change) {
        try {
            return change.get();
        } catch (ServiceError e) {
            throw new IllegalArgumentException(e.code() + ": " + e.getMessage(), e);
        }
    }

    private static PolicySnapshot snapshot(StoredPolicy policy) {
        return new PolicySnapshot(
                policy.arn(),
                policy.name(),
                policy.path(),
                policy.id(),
                policy.description(),
                policy.defaultVersionId(),
                policy.defaultVersion().document(),
                policy.versions().stream().map(Version::id).toList(),
                policy.tags(),
                policy.attachments().size(),
                policy.createDate());
    }
}
