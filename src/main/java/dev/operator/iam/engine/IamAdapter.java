package dev.operator.iam.engine;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.tenancy.TenancyFacts;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port every IAM kind implements: the only code that calls the IAM SDK for that kind. The
 * engine ({@link ReconcileEngine}) decides what to call and when; an adapter only knows how.
 *
 * <p>Contract, as Crossplane's ExternalClient states it: {@link #observe} never changes AWS; every
 * other call is idempotent given the observation it was called with; AWS failures surface as {@link
 * AwsException} (the engine classifies and retries them). Create is called after observe found
 * nothing, or, for a {@link #taggable} kind, first for an object that recorded nothing of AWS yet;
 * EntityAlreadyExists from it is not an error: the engine observes again.
 *
 * @param <R> the custom resource
 * @param <O> what the adapter observes of the AWS resource
 */
public interface IamAdapter<R extends ManagedResource<?, ?>, O extends ObservedResource> {

    /** The Kind's name ({@code Policy}); the {@code kind} label of the metrics. */
    String kind();

    /** The custom resource class, for reading an object that arrives as JSON (admission). */
    Class<R> resourceClass();

    /**
     * Whether IAM accepts tags on this kind's Create call. When it does, ownership is proven by
     * tags alone; when it does not (groups), by the create intent recorded in status.
     */
    default boolean taggable() {
        return true;
    }

    /**
     * Whether a new object (nothing of AWS recorded in status) may create without observing first
     * (design.md, step 5): only when the Create call carries the ownership tags, so that
     * EntityAlreadyExists is told apart from ours by them. Saves one call per create.
     */
    default boolean createsWithoutObserving() {
        return taggable();
    }

    /** Every IAM or STS action the adapter may call, so their metric series exist from start-up. */
    List<String> operations();

    /**
     * Problems in the spec that can be found without calling AWS: shapes, patterns, documents, and
     * immutable fields changed against what status recorded. Empty when the spec is valid. Each
     * problem is one sentence that tells the user what to fix.
     */
    List<String> validate(R resource);

    /**
     * What the tenancy rules read of the object (its path, boundary, the AWS resources it names
     * directly), from the spec alone. Default: a kind with no path and no such field.
     */
    default TenancyFacts tenancyFacts(R resource) {
        return TenancyFacts.of(kind(), resource.awsName());
    }

    /**
     * The objects this one refers to ({@code policyRefs}, {@code groupRefs}, {@code roleRef}). The
     * engine resolves them after validation and before any AWS call: until every target is Ready
     * the object waits ({@code WaitingForReference}) and AWS is not called; once they are, the
     * adapter reads them from {@link ManagedResource#resolvedReferences()}.
     */
    default List<Reference> references(R resource) {
        return List.of();
    }

    /**
     * The kinds {@link #references} may name. Their objects are watched, so that a referrer waiting
     * for one continues as soon as it is Ready, and references are read from those watches.
     */
    default List<Class<? extends ManagedResource<?, ?>>> referenceTargets() {
        return List.of();
    }

    /**
     * Whether this kind's status holds facts that its referrers change in AWS (a Policy's {@code
     * attachmentCount}, moved by the Roles, Users and Groups that attach it). If so, an object of
     * this kind is reconciled again whenever an object naming it in its references has applied a
     * spec or is gone, not only at the next resync.
     */
    default boolean refreshedByReferrers() {
        return false;
    }

    /**
     * The natural key of the AWS resource (the policy ARN, a role name), as written into a create
     * intent.
     */
    String naturalKey(R resource);

    /**
     * Looks the resource up by its natural key. Never mutates. Empty when AWS has no such resource.
     */
    Optional<O> observe(R resource);

    /**
     * Looks up, for deletion, the resource this object recorded as its own in status: by the ARN or
     * name recorded there, or else by the key of its create intent. Never reads the spec, which may
     * have become invalid since the resource was created: deleting an object is how a user gets out
     * of a mistake, so it needs only what status recorded. It reads only what ownership and {@link
     * #delete} need (tags, what blocks the delete), not the documents a sync compares. Never
     * mutates. Empty when AWS has no such resource.
     */
    Optional<O> observeRecorded(R resource);

    /**
     * Looks up the resource that made a create fail with EntityAlreadyExists. IAM names are unique
     * per account ignoring case, so it may differ from the spec in case or path, which {@link
     * #observe} does not find. Empty means AWS has not made it visible yet (IAM is eventually
     * consistent).
     */
    default Optional<O> observeConflicting(R resource) {
        return observe(resource);
    }

    /** Creates the resource with {@code tags} (spec tags plus ownership tags) in the same call. */
    O create(R resource, Map<String, String> tags);

    /**
     * What the create just made hands back exactly once (an access key's secret), to be written
     * into a Secret before anything else; empty for kinds that have none. Called once, right after
     * {@link #create} returned: if that write fails the details are gone, and the adapter's next
     * observation must treat the created resource as unfinished (for access keys: delete it and
     * create another).
     */
    default Optional<ConnectionDetails> connectionDetails(R resource, O created) {
        return Optional.empty();
    }

    /**
     * Pure: the spec fields whose AWS state differs from the spec. {@code desiredTags} are the tags
     * AWS should carry (spec tags, plus ownership tags unless only observing).
     */
    Drift diff(R resource, O observed, Map<String, String> desiredTags);

    /**
     * Whether a field of {@link #diff} differs because its time came (an access key due for
     * rotation), not because AWS changed: the engine then applies it under any drift policy (not
     * when only observing) and never counts it as drift.
     */
    default boolean scheduled(String driftField) {
        return false;
    }

    /** Makes AWS match the spec in the drifted fields and returns the resource as it now is. */
    O update(R resource, O observed, Drift drift, Map<String, String> desiredTags);

    /**
     * Deletes the resource, first removing what IAM requires (versions, attachments we own).
     * NoSuchEntity is success. Something we do not own holding the resource surfaces as an {@link
     * AwsException} of kind DELETE_CONFLICT whose message names the holders.
     */
    void delete(R resource, O observed);

    /**
     * Called when the object is deleted with {@code deletion-policy: retain}, before its finalizer
     * is removed: what the object holds in Kubernetes and must outlive it (an access key's Secret,
     * whose ownerReference would have it garbage-collected) is released. Never calls AWS.
     */
    default void retained(R resource) {}

    /** Copies kind-specific read-only facts into status (the engine sets arn, id and name). */
    default void recordStatus(R resource, O observed) {}
}
