package dev.operator.iam.engine;

import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.tenancy.TenancyFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link IamAdapter} over an in-memory "AWS" that behaves like IAM where the engine cares: names
 * are unique ignoring case (Create of a name held in another case fails with EntityAlreadyExists),
 * reads can lag behind writes (eventual consistency, {@link #hideFromReads}), and any call can be
 * made to fail ({@link #fail}). Untaggable kinds (IAM groups) keep no tags. Every AWS method is
 * journaled.
 */
public final class FakeAdapter implements IamAdapter<FakeResource, FakeObserved> {

    public static final String KIND = "Fake";
    public static final String CREATED_ID = "AIDACREATEDBYOPERATOR";

    /** The adapter methods that talk to AWS. */
    public enum Op {
        OBSERVE,
        OBSERVE_RECORDED,
        OBSERVE_CONFLICTING,
        CREATE,
        UPDATE,
        DELETE
    }

    private final Journal journal;
    private final boolean taggable;

    /** The resources in AWS, by name as AWS spells it. */
    private final Map<String, FakeObserved> aws = new LinkedHashMap<>();

    /** Reads that still miss a resource, by name: IAM is eventually consistent. */
    private final Map<String, Integer> hiddenReads = new HashMap<>();

    private final Map<Op, AwsException> failures = new EnumMap<>(Op.class);

    /** What {@link #references} declares; the targets' ARNs seen by the last create or update. */
    private List<Reference> references = List.of();

    private final List<String> resolvedArnsSeen = new ArrayList<>();

    private int sdkAttempts = 1;

    private boolean createTakesValue = true;
    private String refusal;
    private final java.util.Set<String> scheduledFields = new java.util.HashSet<>();
    private int retainedCalls;

    private String secretName;

    private boolean hasPath;

    /**
     * Off by default: most rows describe the observe-first path, which every object with something
     * recorded in status takes; rows about a new object's create-first turn it on.
     */
    private boolean createFirst;

    FakeAdapter(Journal journal, boolean taggable) {
        this.journal = journal;
        this.taggable = taggable;
    }

    // ---- test controls --------------------------------------------------------------------------

    void createFirst(boolean createFirst) {
        this.createFirst = createFirst;
    }

    void put(FakeObserved resource) {
        aws.put(resource.name(), resource);
    }

    /** The next {@code reads} observe calls do not see {@code name} yet. */
    void hideFromReads(String name, int reads) {
        hiddenReads.put(name, reads);
    }

    /** Every call of {@code op} fails with {@code failure} until {@link #heal}. */
    void fail(Op op, AwsException failure) {
        failures.put(op, failure);
    }

    /** Makes every resource declare these references to other objects. */
    void refersTo(Reference... refs) {
        references = List.of(refs);
    }

    /** The referenced ARNs the adapter read, at each create or update, in order. */
    List<String> resolvedArnsSeen() {
        return List.copyOf(resolvedArnsSeen);
    }

    /**
     * The SDK sent each Create this many times (its earlier answers lost on the wire), as an
     * EntityAlreadyExists answer then reports.
     */
    void sdkAttempts(int attempts) {
        this.sdkAttempts = attempts;
    }

    /**
     * Create leaves the value empty, like IAM calls that cannot take every field (policies of a
     * role need attach calls after CreateRole).
     */
    void createTakesNoValue() {
        createTakesValue = false;
    }

    /** Every create hands back a secret, as CreateAccessKey does, to go into this Secret. */
    void createHandsBackASecretFor(String secretName) {
        this.secretName = secretName;
    }

    /**
     * For the tenancy rules the kind poses as a Policy (a TenantPolicy lists only real kinds) and
     * lives at IAM paths.
     */
    void livesAtPaths() {
        this.hasPath = true;
    }

    /** Observe refuses as an access key's adapter does for a user that is not ours. */
    void refusesInObserve(String message) {
        this.refusal = message;
    }

    /** This drift field differs because its time came (a rotation), not because AWS changed. */
    void scheduledField(String field) {
        scheduledFields.add(field);
    }

    /** How often {@link #retained} was called. */
    int retainedCalls() {
        return retainedCalls;
    }

    void heal() {
        failures.clear();
    }

    Map<String, FakeObserved> aws() {
        return Map.copyOf(aws);
    }

    // ---- the port -------------------------------------------------------------------------------

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<FakeResource> resourceClass() {
        return FakeResource.class;
    }

    @Override
    public List<Reference> references(FakeResource resource) {
        return references;
    }

    private void readReferences(FakeResource resource) {
        for (Reference r : references) {
            resolvedArnsSeen.add(resource.resolvedReferences().arn(r.kind(), r.name()));
        }
    }

    @Override
    public boolean taggable() {
        return taggable;
    }

    @Override
    public boolean createsWithoutObserving() {
        return createFirst && taggable;
    }

    @Override
    public List<String> operations() {
        return List.of("GetFake", "CreateFake", "UpdateFake", "TagFake", "DeleteFake");
    }

    @Override
    public List<String> validate(FakeResource resource) {
        List<String> problems = new ArrayList<>();
        String value = resource.getSpec().getValue();
        if (value == null || value.isBlank()) {
            problems.add("spec.value must not be empty");
        }
        SpecChecks.tags(resource.getSpec().getTags(), problems);
        return problems;
    }

    @Override
    public TenancyFacts tenancyFacts(FakeResource resource) {
        return new TenancyFacts(
                hasPath ? "Policy" : KIND,
                resource.awsName(),
                hasPath,
                null,
                false,
                null,
                List.of(),
                List.of(),
                List.of());
    }

    @Override
    public String naturalKey(FakeResource resource) {
        return resource.awsName();
    }

    @Override
    public Optional<FakeObserved> observe(FakeResource resource) {
        begin(Op.OBSERVE);
        if (refusal != null) {
            throw new NotOursException(refusal);
        }
        return visible(aws.get(resource.awsName()));
    }

    @Override
    public Optional<FakeObserved> observeRecorded(FakeResource resource) {
        begin(Op.OBSERVE_RECORDED);
        return visible(aws.get(resource.status().recordedNameOrIntentKey()));
    }

    @Override
    public Optional<FakeObserved> observeConflicting(FakeResource resource) {
        begin(Op.OBSERVE_CONFLICTING);
        return visible(holderOf(resource.awsName()));
    }

    @Override
    public FakeObserved create(FakeResource resource, Map<String, String> tags) {
        begin(Op.CREATE);
        readReferences(resource);
        String name = resource.awsName();
        FakeObserved holder = holderOf(name);
        if (holder != null) {
            throw new AwsException(
                    AwsErrorKind.ALREADY_EXISTS,
                    "CreateFake",
                    "EntityAlreadyExists",
                    "Fake with name " + holder.name() + " already exists.",
                    software.amazon.awssdk.core.exception.SdkException.builder()
                            .message("EntityAlreadyExists")
                            .numAttempts(sdkAttempts)
                            .build());
        }
        FakeObserved created =
                new FakeObserved(
                        FakeObserved.arnOf(name),
                        CREATED_ID,
                        name,
                        createTakesValue ? resource.getSpec().getValue() : "",
                        taggable ? tags : Map.of(),
                        Instant.now());
        aws.put(name, created);
        return created;
    }

    @Override
    public Optional<ConnectionDetails> connectionDetails(
            FakeResource resource, FakeObserved created) {
        return secretName == null
                ? Optional.empty()
                : Optional.of(
                        new ConnectionDetails(
                                secretName,
                                Map.of("SECRET", "only-in-the-answer-" + created.id())));
    }

    @Override
    public Drift diff(
            FakeResource resource, FakeObserved observed, Map<String, String> desiredTags) {
        return Drift.builder()
                .check("value", !resource.getSpec().getValue().equals(observed.value()))
                .check("tags", taggable && TagSets.differ(desiredTags, observed.tags()))
                .build();
    }

    @Override
    public FakeObserved update(
            FakeResource resource,
            FakeObserved observed,
            Drift drift,
            Map<String, String> desiredTags) {
        begin(Op.UPDATE);
        readReferences(resource);
        FakeObserved now = aws.get(observed.name());
        if (now == null) {
            throw new AwsException(
                    AwsErrorKind.NOT_FOUND,
                    "UpdateFake",
                    "NoSuchEntity",
                    "Fake " + observed.name() + " cannot be found.",
                    null);
        }
        if (drift.has("value")) {
            now = now.withValue(resource.getSpec().getValue());
        }
        if (drift.has("tags")) {
            now = now.withTags(desiredTags);
        }
        aws.put(now.name(), now);
        return now;
    }

    @Override
    public boolean scheduled(String driftField) {
        return scheduledFields.contains(driftField);
    }

    @Override
    public void retained(FakeResource resource) {
        retainedCalls++;
    }

    @Override
    public void delete(FakeResource resource, FakeObserved observed) {
        begin(Op.DELETE);
        aws.remove(observed.name());
    }

    // ---------------------------------------------------------------------------------------------

    private void begin(Op op) {
        journal.awsCall(op);
        AwsException failure = failures.get(op);
        if (failure != null) {
            throw failure;
        }
    }

    private FakeObserved holderOf(String name) {
        return aws.values().stream()
                .filter(r -> r.name().equalsIgnoreCase(name))
                .findFirst()
                .orElse(null);
    }

    private Optional<FakeObserved> visible(FakeObserved found) {
        if (found == null) {
            return Optional.empty();
        }
        int hidden = hiddenReads.getOrDefault(found.name(), 0);
        if (hidden > 0) {
            hiddenReads.put(found.name(), hidden - 1);
            return Optional.empty();
        }
        return Optional.of(found);
    }
}
