package dev.operator.iam.emulator;

import dev.operator.iam.emulator.StoredPolicy.EntityType;
import dev.operator.iam.emulator.StoredPolicy.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A stateful, in-process IAM and STS endpoint that speaks AWS's query protocol, for driving the
 * real AWS SDK in tests: the SDK's request serialisation, error mapping and retries all run for
 * real.
 *
 * <p>It models customer managed policies (versions, tags, attachments), roles (service-linked ones
 * included), users, groups, instance profiles and OpenID Connect providers with IAM's rules and
 * error answers, plus STS GetCallerIdentity and AssumeRole, for account {@value #ACCOUNT_ID} and
 * any other account a test names ({@link #account}). {@link #faults()} injects latency, throttling,
 * server errors, held responses and dropped connections. Started by {@link #builder()}, it can also
 * pace every call as IAM does: a token bucket over all IAM calls (IAM's per-account request quota,
 * answered by {@code Throttling} when empty) and a fixed latency per call. The out-of-band methods
 * change state as another AWS user would, without a request. Signatures are not checked.
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

    private final EmulatedAccounts accounts;
    private final EmulatedAccount account;
    private final PolicyStore store;
    private final PrincipalStore principals;
    private final IamActions iam;
    private final PrincipalXml principalXml;
    private final CallLog calls;
    private final Faults faults;
    private final Pace pace;
    private final BlockingHttpServer server;

    private IamEmulator(int port, Pace pace) {
        this.pace = pace;
        accounts = new EmulatedAccounts(ACCOUNT_ID, Clock.systemUTC());
        calls = new CallLog(Clock.systemUTC());
        faults = new Faults();
        QueryDispatcher dispatcher =
                new QueryDispatcher(
                        accounts.iam(),
                        new StsActions(accounts, Clock.systemUTC()),
                        faults,
                        calls,
                        pace);
        try {
            server = BlockingHttpServer.start(new InetSocketAddress("127.0.0.1", port), dispatcher);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the IAM emulator on port " + port, e);
        }
        account = accounts.defaultAccount();
        store = account.store;
        principals = account.principals;
        iam = account.iam;
        principalXml = account.principalXml;
    }

    /** A view of another account of the same emulator: same endpoint, calls and faults. */
    private IamEmulator(IamEmulator emulator, EmulatedAccount account) {
        this.accounts = emulator.accounts;
        this.calls = emulator.calls;
        this.faults = emulator.faults;
        this.pace = emulator.pace;
        this.server = emulator.server;
        this.account = account;
        this.store = account.store;
        this.principals = account.principals;
        this.iam = account.iam;
        this.principalXml = account.principalXml;
    }

    /**
     * The account {@code accountId} of this emulator (made on first use, empty): every out-of-band
     * method and snapshot of the view acts on that account. Requests act in it when signed with
     * credentials that {@code AssumeRole} handed out for one of its roles; any other request acts
     * in the default account {@value #ACCOUNT_ID}. {@link #reset} and {@link #close} of a view act
     * on the whole emulator.
     */
    public IamEmulator account(String accountId) {
        return new IamEmulator(this, accounts.account(accountId));
    }

    /**
     * The IAM and STS actions each account received so far (since the last {@link #reset}), in
     * arrival order: where the calls went.
     */
    public Map<String, List<String>> actionsByAccount() {
        return accounts.actionsByAccount();
    }

    /** Starts on 127.0.0.1 with an ephemeral port. */
    public static IamEmulator start() {
        return start(0);
    }

    public static IamEmulator start(int port) {
        return builder().port(port).start();
    }

    /** An emulator with a port, a token bucket or a latency of its own. */
    public static Builder builder() {
        return new Builder();
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

    /** The account of this view: {@value #ACCOUNT_ID} unless made by {@link #account}. */
    public String accountId() {
        return account.id;
    }

    public Faults faults() {
        return faults;
    }

    /**
     * How many IAM calls the token bucket answered with {@code Throttling} since the start or the
     * last {@link #reset()} (0 without a bucket); injected throttling is not counted here.
     */
    public long rateExceededAnswers() {
        return pace.rateExceeded();
    }

    /**
     * Forgets all policies, principals, calls and faults (held responses are sent), in every
     * account; documents go back to URL-encoded, quotas and service-linked role deletion to their
     * defaults. Credentials handed out by AssumeRole stay valid until they expire, as in AWS. The
     * token bucket and latency chosen at start stay.
     */
    public void reset() {
        faults.clear();
        calls.clear();
        pace.clearCount();
        accounts.clear();
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
     * Attaches the managed policy (customer managed, or one of the few AWS managed ones the
     * emulator knows) to a principal: raises AttachmentCount, lists the principal in
     * ListEntitiesForPolicy and makes DeletePolicy fail with DeleteConflict. Attaching twice is a
     * no-op. Like {@code SdkBackend}, it first creates the principal (a role trusting EC2) if the
     * account has none of that name.
     *
     * @param entityType {@code "Role"}, {@code "User"} or {@code "Group"}
     */
    public void attachPolicyOutOfBand(String arn, String entityType, String entityName) {
        EntityType type = EntityType.fromAwsName(entityType);
        run(
                () -> {
                    principals.ensurePrincipal(type, entityName);
                    principals.attachPolicy(type, entityName, arn);
                });
    }

    /** Fails with NoSuchEntity if the principal does not exist or the policy is not attached. */
    public void detachPolicyOutOfBand(String arn, String entityType, String entityName) {
        EntityType type = EntityType.fromAwsName(entityType);
        run(() -> principals.detachPolicy(type, entityName, arn));
    }

    /**
     * How GetPolicyVersion, GetRole, Get*Policy and instance profiles write documents: URL-encoded
     * like IAM (default), or raw like moto.
     */
    public void documentEncoding(DocumentEncoding encoding) {
        iam.documentEncoding(encoding);
        principalXml.documentEncoding(encoding);
    }

    /**
     * From now on (until {@link #reset}), GetPolicy answers without the policy's tags, as some IAM
     * emulators do: clients must ask ListPolicyTags for them.
     */
    public void omitTagsFromGetPolicy() {
        iam.omitTagsFromGetPolicy(true);
    }

    // ------------------------------------------------------------------ roles

    /** All roles (service-linked ones included), ordered by name ignoring case. */
    public List<RoleSnapshot> roles() {
        return principals.roles();
    }

    /** The role of that name; IAM does not distinguish names by case. */
    public Optional<RoleSnapshot> role(String name) {
        return principals.findRole(name);
    }

    /**
     * Creates a role as CreateRole would.
     *
     * @param path {@code null} for "/"
     * @param tags {@code null} for none
     * @throws IllegalArgumentException with IAM's error code and message if IAM would refuse
     */
    public RoleSnapshot seedRole(
            String name, String path, String assumeRolePolicyDocument, Map<String, String> tags) {
        return outOfBand(
                () ->
                        principals.createRole(
                                name,
                                orRoot(path),
                                assumeRolePolicyDocument,
                                null,
                                null,
                                null,
                                orNone(tags)));
    }

    /** Creates the service's role as CreateServiceLinkedRole would. */
    public RoleSnapshot seedServiceLinkedRole(String awsServiceName, String customSuffix) {
        return outOfBand(
                () -> principals.createServiceLinkedRole(awsServiceName, null, customSuffix));
    }

    public void updateAssumeRolePolicyOutOfBand(String roleName, String document) {
        run(() -> principals.updateAssumeRolePolicy(roleName, document));
    }

    public void updateRoleDescriptionOutOfBand(String roleName, String description) {
        run(() -> principals.updateRoleDescription(roleName, description));
    }

    public void updateRoleMaxSessionDurationOutOfBand(String roleName, int seconds) {
        run(() -> principals.updateRole(roleName, null, Integer.toString(seconds)));
    }

    public void tagRoleOutOfBand(String roleName, Map<String, String> tags) {
        run(() -> principals.tag(PrincipalStore.Taggable.ROLE, roleName, tags));
    }

    public void untagRoleOutOfBand(String roleName, String... keys) {
        run(() -> principals.untag(PrincipalStore.Taggable.ROLE, roleName, Arrays.asList(keys)));
    }

    /** Fails with DeleteConflict while the role has policies or is in an instance profile. */
    public void deleteRoleOutOfBand(String roleName) {
        run(() -> principals.deleteRole(roleName));
    }

    // ------------------------------------------------------------------ users and groups

    /** All users, ordered by name ignoring case. */
    public List<UserSnapshot> users() {
        return principals.users();
    }

    public Optional<UserSnapshot> user(String name) {
        return principals.findUser(name);
    }

    /**
     * @param path {@code null} for "/"
     * @param tags {@code null} for none
     */
    public UserSnapshot seedUser(String name, String path, Map<String, String> tags) {
        return outOfBand(() -> principals.createUser(name, orRoot(path), null, orNone(tags)));
    }

    public void tagUserOutOfBand(String userName, Map<String, String> tags) {
        run(() -> principals.tag(PrincipalStore.Taggable.USER, userName, tags));
    }

    public void untagUserOutOfBand(String userName, String... keys) {
        run(() -> principals.untag(PrincipalStore.Taggable.USER, userName, Arrays.asList(keys)));
    }

    /** Fails with DeleteConflict while the user has policies or group memberships. */
    public void deleteUserOutOfBand(String userName) {
        run(() -> principals.deleteUser(userName));
    }

    /** Every access key of the account (secrets included, for tests), users ordered by name. */
    public List<AccessKeySnapshot> accessKeys() {
        return principals.allAccessKeys();
    }

    /** The access keys of one user, in creation order; NoSuchEntity for an unknown user. */
    public List<AccessKeySnapshot> accessKeys(String userName) {
        return principals.accessKeys(userName);
    }

    /** Creates an access key as another AWS user would; LimitExceeded on a third. */
    public AccessKeySnapshot seedAccessKey(String userName) {
        return outOfBand(() -> principals.createAccessKey(userName));
    }

    public void deleteAccessKeyOutOfBand(String userName, String accessKeyId) {
        run(() -> principals.deleteAccessKey(userName, accessKeyId));
    }

    /** Records a request signed with the key, so that GetAccessKeyLastUsed reports it. */
    public void useAccessKey(String accessKeyId, String service, String region) {
        run(() -> principals.useAccessKey(accessKeyId, service, region));
    }

    /** All groups, ordered by name ignoring case. */
    public List<GroupSnapshot> groups() {
        return principals.groups();
    }

    public Optional<GroupSnapshot> group(String name) {
        return principals.findGroup(name);
    }

    /**
     * @param path {@code null} for "/"
     */
    public GroupSnapshot seedGroup(String name, String path) {
        return outOfBand(() -> principals.createGroup(name, orRoot(path)));
    }

    public void addUserToGroupOutOfBand(String groupName, String userName) {
        run(() -> principals.addUserToGroup(groupName, userName));
    }

    public void removeUserFromGroupOutOfBand(String groupName, String userName) {
        run(() -> principals.removeUserFromGroup(groupName, userName));
    }

    /** Fails with DeleteConflict while the group has policies or members. */
    public void deleteGroupOutOfBand(String groupName) {
        run(() -> principals.deleteGroup(groupName));
    }

    // ------------------------------------------------------------------ policies of principals

    /**
     * Creates or replaces an inline policy of a principal.
     *
     * @param entityType {@code "Role"}, {@code "User"} or {@code "Group"}
     */
    public void putInlinePolicyOutOfBand(
            String entityType, String entityName, String policyName, String document) {
        EntityType type = EntityType.fromAwsName(entityType);
        run(() -> principals.putInlinePolicy(type, entityName, policyName, document));
    }

    public void deleteInlinePolicyOutOfBand(
            String entityType, String entityName, String policyName) {
        EntityType type = EntityType.fromAwsName(entityType);
        run(() -> principals.deleteInlinePolicy(type, entityName, policyName));
    }

    /**
     * @param entityType {@code "Role"} or {@code "User"}
     */
    public void putPermissionsBoundaryOutOfBand(
            String entityType, String entityName, String policyArn) {
        EntityType type = boundaryHolder(entityType);
        run(() -> principals.putPermissionsBoundary(type, entityName, policyArn));
    }

    public void deletePermissionsBoundaryOutOfBand(String entityType, String entityName) {
        EntityType type = boundaryHolder(entityType);
        run(() -> principals.deletePermissionsBoundary(type, entityName));
    }

    /**
     * The quota of managed policies per role, user and group (IAM's default: 10), until {@link
     * #reset}.
     */
    public void managedPolicyQuota(int quota) {
        principals.managedPolicyQuota(quota);
    }

    // ------------------------------------------------------------------ instance profiles

    /** All instance profiles, ordered by name ignoring case. */
    public List<InstanceProfileSnapshot> instanceProfiles() {
        return principals.instanceProfiles();
    }

    public Optional<InstanceProfileSnapshot> instanceProfile(String name) {
        return principals.findInstanceProfile(name);
    }

    /**
     * @param path {@code null} for "/"
     * @param tags {@code null} for none
     */
    public InstanceProfileSnapshot seedInstanceProfile(
            String name, String path, Map<String, String> tags) {
        return outOfBand(() -> principals.createInstanceProfile(name, orRoot(path), orNone(tags)));
    }

    /** Fails with LimitExceeded if the profile already holds a role. */
    public void addRoleToInstanceProfileOutOfBand(String profileName, String roleName) {
        run(() -> principals.addRoleToInstanceProfile(profileName, roleName));
    }

    public void removeRoleFromInstanceProfileOutOfBand(String profileName, String roleName) {
        run(() -> principals.removeRoleFromInstanceProfile(profileName, roleName));
    }

    public void tagInstanceProfileOutOfBand(String profileName, Map<String, String> tags) {
        run(() -> principals.tag(PrincipalStore.Taggable.INSTANCE_PROFILE, profileName, tags));
    }

    public void untagInstanceProfileOutOfBand(String profileName, String... keys) {
        run(
                () ->
                        principals.untag(
                                PrincipalStore.Taggable.INSTANCE_PROFILE,
                                profileName,
                                Arrays.asList(keys)));
    }

    /** Fails with DeleteConflict while the profile holds a role. */
    public void deleteInstanceProfileOutOfBand(String profileName) {
        run(() -> principals.deleteInstanceProfile(profileName));
    }

    // ------------------------------------------------------------------ OIDC providers

    /** All OpenID Connect providers, ordered by ARN. */
    public List<OidcProviderSnapshot> oidcProviders() {
        return principals.oidcProviders();
    }

    public Optional<OidcProviderSnapshot> oidcProvider(String arn) {
        return principals.findOidcProvider(arn);
    }

    /**
     * @param url with its {@code https://} scheme
     * @param tags {@code null} for none
     */
    public OidcProviderSnapshot seedOidcProvider(
            String url,
            List<String> clientIds,
            List<String> thumbprints,
            Map<String, String> tags) {
        return outOfBand(
                () -> principals.createOidcProvider(url, clientIds, thumbprints, orNone(tags)));
    }

    public void addClientIdOutOfBand(String providerArn, String clientId) {
        run(() -> principals.addClientId(providerArn, clientId));
    }

    public void removeClientIdOutOfBand(String providerArn, String clientId) {
        run(() -> principals.removeClientId(providerArn, clientId));
    }

    public void updateThumbprintsOutOfBand(String providerArn, List<String> thumbprints) {
        run(() -> principals.updateThumbprints(providerArn, thumbprints));
    }

    public void tagOidcProviderOutOfBand(String providerArn, Map<String, String> tags) {
        run(() -> principals.tag(PrincipalStore.Taggable.OIDC_PROVIDER, providerArn, tags));
    }

    public void untagOidcProviderOutOfBand(String providerArn, String... keys) {
        run(
                () ->
                        principals.untag(
                                PrincipalStore.Taggable.OIDC_PROVIDER,
                                providerArn,
                                Arrays.asList(keys)));
    }

    public void deleteOidcProviderOutOfBand(String providerArn) {
        run(() -> principals.deleteOidcProvider(providerArn));
    }

    // ------------------------------------------------------------------ service-linked role
    // deletion

    /**
     * How many GetServiceLinkedRoleDeletionStatus polls of a deletion task answer IN_PROGRESS (the
     * first of several: NOT_STARTED) before the next one finishes it, deleting the role and
     * answering SUCCEEDED. Default 1; 0 finishes the task at its first poll. Until {@link #reset}.
     */
    public void serviceLinkedRoleDeletionPolls(int pollsInProgress) {
        principals.deletionPollsInProgress(pollsInProgress);
    }

    /**
     * Makes an unfinished deletion task end FAILED with this reason when it finishes; the role
     * stays.
     *
     * @param deletionTaskId as DeleteServiceLinkedRole returned it
     */
    public void failServiceLinkedRoleDeletion(String deletionTaskId, String reason) {
        run(() -> principals.failDeletion(deletionTaskId, reason));
    }

    /** NOT_STARTED, IN_PROGRESS, SUCCEEDED or FAILED, as of the task's last poll. */
    public String serviceLinkedRoleDeletionStatus(String deletionTaskId) {
        return outOfBand(() -> principals.deletionTaskStatus(deletionTaskId));
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

    private static void run(Runnable change) {
        outOfBand(
                () -> {
                    change.run();
                    return null;
                });
    }

    private static String orRoot(String path) {
        return path == null ? "/" : path;
    }

    private static Map<String, String> orNone(Map<String, String> tags) {
        return tags == null ? Map.of() : tags;
    }

    private static EntityType boundaryHolder(String entityType) {
        EntityType type = EntityType.fromAwsName(entityType);
        if (type == EntityType.GROUP) {
            throw new IllegalArgumentException("groups have no permissions boundary");
        }
        return type;
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

    /** Chooses how an emulator paces calls before it starts; by default it answers at once. */
    public static final class Builder {

        private int port;
        private double callsPerSecond;
        private int burst;
        private Duration latency = Duration.ZERO;
        private LongSupplier nanoTime = System::nanoTime;
        private Pace.Sleeper sleeper = Pace.THREAD_SLEEP;

        private Builder() {}

        /** 0 (default) for an ephemeral port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Every IAM call takes a token from a bucket refilled at {@code callsPerSecond} up to
         * {@code burst} (starting full); a call that finds it empty is answered {@code Throttling}
         * ("Rate exceeded", HTTP 400) and not executed, as IAM does beyond an account's quota.
         */
        public Builder tokenBucket(double callsPerSecond, int burst) {
            this.callsPerSecond = callsPerSecond;
            this.burst = burst;
            return this;
        }

        /** Every call (IAM and STS, throttled or not) is answered {@code latency} later. */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** The bucket's clock (default {@link System#nanoTime()}), for deterministic tests. */
        Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            return this;
        }

        /** How latency is waited for (default {@link Thread#sleep}), for deterministic tests. */
        Builder sleeper(Pace.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /**
         * @throws IllegalArgumentException for a bucket rate of 0 or below, a burst below 1 or a
         *     negative latency
         */
        public IamEmulator start() {
            Optional<TokenBucket> bucket =
                    callsPerSecond == 0 && burst == 0
                            ? Optional.empty()
                            : Optional.of(new TokenBucket(callsPerSecond, burst, nanoTime));
            return new IamEmulator(port, new Pace(bucket, latency, sleeper));
        }
    }
}
