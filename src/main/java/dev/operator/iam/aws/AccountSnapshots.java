package dev.operator.iam.aws;

import dev.operator.iam.aws.RateBudget.Priority;
import dev.operator.iam.config.OperatorConfig;
import dev.operator.iam.metrics.OperatorMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.GroupDetail;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.UserDetail;

/**
 * Batch observation (design.md, "Rate budget and batch observation"): once per resync interval and
 * account, one paginated {@code GetAccountAuthorizationDetails} scan, filtered to the entity types
 * of the kinds in use, shared by every resync of that account. Single-flight: reconciles that need
 * a snapshot while one is being taken wait for it instead of scanning too.
 *
 * <p>A resync compares against the snapshot instead of reading its resource, except when the
 * snapshot may not show the truth: a change a user asked for ({@link Priority#CHANGE}) and an
 * object that wrote to IAM since the scan started ({@link WriteLog}) read IAM themselves. What the
 * scan does not return at all is the lookups' to read, at their own cadence ({@link #complement}).
 */
@ApplicationScoped
public class AccountSnapshots {

    /** IAM's largest page. */
    static final int MAX_ITEMS = 1000;

    private static final Logger LOG = Logger.getLogger(AccountSnapshots.class);

    private final IamClient iam;
    private final AwsCalls calls;
    private final AccountIdentity identity;
    private final WriteLog writes;
    private final OperatorMetrics metrics;
    private final Duration maxAge;
    private final Duration unscannedMaxAge;
    private final Clock clock;
    private final DoubleSupplier random;

    private final Set<EntityType> inUse = ConcurrentHashMap.newKeySet();
    private final Map<String, CompletableFuture<AccountSnapshot>> byAccount =
            new ConcurrentHashMap<>();

    /** When each object last read what the scan leaves out, and of which AWS id. */
    private final Map<String, Complement> complements = new ConcurrentHashMap<>();

    /** {@code presumed}: not read but presumed as the spec wants (see {@link #complement}). */
    private record Complement(String awsId, Object value, Instant read, boolean presumed) {}

