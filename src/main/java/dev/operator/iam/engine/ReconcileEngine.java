package dev.operator.iam.engine;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.CreateIntent;
import dev.operator.iam.api.IamStatus;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.Reason;
import dev.operator.iam.api.ResolvedReferences;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.ResourcePolicies.Adoption;
import dev.operator.iam.api.ResourcePolicies.DriftHandling;
import dev.operator.iam.api.ResourcePolicies.InvalidAnnotationException;
import dev.operator.iam.api.TenantDefaults;
import dev.operator.iam.aws.Accounts;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.IamArn;
import dev.operator.iam.aws.Presumptions;
import dev.operator.iam.aws.RateBudget;
import dev.operator.iam.config.OperatorConfig;
import dev.operator.iam.metrics.OperatorMetrics;
import dev.operator.iam.tenancy.Governance;
import dev.operator.iam.tenancy.Governances;
import dev.operator.iam.tenancy.TenancyCheck;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The reconcile loop of design.md, written once for every kind. Each kind brings an {@link
 * IamAdapter}; this class decides what to call:
 *
 * <ol>
 *   <li>paused: report and stop (deletion is handled by {@link #cleanup});
 *   <li>validate the spec without calling AWS;
 *   <li>resolve references to other objects; wait, without calling AWS, until they are Ready;
 *   <li>observe by natural key;
 *   <li>missing: record the create intent in status, then create with ownership tags;
 *       EntityAlreadyExists means observe again, never an error loop;
 *   <li>present: ours (tags or intent), adopt when asked, else refuse and never touch it;
 *   <li>compare semantically, then correct or report the drift;
 *   <li>write status, events and metrics; requeue after the resync interval.
 * </ol>
 *
 * Every branch ends in {@link #settle}: conditions, status write, event, gauges, and the control
 * returned to the Java Operator SDK. Retryable failures are rethrown after the status is written so
 * that the SDK's retry applies backoff.
 */
@ApplicationScoped
public class ReconcileEngine {

    private static final Logger LOG = Logger.getLogger(ReconcileEngine.class);

    /** The Operator SDK's reconcile threads (application.properties), which resyncs share. */
    private static final String RECONCILE_THREADS =
            "quarkus.operator-sdk.concurrent-reconciliation-threads";

    private static final int DEFAULT_RECONCILE_THREADS = 10;

    private final Duration resyncInterval;
    private final String clusterId;
    private final OperatorConfig.UnselectedNamespaces unselectedNamespaces;
    private final String clusterOidcProvider;
    private final Ownership ownership;
    private final StatusWriter statusWriter;
    private final SecretWriter secretWriter;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final ReconcileActivity activity;
    private final ResyncSlots resyncSlots;
    private final Accounts accounts;

    public ReconcileEngine(
            OperatorConfig config,
            StatusWriter statusWriter,
            SecretWriter secretWriter,
            EventRecorder events,
            OperatorMetrics metrics,
            ReconcileActivity activity,
            Accounts accounts) {
        this.activity = activity;
        this.resyncSlots =
                new ResyncSlots(
                        ConfigProvider.getConfig()
                                .getOptionalValue(RECONCILE_THREADS, Integer.class)
                                .orElse(DEFAULT_RECONCILE_THREADS),
                        config.aws().maxCallsPerSecond(),
                        config.resyncInterval());
        this.accounts = accounts;
        this.resyncInterval = config.resyncInterval();
        this.clusterId = config.clusterId();
        this.unselectedNamespaces = config.tenancy().unselectedNamespaces();
        this.clusterOidcProvider = config.clusterOidcProviderArn().orElse(null);
        this.ownership = new Ownership(config.clusterId());
        this.statusWriter = statusWriter;
        this.secretWriter = secretWriter;
        this.events = events;
        this.metrics = metrics;
    }

    /** How a reconcile ends: the Ready condition, the drift found, and what to do next. */
    private record Verdict(
            boolean ready,
            Reason reason,
            String message,
            Drift drift,
            boolean adopted,
            boolean wroteAws,
            Next next,
            AwsException cause) {

        enum Next {
            /** Observe again after the resync interval. */
            RESYNC,
            /** Nothing to do until the object changes. */
            WAIT_FOR_CHANGE,
            /** Retry with backoff (the SDK's retry). */
            RETRY
        }

        /**
         * Compared with AWS; {@code remaining} is the drift left uncorrected (Ready only when
         * none).
         */
        static Verdict synced(
                Reason reason, String message, Drift remaining, boolean adopted, boolean wroteAws) {
            return new Verdict(
                    remaining.isEmpty(),
                    reason,
                    message,
                    remaining,
                    adopted,
                    wroteAws,
                    Next.RESYNC,
                    null);
        }

        static Verdict notReady(Reason reason, String message, Next next) {
            return new Verdict(false, reason, message, null, false, false, next, null);
        }

        static Verdict failed(AwsException cause) {
            return failed(cause, null, cause.getMessage());
        }

        /** Deletion is held by something IAM still links to the resource; retried. */
        static Verdict deleteBlocked(AwsException cause, String message) {
            return new Verdict(
                    false, Reason.Deleting, message, null, false, false, Next.RETRY, cause);
        }

        /** A retryable failure; {@code drift}, when known, is what AWS still differs in. */
        static Verdict failed(AwsException cause, Drift drift, String message) {
            Reason reason = cause.is(AwsErrorKind.THROTTLED) ? Reason.Throttled : Reason.AwsError;
            return new Verdict(false, reason, message, drift, false, false, Next.RETRY, cause);
        }
    }

    /** One reconcile of one object: the object, its adapter and what the user asked for. */
    private record Run<R extends ManagedResource<?, ?>, O extends ObservedResource>(
            R resource,
            IamAdapter<R, O> adapter,
            ResourcePolicies policies,
            String key,
            Governance governance) {

        IamStatus status() {
            return resource.status();
        }

        String kind() {
            return adapter.kind();
        }

        long generation() {
            Long g = resource.getMetadata().getGeneration();
            return g == null ? 0 : g;
        }

        /**
         * Whether the spec of this generation was already applied (or deliberately only reported):
         * a difference found now is then drift, not a spec change still to apply.
         */
        boolean specApplied() {
            return Long.valueOf(generation()).equals(appliedGeneration(status()));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reconcile
    // ---------------------------------------------------------------------------------------------

    /**
     * Reconciles one object of a kind.
     *
     * @param surroundings what it reads of Kubernetes besides the object (the reconciler's watches)
     */
    public <R extends ManagedResource<?, ?>, O extends ObservedResource> UpdateControl<R> reconcile(
            R resource, IamAdapter<R, O> adapter, Surroundings surroundings) {
        String uid = resource.getMetadata().getUid();
        boolean resync = priority(resource) == RateBudget.Priority.RESYNC;
        if (resync && !resyncSlots.tryEnter(uid)) {
            // Every resync slot is taken: the thread goes back to changes users asked for.
            return UpdateControl.<R>noUpdate().rescheduleAfter(resyncSlots.retryDelay());
        }
        long started = System.nanoTime();
        try {
            if (!activity.enter()) {
                // Shutting down: the next start reconciles it.
                return UpdateControl.noUpdate();
            }
            try {
                return reconcileNow(resource, adapter, surroundings);
            } finally {
                activity.finished(uid);
                activity.exit();
            }
        } finally {
            if (resync) {
                resyncSlots.exit(Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }

    private <R extends ManagedResource<?, ?>, O extends ObservedResource>
            UpdateControl<R> reconcileNow(
                    R resource, IamAdapter<R, O> adapter, Surroundings surroundings) {
        try (ResourceMdc ignored = ResourceMdc.of(adapter.kind(), resource, priority(resource))) {
            StatusBaseline.remember(resource);
            if (ResourcePolicies.isPaused(resource)) {
                return toUpdateControl(settle(resource, adapter, paused()));
            }
            Governance governance = governance(resource, surroundings);
            Optional<Verdict> invalid = validate(resource, adapter);
            if (invalid.isPresent()) {
                return toUpdateControl(settle(resource, adapter, invalid.get()));
            }
            Optional<Verdict> forbidden = tenancy(resource, adapter, governance, surroundings);
            if (forbidden.isPresent()) {
                return toUpdateControl(settle(resource, adapter, forbidden.get()));
            }
            Optional<Verdict> waiting =
                    resolveReferences(resource, adapter, surroundings.references());
            if (waiting.isPresent()) {
                return toUpdateControl(settle(resource, adapter, waiting.get()));
            }
            accounts.enter(governance.account());
            Optional<String> elsewhere = recordedElsewhere(resource);
            if (elsewhere.isPresent()) {
                return toUpdateControl(
                        settle(
                                resource,
                                adapter,
                                Verdict.notReady(
                                        Reason.AccountChanged,
                                        Messages.accountChanged(
                                                resource.status().getArn(),
                                                elsewhere.get(),
                                                accounts.currentId()),
                                        Verdict.Next.RESYNC)));
            }
            Run<R, O> run =
                    new Run<>(
                            resource,
                            adapter,
                            ResourcePolicies.of(resource),
                            adapter.naturalKey(resource),
                            governance);
            return toUpdateControl(settle(resource, adapter, observeAndSync(run)));
        } catch (NotOursException e) {
            // Nothing of this object's exists in AWS and no create is outstanding (the adapter's
            // promise): the intent is dropped, so that nothing made later is taken for ours.
            resource.status().setCreateIntent(null);
            if (!wasRefused(resource.status())) {
                metrics.adoption(adapter.kind(), OperatorMetrics.REFUSED);
            }
            return toUpdateControl(
                    settle(
                            resource,
                            adapter,
                            Verdict.notReady(
                                    Reason.AlreadyExistsNotOwned,
                                    e.getMessage(),
                                    Verdict.Next.RESYNC)));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_SENT)) {
                // Shutting down: nothing happened in AWS, so there is nothing to record.
                throw new ReconcileException(e.getMessage(), e);
            }
            return toUpdateControl(settle(resource, adapter, fromFailure(e)));
        }
    }

    /** The slots resyncs share (tests take them to fill the pool). */
    ResyncSlots resyncSlots() {
        return resyncSlots;
    }

    /**
     * What admission decides, through the same steps as a reconcile before its first AWS call:
     * defaults of the namespace's TenantPolicy, spec validation, the tenancy rules. Empty when the
     * object is allowed; otherwise the message a reconcile would put in its Ready condition.
     */
    public <R extends ManagedResource<?, ?>> Optional<String> admit(
            R resource, IamAdapter<R, ?> adapter, Surroundings surroundings) {
        Governance governance = governance(resource, surroundings);
        Optional<Verdict> refused =
                validate(resource, adapter)
                        .or(() -> tenancy(resource, adapter, governance, surroundings));
        return refused.map(v -> v.reason + ": " + v.message);
    }

    private <R extends ManagedResource<?, ?>, O extends ObservedResource> Verdict observeAndSync(
            Run<R, O> run) {
        if (mayCreateWithoutObserving(run)) {
            return create(run);
        }
        // After a refusal, look for the holder of the name the way a create conflict did, so that a
        // name taken in another case or path is not met with a CreatePolicy on every resync.
        Optional<O> observed =
                wasRefused(run.status())
                        ? run.adapter.observeConflicting(run.resource)
                        : observe(run);
        if (observed.isPresent()) {
            return sync(run, observed.get());
        }
        if (run.policies.observeOnly()) {
            return Verdict.notReady(
                    Reason.Observing,
                    Messages.observingMissing(run.kind(), run.key),
                    Verdict.Next.RESYNC);
        }
        if (run.policies.adoption().orElse(null) == Adoption.ADOPT) {
            return Verdict.notReady(
                    Reason.Observing, Messages.waitingToAdopt(run.key), Verdict.Next.RESYNC);
        }
        return create(run);
    }

    /**
     * Observes the object's resource. A resync of an object whose status records it in sync may
     * presume what the account scan leaves out and this process never read ({@link Presumptions}):
     * a restart then costs the scan, not a read per object. Nothing is written on a presumption:
     * when anything observed with one differs from the spec, the object is observed again with real
     * reads before anything is decided.
     */
    private <R extends ManagedResource<?, ?>, O extends ObservedResource> Optional<O> observe(
            Run<R, O> run) {
        Optional<Presumptions.InSync> inSync = recordedInSync(run);
        if (inSync.isEmpty()) {
            return run.adapter.observe(run.resource);
        }
        Presumptions.Outcome<Optional<O>> first =
                Presumptions.presuming(inSync.get(), () -> run.adapter.observe(run.resource));
        Optional<O> observed = first.value();
        if (!first.presumed()
                || observed.filter(
                                o ->
                                        run.adapter
                                                .diff(run.resource, o, desiredTags(run, o))
                                                .isEmpty())
                        .isPresent()) {
            return observed;
        }
        return Presumptions.verifying(() -> run.adapter.observe(run.resource));
    }

    /**
     * What a resync may presume from: the object applied this generation's spec to the resource its
     * status names, found nothing differing, and manages it (not observe-only).
     */
    private Optional<Presumptions.InSync> recordedInSync(Run<?, ?> run) {
        IamStatus s = run.status();
        // specApplied: a resync, the only observation the account scan answers.
        boolean inSync =
                run.specApplied()
                        && !run.policies.observeOnly()
                        && s.getId() != null
                        && s.getArn() != null
                        && s.getCreateIntent() == null
                        && (s.getDrift() == null || s.getDrift().isEmpty())
                        && readyFor(s, run.generation());
        return inSync
                ? Optional.of(
                        new Presumptions.InSync(
                                s.getId(), desiredTags(run, null), run.resource.getSpec()))
                : Optional.empty();
    }

    /**
     * Step 5's shortcut (design.md): a new object of a kind whose Create call carries the ownership
     * tags creates without observing first, which saves a call per create. The tags make the
     * outcome unambiguous: EntityAlreadyExists leads to the same observation and ownership decision
     * as an observe-first would have. Never for an object that recorded anything of AWS (an ARN, an
     * id, a create intent: a restart must not send a second Create), that was refused a name, that
     * only observes or that asks to adopt.
     */
    private static boolean mayCreateWithoutObserving(Run<?, ?> run) {
        IamStatus s = run.status();
        return run.adapter.createsWithoutObserving()
                && !run.policies.observeOnly()
                && run.policies.adoption().isEmpty()
                && s.getArn() == null
                && s.getId() == null
                && s.getCreateIntent() == null
                && !wasRefused(s);
    }

    /**
     * Missing in AWS: record the intent, then create with the ownership tags in the same call. If
     * the process dies anywhere in here, the next reconcile observes the resource, recognises it by
     * its tags (or the intent) and records it as {@code Recovered}, without a second create.
     */
    private <R extends ManagedResource<?, ?>, O extends ObservedResource> Verdict create(
            Run<R, O> run) {
        // An intent left by an earlier attempt whose outcome is unknown (a timeout, a lost answer)
        // stays: that attempt may have created the resource, which IAM may not show yet.
        CreateIntent earlier =
                Optional.ofNullable(run.status().getCreateIntent())
                        .filter(i -> run.key.equalsIgnoreCase(i.getKey()))
                        .orElse(null);
        run.status()
                .setCreateIntent(
                        earlier != null
                                ? earlier
                                : new CreateIntent(run.key, Instant.now().toString()));
        statusWriter.write(run.resource);
        O created;
        try {
            created = run.adapter.create(run.resource, desiredTags(run, null));
        } catch (AwsException e) {
            // EntityAlreadyExists after the SDK retried the call: an earlier attempt, whose answer
            // was lost, may have created the resource, so the outcome is unknown as after a
            // timeout.
            boolean outcomeUnknown =
                    e.is(AwsErrorKind.TIMEOUT)
                            || e.is(AwsErrorKind.SERVER_ERROR)
                            || (e.is(AwsErrorKind.ALREADY_EXISTS) && e.attempts() > 1);
            if (!outcomeUnknown) {
                // AWS answered, and did not create anything: this attempt's intent proves nothing.
                run.status().setCreateIntent(earlier);
            }
            if (!e.is(AwsErrorKind.ALREADY_EXISTS)) {
                throw e;
            }
            // This create did not make what holds the name (AWS answered, or an earlier attempt of
            // this intent did); only tags, or an earlier attempt's intent, can show that it is
            // ours.
            Optional<O> existing = run.adapter.observeConflicting(run.resource);
            if (existing.isEmpty()) {
                throw new AwsException(
                        AwsErrorKind.SERVER_ERROR,
                        e.operation(),
                        e.errorCode(),
                        Messages.notVisibleYet(run.key),
                        e);
            }
            return sync(run, existing.get());
        }
        // Before anything else, status included: what only this answer carries (a secret) is
        // written where the user reads it, or the create stays unfinished for the next reconcile.
        O made = created;
        run.adapter
                .connectionDetails(run.resource, made)
                .ifPresent(details -> secretWriter.write(run.resource, details));
        recordObserved(run, created);
        return completeCreated(run, created);
    }

    /**
     * A Create call sets what IAM takes in it (document, trust policy, tags, ...); attachments,
     * inline policies, memberships and roles of a profile need further calls. They are applied
     * here, through the adapter's own diff and update, so that no adapter repeats them inside its
     * create. The resource is recorded as ours before, so a failure here is retried as an update of
     * our resource, never met as someone else's.
     */
    private <R extends ManagedResource<?, ?>, O extends ObservedResource> Verdict completeCreated(
            Run<R, O> run, O created) {
        Map<String, String> desiredTags = desiredTags(run, created);
        Drift rest = run.adapter.diff(run.resource, created, desiredTags);
        if (!rest.isEmpty()) {
            try {
                created = run.adapter.update(run.resource, created, rest, desiredTags);
            } catch (AwsException e) {
                if (e.is(AwsErrorKind.INVALID_INPUT) || e.is(AwsErrorKind.NOT_SENT)) {
                    throw e;
                }
                return Verdict.failed(
                        e, rest, Messages.createdIncomplete(created.arn(), rest, e.getMessage()));
            }
            recordObserved(run, created);
        }
        return Verdict.synced(
                Reason.Created, Messages.created(created.arn()), Drift.NONE, false, true);
    }

    /**
     * How the engine treats a resource it found in AWS, decided once per reconcile from ownership,
     * what status recorded and the annotations.
     */
    enum Stance {
        /** Ours and already recorded: drift is reverted or reported per the drift policy. */
        MANAGE,
        /** Ours by tags or intent but not recorded yet: found after an interrupted create. */
        RECOVER,
        /** Not ours, and the adoption policy asks to take it over. */
        ADOPT,
        /** management-policy observe: compared and reported, never written. */
        OBSERVE;

        /**
         * Whether a difference found is the world changing under us (drift, counted in the drift
         * metrics) rather than the spec not applied yet.
         */
        boolean differenceIsDrift(boolean specChange) {
            return this == OBSERVE || (this == MANAGE && !specChange);
        }

        /** Whether a difference is written to AWS under {@code drift-policy}. */
        boolean corrects(boolean specChange, DriftHandling driftPolicy) {
            return switch (this) {
                case OBSERVE -> false;
                case ADOPT, RECOVER -> true;
                case MANAGE -> specChange || driftPolicy == DriftHandling.CORRECT;
            };
        }
    }

    /** The stance toward a resource found in AWS; empty when it is someone else's to refuse. */
    private Optional<Stance> stance(Run<?, ?> run, ObservedResource observed) {
        if (run.policies.observeOnly()) {
            return Optional.of(Stance.OBSERVE);
        }
        if (!ownership.owns(run.resource, run.key, observed, run.adapter.taggable())) {
            return run.policies.adoption().isPresent()
                    ? Optional.of(Stance.ADOPT)
                    : Optional.empty();
        }
        return Optional.of(run.status().getArn() == null ? Stance.RECOVER : Stance.MANAGE);
    }

    /** Present in AWS: decide whose it is, then compare and correct or report. */
    private <R extends ManagedResource<?, ?>, O extends ObservedResource> Verdict sync(
            Run<R, O> run, O observed) {
        Optional<Stance> decided = stance(run, observed);
        if (decided.isEmpty()) {
            return refuse(run, observed);
        }
        Stance stance = decided.get();
        Optional<Verdict> foreign = outsideTenant(run, observed);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        boolean adopting = stance == Stance.ADOPT;

        Map<String, String> desiredTags = desiredTags(run, observed);
        Drift drift = run.adapter.diff(run.resource, observed, desiredTags);
        Reason reason =
                switch (stance) {
                    case ADOPT -> Reason.Adopted;
                    case RECOVER -> Reason.Recovered;
                    case OBSERVE -> Reason.Observing;
                    case MANAGE -> Reason.UpToDate;
                };
        boolean wroteAws = false;
        if (!drift.isEmpty()) {
            // A difference whose time came (an access key's rotation) is the spec being applied,
            // whatever the drift policy, and never drift.
            boolean scheduled = drift.fields().stream().allMatch(run.adapter::scheduled);
            boolean specChange = !run.specApplied() || scheduled;
            boolean isDrift = stance.differenceIsDrift(specChange);
            if (isDrift && !sameDrift(run.status(), drift)) {
                metrics.driftDetected(run.kind());
            }
            if (!stance.corrects(specChange, run.policies.drift())) {
                recordObserved(run, observed);
                return Verdict.synced(
                        Reason.DriftReported,
                        Messages.driftReported(run.key, drift, stance == Stance.OBSERVE),
                        drift,
                        adopting,
                        false);
            }
            try {
                observed = run.adapter.update(run.resource, observed, drift, desiredTags);
            } catch (AwsException e) {
                if (e.is(AwsErrorKind.INVALID_INPUT) || e.is(AwsErrorKind.NOT_SENT)) {
                    throw e;
                }
                // Still different from the spec: say so, rather than keep a Ready that hides it.
                recordObserved(run, observed);
                return Verdict.failed(
                        e, drift, Messages.notUpdatedYet(run.key, drift, e.getMessage()));
            }
            wroteAws = true;
            if (isDrift) {
                metrics.driftCorrected(run.kind());
                reason = Reason.DriftCorrected;
            }
        }
        if (stance == Stance.ADOPT) {
            metrics.adoption(run.kind(), OperatorMetrics.ADOPTED);
        } else if (stance == Stance.RECOVER) {
            metrics.adoption(run.kind(), OperatorMetrics.RECOVERED);
        }
        recordObserved(run, observed);
        return Verdict.synced(
                reason, message(reason, observed, drift, wroteAws), Drift.NONE, adopting, wroteAws);
    }

    private Verdict refuse(Run<?, ?> run, ObservedResource observed) {
        if (!wasRefused(run.status())) {
            metrics.adoption(run.kind(), OperatorMetrics.REFUSED);
        }
        return Verdict.notReady(
                Reason.AlreadyExistsNotOwned,
                Messages.notOwned(run.kind(), observed.arn(), run.adapter.taggable()),
                Verdict.Next.RESYNC);
    }

    private static String message(
            Reason reason, ObservedResource observed, Drift corrected, boolean wroteAws) {
        return switch (reason) {
            case Recovered -> Messages.recovered(observed.arn());
            case Adopted -> Messages.adopted(observed.arn());
            case DriftCorrected -> Messages.driftCorrected(observed.arn(), corrected);
            case Observing -> Messages.observing(observed.arn());
            default ->
                    wroteAws
                            ? Messages.updated(observed.arn(), corrected)
                            : Messages.matches(observed.arn());
        };
    }

    /**
     * Tags AWS should carry: the spec's, plus ownership tags when managing. When only observing,
     * whatever ownership tags the resource has are left out of the comparison.
     */
    private Map<String, String> desiredTags(Run<?, ?> run, ObservedResource observed) {
        Map<String, String> desired =
                new LinkedHashMap<>(TagSets.toMap(run.resource.getSpec().getTags()));
        if (run.policies.observeOnly()) {
            if (observed != null) {
                observed.tags()
                        .forEach(
                                (k, v) -> {
                                    if (Ownership.isOwnershipKey(k)) {
                                        desired.put(k, v);
                                    }
                                });
            }
        } else {
            desired.putAll(ownership.tagsFor(run.resource));
        }
        return desired;
    }

    private static <R extends ManagedResource<?, ?>, O extends ObservedResource>
            void recordObserved(Run<R, O> run, O observed) {
        IamStatus s = run.status();
        s.setArn(observed.arn());
        s.setId(observed.id());
        s.setName(observed.name());
        s.setCreateIntent(null);
        s.setLastSyncTime(Instant.now().toString());
        run.adapter.recordStatus(run.resource, observed);
        ResourceMdc.arn(observed.arn());
    }

    private static boolean wasRefused(IamStatus status) {
        return Conditions.find(status, Conditions.READY)
                .map(c -> Reason.AlreadyExistsNotOwned.name().equals(c.getReason()))
                .orElse(false);
    }

    private static boolean sameDrift(IamStatus status, Drift drift) {
        return Conditions.isTrue(status, Conditions.DRIFTED)
                && status.getDrift().equals(drift.fields());
    }

    // ---------------------------------------------------------------------------------------------
    // Delete
    // ---------------------------------------------------------------------------------------------

    /**
     * The delete path: only our own resource, only with deletion-policy delete and
     * management-policy full. Returns the control that removes the finalizer once AWS is clean.
     */
    public <R extends ManagedResource<?, ?>, O extends ObservedResource> DeleteControl cleanup(
            R resource, IamAdapter<R, O> adapter, Surroundings surroundings) {
        if (!activity.enter()) {
            // Shutting down: the finalizer stays and the next start deletes.
            return DeleteControl.noFinalizerRemoval();
        }
        try {
            return cleanupNow(resource, adapter, surroundings);
        } finally {
            activity.exit();
        }
    }

    /**
     * Deleting never needs a valid spec: an object whose spec became invalid after its resource was
     * created (an edit, a stricter check of a newer operator) is still deleted, through what status
     * recorded. Only what deletion itself reads must be valid: the deletion and management
     * annotations.
     */
    private <R extends ManagedResource<?, ?>, O extends ObservedResource> DeleteControl cleanupNow(
            R resource, IamAdapter<R, O> adapter, Surroundings surroundings) {
        try (ResourceMdc ignored =
                ResourceMdc.of(adapter.kind(), resource, RateBudget.Priority.CHANGE)) {
            if (ResourcePolicies.isPaused(resource)) {
                settle(resource, adapter, paused());
                return DeleteControl.noFinalizerRemoval();
            }
            Optional<String> retained;
            try {
                retained = ResourcePolicies.retainedOnDelete(resource);
            } catch (InvalidAnnotationException e) {
                settle(
                        resource,
                        adapter,
                        Verdict.notReady(
                                Reason.InvalidSpec,
                                Messages.deletionWaitsForAnnotation(e.getMessage()),
                                Verdict.Next.WAIT_FOR_CHANGE));
                return DeleteControl.noFinalizerRemoval();
            }
            if (retained.isPresent()) {
                adapter.retained(resource);
                return released(resource, adapter, Messages.retained(retained.get()));
            }
            Governance governance = governance(resource, surroundings);
            if (governance instanceof Governance.Refused refused) {
                // Whose the resource is cannot be told now: neither delete it nor orphan it.
                settle(resource, adapter, notPermitted(refused.message()));
                return DeleteControl.noFinalizerRemoval();
            }
            try {
                accounts.enter(governance.account());
            } catch (AwsException e) {
                if (resource.status().getArn() == null
                        && resource.status().getCreateIntent() == null) {
                    // The account cannot be reached, and nothing was ever created for the object:
                    // a create always records its intent first.
                    return released(
                            resource, adapter, Messages.nothingCreatedAccountUnreachable(e));
                }
                throw e;
            }
            Optional<String> elsewhere = recordedElsewhere(resource);
            if (elsewhere.isPresent()) {
                return released(
                        resource,
                        adapter,
                        Messages.leftInOtherAccount(resource.status().getArn(), elsewhere.get()));
            }
            IamStatus s = resource.status();
            Optional<O> observed;
            String key;
            if (s.getArn() != null || s.getCreateIntent() != null) {
                key = recordedKey(s);
                observed = adapter.observeRecorded(resource);
            } else if (validate(resource, adapter).isEmpty()) {
                // Nothing recorded (a status lost or never written): the resource can still be
                // ours by its tags, found by natural key.
                key = adapter.naturalKey(resource);
                observed = adapter.observe(resource);
            } else {
                return released(resource, adapter, Messages.nothingCreated());
            }
            if (observed.isEmpty()) {
                return released(resource, adapter, Messages.absent(key));
            }
            if (!ownership.owns(resource, key, observed.get(), adapter.taggable())) {
                return released(
                        resource, adapter, Messages.notOwnedLeftUntouched(observed.get().arn()));
            }
            if (governance instanceof Governance.Governed governed) {
                Optional<String> notTheTenants =
                        TenancyCheck.mayClaim(
                                governed.rules(),
                                adapter.tenancyFacts(resource).hasPath(),
                                observed.get().arn(),
                                foreignOwner(resource, observed.get()));
                if (notTheTenants.isPresent()) {
                    return released(resource, adapter, notTheTenants.get());
                }
            }
            adapter.delete(resource, observed.get());
            return released(resource, adapter, Messages.deleted(observed.get().arn()));
        } catch (NotOursException e) {
            // Nothing recorded, and what the object would need is someone else's: it made nothing.
            return released(resource, adapter, Messages.nothingCreated());
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return released(resource, adapter, Messages.alreadyGone());
            }
            Verdict v =
                    e.is(AwsErrorKind.DELETE_CONFLICT)
                            ? Verdict.deleteBlocked(e, Messages.cannotDeleteYet(e.getMessage()))
                            : fromFailure(e);
            settle(resource, adapter, v);
            throw new ReconcileException(v.message, e);
        }
    }

    /**
     * The account of the resource status recorded, when it is not the account the namespace's IAM
     * lives in now ({@code aws.roleArn} changed since): that resource is left alone in its account
     * (design.md, "Many AWS accounts": changing the role moves and deletes nothing).
     */
    private Optional<String> recordedElsewhere(ManagedResource<?, ?> resource) {
        IamStatus s = resource.getStatus();
        if (s == null || s.getArn() == null) {
            return Optional.empty();
        }
        return IamArn.parse(s.getArn())
                .map(IamArn::accountId)
                .filter(id -> id.matches("\\d{12}"))
                .filter(id -> !id.equals(accounts.currentId()));
    }

    /** Whether the Ready condition is True for this generation. */
    private static boolean readyFor(IamStatus s, long generation) {
        return Conditions.find(s, Conditions.READY)
                .filter(
                        c ->
                                "True".equals(c.getStatus())
                                        && c.getObservedGeneration() != null
                                        && c.getObservedGeneration() == generation)
                .isPresent();
    }

    /** What status recorded of the resource, for messages and the ownership check of a delete. */
    private static String recordedKey(IamStatus s) {
        if (s.getCreateIntent() != null && s.getCreateIntent().getKey() != null) {
            return s.getCreateIntent().getKey();
        }
        return s.getName() != null ? s.getName() : s.getArn();
    }

    private DeleteControl released(
            ManagedResource<?, ?> resource, IamAdapter<?, ?> adapter, String message) {
        logTransition(resource, adapter.kind(), "finalizer removed", message);
        events.normal(resource, Reason.Deleting, message);
        metrics.resourceGone(resource.getMetadata().getUid());
        activity.forget(resource.getMetadata().getUid());
        resyncSlots.forget(resource.getMetadata().getUid());
        accounts.forget(ResourceMdc.object(adapter.kind(), resource));
        return DeleteControl.defaultDelete();
    }

    // ---------------------------------------------------------------------------------------------
    // Common steps
    // ---------------------------------------------------------------------------------------------

    private static Verdict paused() {
        return Verdict.notReady(Reason.Paused, Messages.paused(), Verdict.Next.WAIT_FOR_CHANGE);
    }

    /** Step 2: annotations and spec, without any AWS call. */
    private static <R extends ManagedResource<?, ?>> Optional<Verdict> validate(
            R resource, IamAdapter<R, ?> adapter) {
        List<String> problems = new ArrayList<>();
        try {
            ResourcePolicies.of(resource);
        } catch (InvalidAnnotationException e) {
            problems.add(e.getMessage());
        }
        if (resource.getSpec() == null) {
            problems.add("spec is missing");
        } else {
            problems.addAll(adapter.validate(resource));
        }
        return problems.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        Verdict.notReady(
                                Reason.InvalidSpec,
                                String.join("; ", problems),
                                Verdict.Next.WAIT_FOR_CHANGE));
    }

    /**
     * What governs the object's namespace; its TenantPolicy's defaults (path, boundary) are handed
     * to the object before validation, so that an object leaving them out is validated and created
     * with them.
     */
    private Governance governance(ManagedResource<?, ?> resource, Surroundings surroundings) {
        String namespace = resource.getMetadata().getNamespace();
        Governance g =
                Governances.of(
                        namespace,
                        surroundings.namespaceLabels(namespace),
                        surroundings.tenantPolicies(),
                        clusterId,
                        unselectedNamespaces,
                        clusterOidcProvider);
        resource.tenantDefaults(
                g instanceof Governance.Governed governed
                        ? new TenantDefaults(
                                governed.rules().path(), governed.rules().permissionsBoundary())
                        : TenantDefaults.NONE);
        return g;
    }

    /**
     * After validation, before references and any AWS call: the namespace's TenantPolicy must allow
     * the object (design.md, "Tenancy").
     */
    private static <R extends ManagedResource<?, ?>> Optional<Verdict> tenancy(
            R resource,
            IamAdapter<R, ?> adapter,
            Governance governance,
            Surroundings surroundings) {
        if (governance instanceof Governance.Refused refused) {
            return Optional.of(notPermitted(refused.message()));
        }
        if (!(governance instanceof Governance.Governed governed)) {
            return Optional.empty();
        }
        List<String> problems =
                TenancyCheck.check(
                        adapter.tenancyFacts(resource),
                        governed.rules(),
                        resource.annotation(ResourcePolicies.ADOPTION_POLICY).isPresent(),
                        surroundings.objectsAhead(resource));
        return problems.isEmpty()
                ? Optional.empty()
                : Optional.of(notPermitted(String.join("; ", problems)));
    }

    /**
     * In a tenant's namespace, a resource found in AWS is the tenant's only at its path and without
     * another namespace's or cluster's tags: a create intent or a recorded id is not enough.
     */
    private Optional<Verdict> outsideTenant(Run<?, ?> run, ObservedResource observed) {
        if (!(run.governance instanceof Governance.Governed governed)) {
            return Optional.empty();
        }
        return TenancyCheck.mayClaim(
                        governed.rules(),
                        run.adapter.tenancyFacts(cast(run.resource)).hasPath(),
                        observed.arn(),
                        foreignOwner(run.resource, observed))
                .map(ReconcileEngine::notPermitted);
    }

    @SuppressWarnings("unchecked")
    private static <R extends ManagedResource<?, ?>> R cast(ManagedResource<?, ?> r) {
        return (R) r;
    }

    /** Who else the resource's ownership tags name, or null when none or this object. */
    private String foreignOwner(ManagedResource<?, ?> resource, ObservedResource observed) {
        Map<String, String> tags = observed.tags();
        String cluster = tags.get(Ownership.CLUSTER);
        String namespace = tags.get(Ownership.NAMESPACE);
        if (cluster == null) {
            return null;
        }
        if (!cluster.equals(clusterId)) {
            return "cluster " + cluster;
        }
        return namespace != null && !namespace.equals(resource.getMetadata().getNamespace())
                ? "namespace " + namespace
                : null;
    }

    private static Verdict notPermitted(String message) {
        return Verdict.notReady(Reason.NotPermitted, message, Verdict.Next.RESYNC);
    }

    /**
     * Step 3: every referenced object must be Ready before AWS is called; their ARNs and names are
     * handed to the adapter through the resource. The referrer is woken by a watch on the targets
     * when one becomes Ready, and also observes again at the resync interval.
     */
    private static <R extends ManagedResource<?, ?>> Optional<Verdict> resolveReferences(
            R resource, IamAdapter<R, ?> adapter, ReferenceResolver references) {
        List<Reference> declared = adapter.references(resource);
        Map<String, ResolvedReferences.Target> resolved = new LinkedHashMap<>();
        List<String> waiting = new ArrayList<>();
        for (Reference ref : declared) {
            ReferenceResolver.Target t =
                    references.resolve(resource.getMetadata().getNamespace(), ref);
            if (t.ready()) {
                resolved.put(
                        ResolvedReferences.key(ref.kind(), ref.name()),
                        new ResolvedReferences.Target(t.arn(), t.awsName()));
            } else {
                waiting.add(
                        ref.kind() + " " + ref.name() + " (" + ref.field() + "): " + t.detail());
            }
        }
        if (!waiting.isEmpty()) {
            return Optional.of(
                    Verdict.notReady(
                            Reason.WaitingForReference,
                            Messages.waitingForReferences(waiting),
                            Verdict.Next.RESYNC));
        }
        resource.resolvedReferences(new ResolvedReferences(resolved));
        return Optional.empty();
    }

    private static Verdict fromFailure(AwsException e) {
        if (e.is(AwsErrorKind.INVALID_INPUT)) {
            // AWS rejected what the spec asks for: retrying the same spec cannot succeed.
            return Verdict.notReady(
                    Reason.InvalidSpec,
                    Messages.awsRejectedSpec(e.getMessage()),
                    Verdict.Next.WAIT_FOR_CHANGE);
        }
        return Verdict.failed(e);
    }

    /**
     * Every branch ends here: conditions, status write, event on a transition, gauges. Returns the
     * verdict for the caller to turn into a control; a retryable failure is rethrown.
     */
    private Verdict settle(ManagedResource<?, ?> resource, IamAdapter<?, ?> adapter, Verdict v) {
        IamStatus s = resource.status();
        Instant now = Instant.now();
        long generation =
                resource.getMetadata().getGeneration() == null
                        ? 0
                        : resource.getMetadata().getGeneration();
        Optional<String> previousReason =
                Conditions.find(s, Conditions.READY).map(c -> c.getReason());
        boolean wasReady = Conditions.isTrue(s, Conditions.READY);
        boolean readyForThisGeneration = readyFor(s, generation);

        // A transient failure of a resource that is ready for this generation does not make it
        // unready: AWS still matches the spec as far as anyone knows. It is reported as an event.
        boolean keepReady =
                v.next == Verdict.Next.RETRY
                        && v.reason != Reason.Deleting
                        && !(v.cause != null && "AssumeRole".equals(v.cause.operation()))
                        && readyForThisGeneration
                        && (v.drift == null || v.drift.isEmpty());
        if (!keepReady) {
            Conditions.set(s, Conditions.READY, v.ready, v.reason, v.message, generation, now);
            s.setAppliedGeneration(v.reason.synced() ? generation : 0L);
        }
        if (v.drift != null) {
            s.setDrift(new ArrayList<>(v.drift.fields()));
            boolean drifted = !v.drift.isEmpty();
            Conditions.set(
                    s,
                    Conditions.DRIFTED,
                    drifted,
                    drifted
                            ? Reason.DriftReported
                            : v.reason == Reason.DriftCorrected
                                    ? Reason.DriftCorrected
                                    : Reason.UpToDate,
                    drifted ? v.message : "AWS matches the spec",
                    generation,
                    now);
        }
        if (v.adopted) {
            Conditions.set(s, Conditions.ADOPTED, true, Reason.Adopted, v.message, generation, now);
        } else if (v.reason == Reason.Created) {
            Conditions.set(
                    s,
                    Conditions.ADOPTED,
                    false,
                    Reason.Created,
                    "created by this operator",
                    generation,
                    now);
        }
        s.setObservedGeneration(generation);

        writeStatus(resource, v);
        recordEvent(resource, adapter.kind(), v, previousReason, wasReady, keepReady);
        metrics.resourceState(
                adapter.kind(),
                resource.getMetadata().getUid(),
                Conditions.isTrue(s, Conditions.READY),
                Conditions.isTrue(s, Conditions.DRIFTED));
        return v;
    }

    private void writeStatus(ManagedResource<?, ?> resource, Verdict v) {
        if (!StatusBaseline.changed(resource)) {
            // Only the time moved: the status the API server holds says the same.
            return;
        }
        try {
            statusWriter.write(resource);
        } catch (RuntimeException e) {
            // Nothing is lost: the next reconcile observes AWS again and writes the same status.
            LOG.warnf("status write failed (%s); the next reconcile will write it", e.getMessage());
            if (v.next != Verdict.Next.RETRY) {
                throw new ReconcileException("status write failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * One event and one log line per transition and per action; a resync that changes nothing stays
     * silent. The resync after an action ends Ready=True {@code UpToDate}: the same state, already
     * announced by the action's event, so it is not a transition. A transient failure of a Ready
     * object is announced on every retry (the recorder folds repeats into one event's count).
     */
    private void recordEvent(
            ManagedResource<?, ?> resource,
            String kind,
            Verdict v,
            Optional<String> previousReason,
            boolean wasReady,
            boolean keptReady) {
        boolean action =
                switch (v.reason) {
                    case Created, Recovered, Adopted, DriftCorrected -> true;
                    default -> false;
                };
        boolean quietResync = v.reason == Reason.UpToDate && v.ready && wasReady;
        boolean transition = !previousReason.equals(Optional.of(v.reason.name())) && !quietResync;
        if (!action && !transition && !keptReady && !v.wroteAws) {
            return;
        }
        logTransition(
                resource,
                kind,
                previousReason.orElse("New")
                        + " -> "
                        + v.reason
                        + (keptReady ? " (Ready=True kept)" : " (Ready=" + v.ready + ")"),
                v.message);
        if (v.ready || v.reason == Reason.Paused || v.reason == Reason.Observing) {
            events.normal(resource, v.reason, v.message);
        } else {
            events.warning(resource, v.reason, v.message);
        }
    }

    /** The one log line of a state change: kind, namespace, name, ARN, what changed and why. */
    private static void logTransition(
            ManagedResource<?, ?> resource, String kind, String change, String message) {
        String arn = resource.getStatus() == null ? null : resource.getStatus().getArn();
        LOG.infof(
                "%s %s/%s arn=%s: %s: %s",
                kind,
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(),
                arn == null ? "-" : arn,
                change,
                message);
    }

    private <R extends ManagedResource<?, ?>> UpdateControl<R> toUpdateControl(Verdict v) {
        return switch (v.next) {
            case RESYNC -> UpdateControl.<R>noUpdate().rescheduleAfter(resyncInterval);
            case WAIT_FOR_CHANGE -> UpdateControl.noUpdate();
            case RETRY -> throw new ReconcileException(v.message, v.cause);
        };
    }

    /**
     * A change a user asked for (a new object, a generation not applied yet) goes before resync
     * observations in the IAM call budget; everything else is a resync.
     */
    static RateBudget.Priority priority(ManagedResource<?, ?> resource) {
        IamStatus status = resource.getStatus();
        Long generation = resource.getMetadata().getGeneration();
        boolean applied =
                status != null
                        && Long.valueOf(generation == null ? 0 : generation)
                                .equals(appliedGeneration(status));
        return applied ? RateBudget.Priority.RESYNC : RateBudget.Priority.CHANGE;
    }

    /**
     * The generation whose spec was applied. A status written before {@code appliedGeneration}
     * existed has none: there the Ready condition of that generation, with a reason that means the
     * spec was compared with AWS, says the same, so an upgrade never takes standing drift under
     * {@code drift-policy: report} for a spec change and writes it.
     */
    private static Long appliedGeneration(IamStatus status) {
        if (status.getAppliedGeneration() != null) {
            return status.getAppliedGeneration();
        }
        return Conditions.find(status, Conditions.READY)
                .filter(c -> c.getObservedGeneration() != null)
                .filter(
                        c ->
                                Arrays.stream(Reason.values())
                                        .anyMatch(
                                                r -> r.synced() && r.name().equals(c.getReason())))
                .map(c -> c.getObservedGeneration())
                .orElse(0L);
    }
}
