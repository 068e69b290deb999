package dev.operator.iam.accesskey;

import dev.operator.iam.api.CreateIntent;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.config.OperatorConfig;
import dev.operator.iam.engine.ConnectionDetails;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.NotOursException;
import dev.operator.iam.engine.Ownership;
import dev.operator.iam.engine.Reference;
import dev.operator.iam.engine.SecretWriter;
import dev.operator.iam.engine.StatusWriter;
import dev.operator.iam.tenancy.TenancyFacts;
import dev.operator.iam.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedResponse;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * The AccessKey kind's side of the engine: every IAM call about access keys, and the reads of the
 * Secret that holds one.
 *
 * <p>IAM cannot tag access keys, so what is this object's is proven three ways: the key id recorded
 * in status, the key id in the Secret the object controls (written before status), and the create
 * intent: a key of the user created at or after the intent that is neither recorded nor in the
 * Secret is the orphan of an interrupted create, whose secret is lost for good. {@link #create}
 * deletes such an orphan before creating the replacement. Any other key of the user was made by
 * someone else and is never touched; with two of them (IAM's limit) the object is refused, naming
 * them.
 */
@ApplicationScoped
public class AccessKeyAdapter implements IamAdapter<AccessKey, ObservedAccessKey> {

    public static final String KIND = "AccessKey";

    /** The kind {@code userRef} refers to. */
    static final String USER_KIND = "User";

    /** The Secret's keys, as the AWS SDKs' environment credential provider reads them. */
    public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

    public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

    private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern SECRET_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    /** A request the SDK sends once, never again after a lost answer or an error. */
    private static final AwsRequestOverrideConfiguration SENT_ONCE =
            AwsRequestOverrideConfiguration.builder()
                    .addPlugin(
                            config ->
                                    config.overrideConfiguration(
                                            config.overrideConfiguration().toBuilder()
                                                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                                                    .build()))
                    .build();

    private final IamClient iam;
    private final AwsCalls calls;
    private final SecretWriter secrets;
    private final StatusWriter statusWriter;
    private final String clusterId;

    public AccessKeyAdapter(
            IamClient iam,
            AwsCalls calls,
            SecretWriter secrets,
            StatusWriter statusWriter,
            OperatorConfig config) {
        this.iam = iam;
        this.calls = calls;
        this.secrets = secrets;
        this.statusWriter = statusWriter;
        this.clusterId = config.clusterId();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<AccessKey> resourceClass() {
        return AccessKey.class;
    }

    /** IAM takes no tags on access keys: the create intent and the recorded id are the evidence. */
    @Override
    public boolean taggable() {
        return false;
    }

    @Override
    public List<String> operations() {
        return List.of(
                "GetUser",
                "ListAccessKeys",
                "GetAccessKeyLastUsed",
                "CreateAccessKey",
                "UpdateAccessKey",
                "DeleteAccessKey");
    }

    @Override
    public List<String> validate(AccessKey key) {
        return problems(key);
    }

    /** The checks of {@link #validate}, which need no AWS and no configuration. */
    public static List<String> problems(AccessKey key) {
        AccessKeySpec spec = key.getSpec();
        List<String> problems = new ArrayList<>();
        boolean byName = spec.getUserName() != null && !spec.getUserName().isEmpty();
        ResourceReference ref = spec.getUserRef();
        if (byName == (ref != null)) {
            problems.add(
                    "set exactly one of spec.userName (an IAM user name) and spec.userRef (a User"
                            + " object of this namespace)");
        }
        if (byName && !USER_NAME.matcher(spec.getUserName()).matches()) {
            problems.add(
                    "spec.userName \""
                            + spec.getUserName()
                            + "\" is not a valid IAM user name: use 1-64 letters, digits and"
                            + " +=,.@_-");
        }
        if (ref != null && (ref.name() == null || ref.name().isBlank())) {
            problems.add("spec.userRef has no from.name: write {from: {name: <User object>}}");
        }
        if (!SECRET_NAME.matcher(key.secretName()).matches()) {
            problems.add(
                    "spec.secretName \""
                            + key.secretName()
                            + "\" is not a valid Secret name: use lower-case letters, digits, - and"
                            + " ., starting and ending with a letter or digit");
        }
        String status = spec.getStatus();
        if (status != null
                && !status.equals(AccessKeySpec.ACTIVE)
                && !status.equals(AccessKeySpec.INACTIVE)) {
            problems.add("spec.status \"" + status + "\" is neither Active nor Inactive");
        }
        rotationProblems(spec.getRotation(), problems);
        if (key.annotation(ResourcePolicies.ADOPTION_POLICY).isPresent()) {
            problems.add(
                    "an access key cannot be adopted: IAM never hands out the secret of an existing"
                            + " key; remove the "
                            + ResourcePolicies.ADOPTION_POLICY
                            + " annotation");
        }
        String recordedUser = key.getStatus() == null ? null : key.getStatus().getUserName();
        if (recordedUser != null && byName && !recordedUser.equalsIgnoreCase(spec.getUserName())) {
            problems.add(
                    "spec.userName is immutable: this object's key belongs to user "
                            + recordedUser
                            + "; set it back, or create a new object for a key of another user");
        }
        return problems;
    }

    private static void rotationProblems(AccessKeySpec.Rotation rotation, List<String> problems) {
        if (rotation == null) {
            return;
        }
        Optional<Duration> period = Durations.parse(rotation.getPeriod());
        if (period.isEmpty() || period.get().isNegative() || period.get().isZero()) {
            problems.add(
                    "spec.rotation.period \""
                            + rotation.getPeriod()
                            + "\" is not a positive duration: write e.g. 2160h, 90d or P90D");
            return;
        }
        if (rotation.getOverlap() == null) {
            return;
        }
        Optional<Duration> overlap = Durations.parse(rotation.getOverlap());
        if (overlap.isEmpty() || overlap.get().isNegative()) {
            problems.add(
                    "spec.rotation.overlap \""
                            + rotation.getOverlap()
                            + "\" is not a duration: write e.g. 24h, 1d or PT24H");
        } else if (overlap.get().compareTo(period.get()) >= 0) {
            problems.add(
                    "spec.rotation.overlap must be shorter than spec.rotation.period: the old key"
                            + " is deleted before the next rotation");
        }
    }

    /** What the spec and status say of rotation. */
    static AccessKeyDiff.Rotation rotation(AccessKey key) {
        AccessKeySpec.Rotation r = key.getSpec().getRotation();
        AccessKeyStatus s = key.status();
        return new AccessKeyDiff.Rotation(
                r == null ? null : Durations.parse(r.getPeriod()).orElse(null),
                r == null ? Duration.ZERO : Durations.parse(r.getOverlap()).orElse(Duration.ZERO),
                s.getPreviousAccessKeyId(),
                s.getSecretWrittenAt() == null ? null : Instant.parse(s.getSecretWrittenAt()));
    }

    /** A rotation and the deletion of the previous key happen because their time came. */
    @Override
    public boolean scheduled(String driftField) {
        return driftField.equals(AccessKeyDiff.ROTATION)
                || driftField.equals(AccessKeyDiff.PREVIOUS_KEY);
    }

    @Override
    public List<Class<? extends ManagedResource<?, ?>>> referenceTargets() {
        return List.of(User.class);
    }

    @Override
    public List<Reference> references(AccessKey key) {
        ResourceReference ref = key.getSpec().getUserRef();
        return ref == null
                ? List.of()
                : List.of(new Reference(USER_KIND, ref.name(), "spec.userRef"));
    }

    /**
     * The user's AWS name is what the tenancy rules read (its name prefix); with a {@code userRef},
     * which is resolved only after them, the object's own name stands in for it, which is stricter
     * (the referenced User passed the same rules itself).
     */
    @Override
    public TenancyFacts tenancyFacts(AccessKey key) {
        String userName = key.getSpec().getUserName();
        return TenancyFacts.of(
                KIND,
                userName == null || userName.isEmpty() ? key.getMetadata().getName() : userName);
    }

    /**
     * The user's AWS name: {@code userName}, or the referenced User's; null when neither is known
     * (the delete path resolves no references: there, the user status recorded, if any).
     */
    static String userName(AccessKey key) {
        AccessKeySpec spec = key.getSpec();
        if (spec.getUserName() != null && !spec.getUserName().isEmpty()) {
            return spec.getUserName();
        }
        try {
            return key.resolvedReferences().awsName(USER_KIND, spec.getUserRef().name());
        } catch (IllegalStateException notResolved) {
            return key.status().getUserName();
        }
    }

    /** The user: a key is made for one user, and its create intent is keyed by that user. */
    @Override
    public String naturalKey(AccessKey key) {
        return userName(key);
    }

    /**
     * This object's key: the one status recorded, else the one in the Secret. Refuses (without any
     * change) a user the operator does not own from this namespace, and a user whose two keys were
     * made by someone else.
     */
    @Override
    public Optional<ObservedAccessKey> observe(AccessKey key) {
        String userName = userName(key);
        if (userName == null) {
            return Optional.empty();
        }
        Optional<software.amazon.awssdk.services.iam.model.User> user = user(userName);
        if (user.isEmpty()) {
            // CreateAccessKey will say NoSuchEntity, retried with backoff until the user exists.
            return Optional.empty();
        }
        checkUserIsOurs(key, user.get());
        List<ObservedAccessKey.KeyMetadata> keys = keys(userName);
        String secretKeyId = secretKeyId(key);
        Optional<ObservedAccessKey.KeyMetadata> recorded =
                find(keys, key.status().getAccessKeyId());
        Optional<ObservedAccessKey.KeyMetadata> inSecret = find(keys, secretKeyId);
        // The new key of a replacement interrupted after the Secret write: in the Secret, made
        // after the replacement started, while status still names the old key.
        boolean replaced =
                recorded.isPresent()
                        && inSecret.isPresent()
                        && !inSecret.equals(recorded)
                        && isOrphan(key, inSecret.get());
        String previous = replaced ? recorded.get().accessKeyId() : null;
        Optional<ObservedAccessKey> ours =
                (replaced ? inSecret : recorded.or(() -> inSecret))
                        .map(
                                k ->
                                        observed(
                                                user.get().arn(),
                                                userName,
                                                k,
                                                keys,
                                                secretKeyId,
                                                lastUsed(k.accessKeyId()),
                                                previous));
        if (ours.isEmpty()) {
            List<ObservedAccessKey.KeyMetadata> foreign =
                    keys.stream()
                            .filter(k -> !isOrphan(key, k))
                            .filter(
                                    k ->
                                            !k.accessKeyId()
                                                    .equals(key.status().getPreviousAccessKeyId()))
                            .toList();
            if (foreign.size() >= 2) {
                throw new NotOursException(Messages.twoForeignKeys(userName, foreign));
            }
            if (key.status().getCreateIntent() == null) {
                // The engine records its create intent next, with these: the keys the user had
                // before this object's create, which can never be its orphans.
                key.status().setKeysBeforeCreate(ids(keys));
            }
        }
        return ours;
    }

    /**
     * For deletion: the key status recorded, else the one in the Secret, else the orphan of an
     * interrupted create (the newest key created at or after the intent).
     */
    @Override
    public Optional<ObservedAccessKey> observeRecorded(AccessKey key) {
        AccessKeyStatus s = key.status();
        String userName =
                s.getUserName() != null
                        ? s.getUserName()
                        : s.getCreateIntent() == null ? null : s.getCreateIntent().getKey();
        if (userName == null) {
            return Optional.empty();
        }
        Optional<software.amazon.awssdk.services.iam.model.User> user = user(userName);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        List<ObservedAccessKey.KeyMetadata> keys = keys(userName);
        String secretKeyId = secretKeyId(key);
        return find(keys, s.getAccessKeyId())
                .or(() -> find(keys, secretKeyId))
                .or(
                        () ->
                                keys.stream()
                                        .filter(k -> isOrphan(key, k))
                                        .max(
                                                Comparator.comparing(
                                                        ObservedAccessKey.KeyMetadata::createDate)))
                .map(k -> observed(user.get().arn(), userName, k, keys, secretKeyId, null, null));
    }

    /**
     * Deletes the orphans of an interrupted create first (their secret is lost: nobody can use
     * them, and they take one of the user's two places), then CreateAccessKey, sent once. The
     * engine has recorded the create intent before this call and writes the Secret right after it:
     * nothing comes between the answer and that write.
     */
    @Override
    public ObservedAccessKey create(AccessKey key, Map<String, String> tags) {
        String userName = userName(key);
        // CreateAccessKey does not answer the user's ARN, which status records.
        String userArn = user(userName).map(u -> u.arn()).orElse(null);
        deleteOrphans(key, userName);
        return createKey(userName, userArn);
    }

    private void deleteOrphans(AccessKey key, String userName) {
        for (ObservedAccessKey.KeyMetadata k : keys(userName)) {
            if (isOrphan(key, k)) {
                deleteKey(userName, k.accessKeyId());
            }
        }
    }

    /**
     * CreateAccessKey is not idempotent: a call resent after its answer was lost makes a second key
     * whose secret nobody receives. So the SDK never resends it: a failure whose outcome is unknown
     * ends the reconcile (the engine keeps the intent), and the next one deletes the key that
     * attempt may have made before it creates another.
     */
    private ObservedAccessKey createKey(String userName, String userArn) {
        software.amazon.awssdk.services.iam.model.AccessKey made =
                calls.call(
                                "CreateAccessKey",
                                () ->
                                        iam.createAccessKey(
                                                b ->
                                                        b.userName(userName)
                                                                .overrideConfiguration(SENT_ONCE)))
                        .accessKey();
        return new ObservedAccessKey(
                userArn,
                made.accessKeyId(),
                made.accessKeyId(),
                made.userName(),
                made.statusAsString(),
                made.createDate(),
                List.of(),
                // the engine writes it into the Secret before anything else
                made.accessKeyId(),
                null,
                null,
                made.secretAccessKey());
    }

    @Override
    public Optional<ConnectionDetails> connectionDetails(AccessKey key, ObservedAccessKey created) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(ACCESS_KEY_ID, created.id());
        data.put(SECRET_ACCESS_KEY, created.secretAccessKey());
        return Optional.of(new ConnectionDetails(key.secretName(), data));
    }

    @Override
    public Drift diff(AccessKey key, ObservedAccessKey observed, Map<String, String> desiredTags) {
        return AccessKeyDiff.diff(
                key.getSpec().effectiveStatus(), observed, rotation(key), Instant.now());
    }

    /**
     * The key's IAM status (UpdateAccessKey); a Secret that no longer holds the key (deleted or
     * edited by hand) gets a new key, as the old secret exists nowhere else, and the old key is
     * deleted first (it may be the second of the user's two); a key due for rotation gets a
     * successor and stays as the previous key for {@code rotation.overlap}, after which it is
     * deleted.
     */
    @Override
    public ObservedAccessKey update(
            AccessKey key,
            ObservedAccessKey observed,
            Drift drift,
            Map<String, String> desiredTags) {
        ObservedAccessKey now = observed;
        String user = observed.userName();
        if (drift.has(AccessKeyDiff.PREVIOUS_KEY)) {
            deleteKey(user, key.status().getPreviousAccessKeyId());
            key.status().setPreviousAccessKeyId(null);
        }
        if (drift.has(AccessKeyDiff.SECRET)) {
            now = replace(key, observed, false);
        } else if (drift.has(AccessKeyDiff.ROTATION)) {
            now = replace(key, observed, true);
        }
        String desired = key.getSpec().effectiveStatus();
        if (!desired.equals(now.status())) {
            String id = now.id();
            calls.call(
                    "UpdateAccessKey",
                    () ->
                            iam.updateAccessKey(
                                    b ->
                                            b.userName(user)
                                                    .accessKeyId(id)
                                                    .status(StatusType.fromValue(desired))));
            now = now.withStatus(desired);
        }
        return now;
    }

    /**
     * A new key in place of {@code observed}, crash-safe: the start of the replacement and the keys
     * the user had are written to status before CreateAccessKey (and kept, whatever fails, until
     * the new key is recorded), so that a key an interrupted attempt made is known for an orphan
     * and deleted by the next one; the Secret is written right after the answer.
     *
     * @param keepOld rotation: the old key stays as the previous key (its overlap); otherwise it is
     *     deleted first
     */
    private ObservedAccessKey replace(AccessKey key, ObservedAccessKey observed, boolean keepOld) {
        AccessKeyStatus s = key.status();
        String user = observed.userName();
        if (!keepOld) {
            deleteKey(user, observed.id());
        }
        if (s.getReplacementStartedAt() == null) {
            List<String> before = new ArrayList<>(ids(observed.otherKeys()));
            before.add(observed.id());
            s.setKeysBeforeReplacement(before);
            s.setReplacementStartedAt(Instant.now().toString());
            statusWriter.write(key);
        }
        deleteOrphans(key, user);
        ObservedAccessKey made = createKey(user, observed.arn());
        secrets.write(key, connectionDetails(key, made).orElseThrow());
        s.setSecretWrittenAt(Instant.now().toString());
        if (keepOld) {
            s.setPreviousAccessKeyId(observed.id());
        }
        return made;
    }

    /** Deletes the key, then the Secret (only if this object controls it). */
    @Override
    public void delete(AccessKey key, ObservedAccessKey observed) {
        String previous = key.status().getPreviousAccessKeyId();
        if (previous != null) {
            deleteKey(observed.userName(), previous);
        }
        deleteKey(observed.userName(), observed.id());
        secrets.delete(key, key.secretName());
    }

    /** deletion-policy retain: the key stays in IAM and the Secret stays in the namespace. */
    @Override
    public void retained(AccessKey key) {
        secrets.release(key, key.secretName());
    }

    @Override
    public void recordStatus(AccessKey key, ObservedAccessKey observed) {
        AccessKeyStatus s = key.status();
        boolean newKey = !observed.id().equals(s.getAccessKeyId());
        s.setAccessKeyId(observed.id());
        s.setUserName(observed.userName());
        s.setCreateDate(observed.createDate() == null ? null : observed.createDate().toString());
        s.setKeysBeforeCreate(null);
        if (observed.previousKeyId() != null) {
            // found after an interrupted rotation: the overlap counts from now, an upper bound
            s.setPreviousAccessKeyId(observed.previousKeyId());
            s.setSecretWrittenAt(Instant.now().toString());
        }
        if (s.getReplacementStartedAt() != null
                && !s.getKeysBeforeReplacement().contains(observed.id())) {
            // the replacement's key is recorded: it is over
            s.setReplacementStartedAt(null);
            s.setKeysBeforeReplacement(null);
        }
        if (newKey && s.getSecretWrittenAt() == null) {
            s.setSecretWrittenAt(Instant.now().toString());
        }
        if (observed.lastUsed() != null) {
            s.setLastUsed(observed.lastUsed());
        } else if (newKey) {
            s.setLastUsed(null);
        }
    }

    // ------------------------------------------------------------------------------------------

    /**
     * A key made by an interrupted create or replacement of this object: created at or after its
     * start (the create intent, or {@code replacementStartedAt}; IAM's CreateDate has whole
     * seconds, so the start is compared at that precision), not among the keys the user had then (a
     * key made by someone else in the same second is one of them), and neither the recorded key nor
     * the previous one (the caller has looked at the Secret's first).
     */
    private static boolean isOrphan(AccessKey key, ObservedAccessKey.KeyMetadata k) {
        AccessKeyStatus s = key.status();
        if (k.createDate() == null
                || k.accessKeyId().equals(s.getAccessKeyId())
                || k.accessKeyId().equals(s.getPreviousAccessKeyId())) {
            return false;
        }
        CreateIntent intent = s.getCreateIntent();
        return madeSince(
                        k, intent == null ? null : intent.getRequestedAt(), s.getKeysBeforeCreate())
                || madeSince(k, s.getReplacementStartedAt(), s.getKeysBeforeReplacement());
    }

    private static boolean madeSince(
            ObservedAccessKey.KeyMetadata k, String start, List<String> keysBefore) {
        if (start == null || keysBefore.contains(k.accessKeyId())) {
            return false;
        }
        Instant since = Instant.parse(start).truncatedTo(ChronoUnit.SECONDS);
        return !k.createDate().isBefore(since);
    }

    private void checkUserIsOurs(AccessKey key, software.amazon.awssdk.services.iam.model.User u) {
        Map<String, String> tags = AwsTags.toMap(u.tags());
        String namespace = key.getMetadata().getNamespace();
        if (clusterId.equals(tags.get(Ownership.CLUSTER))
                && namespace.equals(tags.get(Ownership.NAMESPACE))) {
            return;
        }
        throw new NotOursException(Messages.userNotOurs(u.arn(), namespace));
    }

    private Optional<software.amazon.awssdk.services.iam.model.User> user(String userName) {
        try {
            return Optional.of(
                    calls.call("GetUser", () -> iam.getUser(b -> b.userName(userName))).user());
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The user's keys; IAM allows two, so one page. */
    private List<ObservedAccessKey.KeyMetadata> keys(String userName) {
        return calls
                .call("ListAccessKeys", () -> iam.listAccessKeys(b -> b.userName(userName)))
                .accessKeyMetadata()
                .stream()
                .map(AccessKeyAdapter::metadata)
                .toList();
    }

    private static ObservedAccessKey.KeyMetadata metadata(AccessKeyMetadata m) {
        return new ObservedAccessKey.KeyMetadata(
                m.accessKeyId(), m.statusAsString(), m.createDate());
    }

    private static List<String> ids(List<ObservedAccessKey.KeyMetadata> keys) {
        return keys.stream().map(ObservedAccessKey.KeyMetadata::accessKeyId).toList();
    }

    private String secretKeyId(AccessKey key) {
        return secrets.read(key, key.secretName(), ACCESS_KEY_ID).orElse(null);
    }

    private static Optional<ObservedAccessKey.KeyMetadata> find(
            List<ObservedAccessKey.KeyMetadata> keys, String accessKeyId) {
        return accessKeyId == null
                ? Optional.empty()
                : keys.stream().filter(k -> k.accessKeyId().equals(accessKeyId)).findFirst();
    }

    private static ObservedAccessKey observed(
            String userArn,
            String userName,
            ObservedAccessKey.KeyMetadata k,
            List<ObservedAccessKey.KeyMetadata> keys,
            String secretKeyId,
            AccessKeyStatus.LastUsed lastUsed,
            String previousKeyId) {
        return new ObservedAccessKey(
                userArn,
                k.accessKeyId(),
                k.accessKeyId(),
                userName,
                k.status(),
                k.createDate(),
                keys.stream().filter(o -> !o.accessKeyId().equals(k.accessKeyId())).toList(),
                secretKeyId,
                lastUsed,
                previousKeyId,
                null);
    }

    private AccessKeyStatus.LastUsed lastUsed(String accessKeyId) {
        GetAccessKeyLastUsedResponse r =
                calls.call(
                        "GetAccessKeyLastUsed",
                        () -> iam.getAccessKeyLastUsed(b -> b.accessKeyId(accessKeyId)));
        var used = r.accessKeyLastUsed();
        return used == null
                ? null
                : new AccessKeyStatus.LastUsed(
                        used.lastUsedDate() == null ? null : used.lastUsedDate().toString(),
                        used.serviceName(),
                        used.region());
    }

    private void deleteKey(String userName, String accessKeyId) {
        try {
            calls.call(
                    "DeleteAccessKey",
                    () -> iam.deleteAccessKey(b -> b.userName(userName).accessKeyId(accessKeyId)));
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.NOT_FOUND)) {
                throw e;
            }
        }
    }

    /** The kind's messages, each telling the user what to do. */
    static final class Messages {

        private Messages() {}

        static String userNotOurs(String userArn, String namespace) {
            return "user "
                    + userArn
                    + " is not managed by this operator from namespace "
                    + namespace
                    + " (its iam.operator.dev/cluster and iam.operator.dev/namespace tags do not"
                    + " name them): access keys are made only for users of User objects of the"
                    + " same namespace; no key was made. Manage the user with a User object here,"
                    + " or name another user";
        }

        static String twoForeignKeys(String userName, List<ObservedAccessKey.KeyMetadata> keys) {
            return "user "
                    + userName
                    + " already has two access keys (IAM's limit) that this object did not make: "
                    + String.join(
                            ", ",
                            keys.stream().map(ObservedAccessKey.KeyMetadata::accessKeyId).toList())
                    + "; the operator never deletes a key it cannot prove it made. Delete "
                    + keys.get(keys.size() - 1).accessKeyId()
                    + " (or the other) and this object makes its own";
        }
    }
}