    @Inject
    public AccountSnapshots(
            IamClient iam,
            AwsCalls calls,
            AccountIdentity identity,
            WriteLog writes,
            OperatorMetrics metrics,
            OperatorConfig config) {
        this(
                iam,
                calls,
                identity,
                writes,
                metrics,
                config.resyncInterval(),
                config.unscannedResyncInterval(),
                Clock.systemUTC(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param random where a presumed value's real read falls, in [0, 1)
     */
    AccountSnapshots(
            IamClient iam,
            AwsCalls calls,
            AccountIdentity identity,
            WriteLog writes,
            OperatorMetrics metrics,
            Duration resyncInterval,
            Duration unscannedResyncInterval,
            Clock clock,
            DoubleSupplier random) {
        this.iam = iam;
        this.calls = calls;
        this.identity = identity;
        this.writes = writes;
        this.metrics = metrics;
        this.maxAge = resyncInterval;
        this.unscannedMaxAge = unscannedResyncInterval;
        this.clock = clock;
        this.random = random;
    }

    /**
     * The snapshot this reconcile may observe {@code type} through, or empty when it must read IAM
     * itself: a change a user asked for, or an object that wrote since the scan started. Scans
     * (once per interval and account, shared) when the last snapshot is older than the resync
     * interval or did not cover {@code type}.
     *
     * @param alsoWritten further keys whose writes make the snapshot too old for this object (a
     *     policy's ARN, which a role's attach changes)
     * @throws AwsException the scan failed (every reconcile waiting on it sees the same failure)
     */
    public Optional<AccountSnapshot> forResync(EntityType type, String... alsoWritten) {
        return forResync(Set.of(type), alsoWritten);
    }

    /** {@link #forResync(EntityType, String...)} for a kind that needs several entity types. */
    public Optional<AccountSnapshot> forResync(Set<EntityType> types, String... alsoWritten) {
        if (CallPriority.current() != Priority.RESYNC) {
            return Optional.empty();
        }
        inUse.addAll(types);
        AccountSnapshot snapshot = fresh(identity.account().id(), types);
        if (writtenSince(currentObject(), snapshot)) {
            return Optional.empty();
        }
        for (String key : alsoWritten) {
            if (writtenSince(key, snapshot)) {
                return Optional.empty();
            }
        }
        return Optional.of(snapshot);
    }

    /**
     * What the scan leaves out of {@code awsId} (a policy's tags; a role's Description and
     * MaxSessionDuration), as the object being reconciled last read it; read again with {@code
     * read} when never read in this process, read of another AWS resource (the id changed: it was
     * recreated), or read longer ago than {@code iam-operator.unscanned-resync-interval}.
     *
     * <p>Never read in this process, of an object whose status records it in sync with {@code
     * awsId} ({@link Presumptions#presuming}): presumed to be what the spec wants ({@code
     * presumed}), and due for a real read at a random time within the unscanned interval, so that a
     * restart does not read it for every object at once. A presumed value is used only where {@link
     * Presumptions} allows it; anywhere else it is read.
     */
    public <T> T complement(
            String awsId,
            Class<T> type,
            Supplier<T> read,
            Function<Presumptions.InSync, T> presumed) {
        Object object = currentObject();
        Complement c = object == null ? null : complements.get(object.toString());
        Instant now = clock.instant();
        if (c != null
                && c.awsId().equals(awsId)
                && type.isInstance(c.value())
                && c.read().plus(unscannedMaxAge).isAfter(now)
                && (!c.presumed() || Presumptions.presumedUsable(awsId))) {
            if (c.presumed()) {
                Presumptions.used();
            }
            return type.cast(c.value());
        }
        Presumptions.InSync inSync = c == null ? Presumptions.mayPresume(awsId) : null;
        T value = inSync == null ? null : presumed.apply(inSync);
        if (value != null && object != null) {
            complements.put(
                    object.toString(),
                    new Complement(
                            awsId, value, now.minus(unscannedMaxAge).plus(realReadIn()), true));
            Presumptions.used();
            return value;
        }
        value = read.get();
        complementRead(awsId, value);
        return value;
    }

    /**
     * The object being reconciled has just read, on its own, what the scan leaves out of {@code
     * awsId}: the next snapshot observations use it until it is due again.
     */
    public void complementRead(String awsId, Object value) {
        Object object = currentObject();
        if (object != null && awsId != null && value != null) {
            complements.put(
                    object.toString(), new Complement(awsId, value, clock.instant(), false));
        }
    }

    /**
     * What the snapshot says of one resource, counted as an observation from it: empty when it
     * cannot tell (read on your own then); else the resource made by {@code toObserved}, or empty
     * when the scan has no such resource.
     */
    public <D, O> Optional<Optional<O>> answer(
            String kind, AccountSnapshot.Lookup<D> found, Function<D, O> toObserved) {
        if (found.presence() == AccountSnapshot.Presence.UNKNOWN) {
            return Optional.empty();
        }
        observed(kind, true);
        return Optional.of(
                found.presence() == AccountSnapshot.Presence.PRESENT
                        ? Optional.of(toObserved.apply(found.detail()))
                        : Optional.empty());
    }

    /**
     * The key under which a change to the members of group {@code name} is recorded ({@link
     * AwsCalls#touched}) by the user that joins or leaves it.
     */
    public static String groupMembersKey(String name) {
        return "group/" + AccountSnapshot.lower(name);
    }

    /**
     * When a presumed value is read for real: at random within the unscanned interval, so that the
     * reads a restart saves do not all fall due together either, but not before two resyncs (nor
     * after half the interval, were the interval shorter than four resyncs).
     */
    private Duration realReadIn() {
        long total = unscannedMaxAge.toMillis();
        long earliest = Math.min(maxAge.toMillis() * 2, total / 2);
        return Duration.ofMillis(earliest + (long) (random.getAsDouble() * (total - earliest)));
    }

    /** The object ("Kind namespace/name") is gone: its reads of what the scan leaves out too. */
    public void forgetObject(String object) {
        complements.remove(object);
    }

    /** Forgets every read of what the scan leaves out, as a restart does (tests restart so). */
    public void forgetUnscannedReads() {
        complements.clear();
    }

    /** Counts one observation of {@code kind}: {@code fromSnapshot} or an individual read. */
    public void observed(String kind, boolean fromSnapshot) {
        metrics.observation(
                kind, fromSnapshot ? OperatorMetrics.SNAPSHOT : OperatorMetrics.INDIVIDUAL);
    }

    private static Object currentObject() {
        return MDC.get(AwsCalls.MDC_RESOURCE);
    }

    private boolean writtenSince(Object key, AccountSnapshot snapshot) {
        return key != null
                && writes.lastWrite(key.toString())
                        .map(w -> !w.isBefore(snapshot.started()))
                        .orElse(false);
    }

    private AccountSnapshot fresh(String account, Set<EntityType> types) {
        while (true) {
            CompletableFuture<AccountSnapshot> last = byAccount.get(account);
            if (last != null) {
                if (!last.isDone()) {
                    join(last);
                    continue;
                }
                AccountSnapshot s = last.isCompletedExceptionally() ? null : last.join();
                if (s != null && usable(s, types)) {
                    return s;
                }
            }
            CompletableFuture<AccountSnapshot> mine = new CompletableFuture<>();
            boolean won =
                    last == null
                            ? byAccount.putIfAbsent(account, mine) == null
                            : byAccount.replace(account, last, mine);
            if (won) {
                try {
                    AccountSnapshot s = scan(EnumSet.copyOf(inUse));
                    mine.complete(s);
                    return s;
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
        }
    }

    private boolean usable(AccountSnapshot s, Set<EntityType> types) {
        return s.types().containsAll(types) && s.started().plus(maxAge).isAfter(Instant.now());
    }

    private static void join(CompletableFuture<AccountSnapshot> scan) {
        try {
            scan.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Every page of one scan. */
    private AccountSnapshot scan(Set<EntityType> types) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        Map<String, RoleDetail> roles = new HashMap<>();
        Map<String, UserDetail> users = new HashMap<>();
        Map<String, GroupDetail> groups = new HashMap<>();
        Map<String, ManagedPolicyDetail> policies = new HashMap<>();
        String marker = null;
        int pages = 0;
        try {
            do {
                String from = marker;
                GetAccountAuthorizationDetailsResponse page =
                        calls.call(
                                "GetAccountAuthorizationDetails",
                                () ->
                                        iam.getAccountAuthorizationDetails(
                                                b ->
                                                        b.filter(types)
                                                                .maxItems(MAX_ITEMS)
                                                                .marker(from)));
                page.roleDetailList()
                        .forEach(r -> roles.put(AccountSnapshot.lower(r.roleName()), r));
                page.userDetailList()
                        .forEach(u -> users.put(AccountSnapshot.lower(u.userName()), u));
                page.groupDetailList()
                        .forEach(g -> groups.put(AccountSnapshot.lower(g.groupName()), g));
                page.policies().forEach(p -> policies.put(AccountSnapshot.lower(p.arn()), p));
                marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
                pages++;
            } while (marker != null);
        } catch (RuntimeException e) {
            metrics.accountScan(OperatorMetrics.SCAN_FAILED, System.nanoTime() - start);
            throw e;
        }
        AccountSnapshot snapshot =
                new AccountSnapshot(started, Set.copyOf(types), roles, users, groups, policies);
        metrics.accountScan(OperatorMetrics.SUCCESS, System.nanoTime() - start);
        LOG.debugf("account scan of %s: %d entities in %d pages", types, snapshot.size(), pages);
        return snapshot;
    }
}
