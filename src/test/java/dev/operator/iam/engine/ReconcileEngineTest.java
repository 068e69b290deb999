package dev.operator.iam.engine;

import static dev.operator.iam.api.Reason.Adopted;
import static dev.operator.iam.api.Reason.AlreadyExistsNotOwned;
import static dev.operator.iam.api.Reason.AwsError;
import static dev.operator.iam.api.Reason.Created;
import static dev.operator.iam.api.Reason.Deleting;
import static dev.operator.iam.api.Reason.DriftCorrected;
import static dev.operator.iam.api.Reason.DriftReported;
import static dev.operator.iam.api.Reason.InvalidSpec;
import static dev.operator.iam.api.Reason.Observing;
import static dev.operator.iam.api.Reason.Paused;
import static dev.operator.iam.api.Reason.Recovered;
import static dev.operator.iam.api.Reason.Throttled;
import static dev.operator.iam.api.Reason.UpToDate;
import static dev.operator.iam.api.ResourcePolicies.ADOPTION_POLICY;
import static dev.operator.iam.api.ResourcePolicies.DELETION_POLICY;
import static dev.operator.iam.api.ResourcePolicies.DRIFT_POLICY;
import static dev.operator.iam.api.ResourcePolicies.MANAGEMENT_POLICY;
import static dev.operator.iam.api.ResourcePolicies.PAUSED;
import static dev.operator.iam.engine.FakeAdapter.Op.CREATE;
import static dev.operator.iam.engine.FakeAdapter.Op.DELETE;
import static dev.operator.iam.engine.FakeAdapter.Op.OBSERVE;
import static dev.operator.iam.engine.FakeAdapter.Op.OBSERVE_CONFLICTING;
import static dev.operator.iam.engine.FakeAdapter.Op.OBSERVE_RECORDED;
import static dev.operator.iam.engine.FakeAdapter.Op.UPDATE;
import static dev.operator.iam.engine.ReconcileEngineTest.AwsAfter.ABSENT;
import static dev.operator.iam.engine.ReconcileEngineTest.AwsAfter.MATCHES_SPEC;
import static dev.operator.iam.engine.ReconcileEngineTest.AwsAfter.UNCHANGED;
import static dev.operator.iam.engine.ReconcileEngineTest.Metric.ADOPTED;
import static dev.operator.iam.engine.ReconcileEngineTest.Metric.DRIFT_CORRECTED;
import static dev.operator.iam.engine.ReconcileEngineTest.Metric.DRIFT_DETECTED;
import static dev.operator.iam.engine.ReconcileEngineTest.Metric.RECOVERED;
import static dev.operator.iam.engine.ReconcileEngineTest.Metric.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.CreateIntent;
import dev.operator.iam.api.IamStatus;
import dev.operator.iam.api.Reason;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.engine.FakeAdapter.Op;
import dev.operator.iam.engine.Journal.AwsCall;
import dev.operator.iam.engine.Journal.StatusWrite;
import dev.operator.iam.tenancy.TenantPolicy;
import dev.operator.iam.tenancy.TenantPolicySpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reconcile loop of design.md against a fake adapter, one case per row: what AWS holds, what
 * the object says (annotations, last status, spec change), what fails; then the Ready condition,
 * the AWS calls made, the metrics, the events and what the Java Operator SDK is told to do next.
 *
 * <p>Every row is also checked against the engine's invariants: a create is always immediately
 * preceded by a status write carrying the create intent (crash safety), the status the engine
 * reports is the one it wrote, and the gauges agree with the conditions.
 */
class ReconcileEngineTest {

    private static final String NAME = "app";
    private static final String NAMESPACE = "team-a";
    private static final String UID = "uid-1";
    private static final String WANTED = "wanted";
    private static final String EDITED = "edited-by-hand";
    private static final Map<String, String> SPEC_TAGS = Map.of("team", "payments");
    private static final String OURS_ID = "AIDAOURS";
    private static final String FOREIGN_ID = "AIDAFOREIGN";
    private static final Instant NOW = Instant.now();

    // =============================================================================================
    // The table
    // =============================================================================================

    static Stream<Case> reconcileCases() {
        return Stream.of(
                // ---- create, and what a crash or a conflict around create leaves behind
                // ----------
                reconcile(
                                "creates a missing resource with ownership tags, after recording"
                                        + " the create intent")
                        .then(
                                ready(Created)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE, CREATE)
                                        .events(normal(Created))
                                        .aws(MATCHES_SPEC)
                                        .intentCleared()
                                        .resync()),
                reconcile("create-first: a new object of a tagging kind creates in one call")
                        .createsFirst()
                        .then(
                                ready(Created)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(CREATE)
                                        .events(normal(Created))
                                        .aws(MATCHES_SPEC)
                                        .intentCleared()
                                        .resync()),
                reconcile(
                                "create-first: a resource of ours whose status was lost answers"
                                        + " EntityAlreadyExists, is found by its tags, Recovered")
                        .createsFirst()
                        .inAws(ours())
                        .then(
                                ready(Recovered)
                                        .drifted(false)
                                        .calls(CREATE, OBSERVE_CONFLICTING)
                                        .counted(RECOVERED)
                                        .events(normal(Recovered))
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile(
                                "create-first: someone else's resource answers"
                                        + " EntityAlreadyExists and is refused, never updated")
                        .createsFirst()
                        .inAws(foreign())
                        .then(
                                notReady(AlreadyExistsNotOwned)
                                        .calls(CREATE, OBSERVE_CONFLICTING)
                                        .counted(REFUSED)
                                        .events(warning(AlreadyExistsNotOwned))
                                        .aws(UNCHANGED)
                                        .intentCleared()
                                        .resync()),
                reconcile(
                                "create-first never after a create intent: observes first, so a"
                                        + " restart never sends a second create")
                        .createsFirst()
                        .inAws(ours())
                        .status(intentRecordedAt(NOW.minusSeconds(60)))
                        .then(
                                ready(Recovered)
                                        .drifted(false)
                                        .calls(OBSERVE)
                                        .counted(RECOVERED)
                                        .events(normal(Recovered))
                                        .aws(UNCHANGED)
                                        .intentCleared()
                                        .resync()),
                reconcile(
                                "create-first never for an object that asks to adopt: observes"
                                        + " first")
                        .createsFirst()
                        .annotated(ADOPTION_POLICY, "adopt-or-create")
                        .then(
                                ready(Created)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE, CREATE)
                                        .events(normal(Created))
                                        .aws(MATCHES_SPEC)
                                        .intentCleared()
                                        .resync()),
                reconcile("adoption-policy adopt-or-create creates a missing resource")
                        .annotated(ADOPTION_POLICY, "adopt-or-create")
                        .then(
                                ready(Created)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE, CREATE)
                                        .events(normal(Created))
                                        .aws(MATCHES_SPEC)
                                        .intentCleared()
                                        .resync()),
                reconcile(
                                "recovers a resource it created before a crash, by its tags,"
                                        + " without creating again")
                        .inAws(ours())
                        .then(
                                ready(Recovered)
                                        .drifted(false)
                                        .calls(OBSERVE)
                                        .counted(RECOVERED)
                                        .events(normal(Recovered))
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile(
                                "recovers its resource when the object was re-created with a new"
                                        + " UID, refreshing the uid tag")
                        .inAws(ours().withTag(Ownership.UID, "uid-of-a-deleted-object"))
                        .then(
                                ready(Recovered)
                                        .drifted(false)
                                        .calls(OBSERVE, UPDATE)
                                        .counted(RECOVERED)
                                        .events(normal(Recovered))
                                        .aws(MATCHES_SPEC)
                                        .resync()),
                reconcile(
                                "recovers a stale resource of its own and corrects it without"
                                        + " counting drift")
                        .inAws(ours().withValue(EDITED))
                        .then(
                                ready(Recovered)
                                        .drifted(false)
                                        .calls(OBSERVE, UPDATE)
                                        .counted(RECOVERED)
                                        .events(normal(Recovered))
                                        .aws(MATCHES_SPEC)
                                        .resync()),
                reconcile(
                                "EntityAlreadyExists from create for a resource with our tags:"
                                        + " observes again, Recovered, no second create")
                        .inAws(ours())
                        .hiddenFromReads(1)
                        .then(
                                ready(Recovered)
                                        .drifted(false)
                                        .calls(OBSERVE, CREATE, OBSERVE_CONFLICTING)
                                        .counted(RECOVERED)
                                        .events(normal(Recovered))
                                        .aws(UNCHANGED)
                                        .intentCleared()
                                        .resync()),
                reconcile(
                                "EntityAlreadyExists from create for someone else's resource named"
                                        + " in another case: AlreadyExistsNotOwned, never updated")
                        .inAws(foreign().named("APP"))
                        .then(
                                notReady(AlreadyExistsNotOwned)
                                        .calls(OBSERVE, CREATE, OBSERVE_CONFLICTING)
                                        .counted(REFUSED)
                                        .events(warning(AlreadyExistsNotOwned))
                                        .aws(UNCHANGED)
                                        .message("APP", ADOPTION_POLICY + "=adopt")
                                        .intentCleared()
                                        .resync()),
                reconcile(
                                "EntityAlreadyExists while IAM does not return the resource yet:"
                                        + " retried, not Ready")
                        .inAws(ours())
                        .hiddenFromReads(2)
                        .then(
                                notReady(AwsError)
                                        .calls(OBSERVE, CREATE, OBSERVE_CONFLICTING)
                                        .events(warning(AwsError))
                                        .aws(UNCHANGED)
                                        .message("EntityAlreadyExists", "eventually consistent")
                                        .retries()),
                reconcile(
                                "a create that timed out keeps the intent in status, for the next"
                                        + " reconcile to recover")
                        .failing(
                                CREATE,
                                AwsErrorKind.TIMEOUT,
                                null,
                                "no answer within the call timeout")
                        .then(
                                notReady(AwsError)
                                        .calls(OBSERVE, CREATE)
                                        .events(warning(AwsError))
                                        .aws(ABSENT)
                                        .message("CreateFake", "call timeout")
                                        .intentKept()
                                        .retries()),
                reconcile(
                                "AWS rejecting the spec on create (INVALID_INPUT) is terminal:"
                                        + " InvalidSpec, no retry")
                        .failing(
                                CREATE,
                                AwsErrorKind.INVALID_INPUT,
                                "MalformedPolicyDocument",
                                "Syntax errors in policy.")
                        .then(
                                notReady(InvalidSpec)
                                        .calls(OBSERVE, CREATE)
                                        .events(warning(InvalidSpec))
                                        .aws(ABSENT)
                                        .message("MalformedPolicyDocument", "fix the spec")
                                        .waitsForChange()),
                reconcile(
                                "a status write of the create intent that fails stops the reconcile"
                                        + " before create")
                        .rejectingIntentWrites()
                        .then(noStatus().calls(OBSERVE).aws(ABSENT).failsWithTheStatusWrite()),

                // ---- present and ours
                // ---------------------------------------------------------------
                reconcile(
                                "an owned resource that matches the spec is UpToDate: no update, no"
                                        + " event on a quiet resync")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .then(
                                ready(UpToDate)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE)
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile("a drift is corrected by default and counted as detected and corrected")
                        .inAws(ours().withValue(EDITED))
                        .status(wasReady(UpToDate))
                        .then(
                                ready(DriftCorrected)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE, UPDATE)
                                        .counted(DRIFT_DETECTED, DRIFT_CORRECTED)
                                        .events(normal(DriftCorrected))
                                        .aws(MATCHES_SPEC)
                                        .message("value")
                                        .resync()),
                reconcile(
                                "drift-policy report: the drift is counted and reported,"
                                        + " Ready=False, and never corrected")
                        .annotated(DRIFT_POLICY, "report")
                        .inAws(ours().withValue(EDITED).withTag("owner", "someone"))
                        .status(wasReady(UpToDate))
                        .then(
                                notReady(DriftReported)
                                        .drifted(true)
                                        .driftFields("value", "tags")
                                        .adopted(false)
                                        .calls(OBSERVE)
                                        .counted(DRIFT_DETECTED)
                                        .events(warning(DriftReported))
                                        .aws(UNCHANGED)
                                        .message("value, tags", "drift-policy report")
                                        .resync()),
                reconcile(
                                "drift-policy report: status from before appliedGeneration"
                                        + " existed is read from its Ready condition, so an"
                                        + " upgrade never writes standing drift")
                        .annotated(DRIFT_POLICY, "report")
                        .inAws(ours().withValue(EDITED))
                        .status(wasReadyBeforeAppliedGenerationExisted())
                        .then(
                                notReady(DriftReported)
                                        .drifted(true)
                                        .driftFields("value")
                                        .adopted(false)
                                        .calls(OBSERVE)
                                        .counted(DRIFT_DETECTED)
                                        .events(warning(DriftReported))
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile(
                                "drift-policy report: the applied generation, not the Ready"
                                        + " reason, decides; a spec not applied yet is applied")
                        .annotated(DRIFT_POLICY, "report")
                        .inAws(ours().withValue(EDITED))
                        .status(wasReadyWithoutAppliedSpec())
                        .then(
                                ready(UpToDate)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE, UPDATE)
                                        .events(normal(UpToDate))
                                        .aws(MATCHES_SPEC)
                                        .message("updated value")
                                        .resync()),
                reconcile(
                                "drift-policy report: a drift already reported is neither counted"
                                        + " nor announced again")
                        .annotated(DRIFT_POLICY, "report")
                        .inAws(ours().withValue(EDITED))
                        .status(wasDriftReported("value"))
                        .then(
                                notReady(DriftReported)
                                        .drifted(true)
                                        .driftFields("value")
                                        .adopted(false)
                                        .calls(OBSERVE)
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile("drift-policy report: a different drift than the one reported is counted")
                        .annotated(DRIFT_POLICY, "report")
                        .inAws(ours().withValue(EDITED))
                        .status(wasDriftReported("tags"))
                        .then(
                                notReady(DriftReported)
                                        .drifted(true)
                                        .driftFields("value")
                                        .adopted(false)
                                        .calls(OBSERVE)
                                        .counted(DRIFT_DETECTED)
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile(
                                "a spec change is applied even under drift-policy report, and is"
                                        + " not counted as drift")
                        .annotated(DRIFT_POLICY, "report")
                        .specChanged()
                        .inAws(ours().withValue("the previous spec's value"))
                        .status(wasReady(UpToDate))
                        .then(
                                ready(UpToDate)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE, UPDATE)
                                        .events(normal(UpToDate))
                                        .aws(MATCHES_SPEC)
                                        .resync()),

                // ---- present and not ours
                // -----------------------------------------------------------
                reconcile(
                                "someone else's resource is refused without an adoption annotation,"
                                        + " and never modified")
                        .inAws(foreign())
                        .then(
                                notReady(AlreadyExistsNotOwned)
                                        .calls(OBSERVE)
                                        .counted(REFUSED)
                                        .events(warning(AlreadyExistsNotOwned))
                                        .aws(UNCHANGED)
                                        .message(
                                                FakeObserved.arnOf(NAME),
                                                "not owned",
                                                ADOPTION_POLICY + "=adopt")
                                        .resync()),
                reconcile(
                                "a refusal already reported is not counted again, and the name is"
                                        + " looked up as a create conflict would")
                        .inAws(foreign())
                        .status(wasRefused())
                        .then(
                                notReady(AlreadyExistsNotOwned)
                                        .calls(OBSERVE_CONFLICTING)
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile("ownership tags of another cluster do not make a resource ours")
                        .inAws(ours().withTag(Ownership.CLUSTER, "another-cluster"))
                        .then(
                                notReady(AlreadyExistsNotOwned)
                                        .calls(OBSERVE)
                                        .counted(REFUSED)
                                        .events(warning(AlreadyExistsNotOwned))
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile("ownership tags of another namespace do not make a resource ours")
                        .inAws(ours().withTag(Ownership.NAMESPACE, "team-b"))
                        .then(
                                notReady(AlreadyExistsNotOwned)
                                        .calls(OBSERVE)
                                        .counted(REFUSED)
                                        .events(warning(AlreadyExistsNotOwned))
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile(
                                "adoption-policy adopt takes over someone else's resource by adding"
                                        + " the ownership tags")
                        .annotated(ADOPTION_POLICY, "adopt")
                        .inAws(foreign())
                        .then(
                                ready(Adopted)
                                        .drifted(false)
                                        .adopted(true)
                                        .calls(OBSERVE, UPDATE)
                                        .counted(ADOPTED)
                                        .events(normal(Adopted))
                                        .aws(MATCHES_SPEC)
                                        .resync()),
                reconcile(
                                "adoption-policy adopt-or-create adopts too, correcting the value"
                                        + " without counting drift")
                        .annotated(ADOPTION_POLICY, "adopt-or-create")
                        .inAws(foreign().withValue(EDITED))
                        .then(
                                ready(Adopted)
                                        .drifted(false)
                                        .adopted(true)
                                        .calls(OBSERVE, UPDATE)
                                        .counted(ADOPTED)
                                        .events(normal(Adopted))
                                        .aws(MATCHES_SPEC)
                                        .resync()),
                reconcile(
                                "adoption-policy adopt never creates: a missing resource is awaited"
                                        + " as Observing")
                        .annotated(ADOPTION_POLICY, "adopt")
                        .then(
                                notReady(Observing)
                                        .calls(OBSERVE)
                                        .events(normal(Observing))
                                        .aws(ABSENT)
                                        .message("adopt-or-create")
                                        .resync()),

                // ---- management-policy observe
                // -----------------------------------------------------
                reconcile("management-policy observe never creates a missing resource")
                        .annotated(MANAGEMENT_POLICY, "observe")
                        .then(
                                notReady(Observing)
                                        .calls(OBSERVE)
                                        .events(normal(Observing))
                                        .aws(ABSENT)
                                        .message("never creates")
                                        .resync()),
                reconcile("management-policy observe reports a difference and never updates")
                        .annotated(MANAGEMENT_POLICY, "observe")
                        .inAws(ours().withValue(EDITED))
                        .status(wasObserving())
                        .then(
                                notReady(DriftReported)
                                        .drifted(true)
                                        .driftFields("value")
                                        .calls(OBSERVE)
                                        .counted(DRIFT_DETECTED)
                                        .events(warning(DriftReported))
                                        .aws(UNCHANGED)
                                        .message("management-policy observe")
                                        .resync()),
                reconcile(
                                "management-policy observe on someone else's matching resource:"
                                        + " Observing, no refusal")
                        .annotated(MANAGEMENT_POLICY, "observe")
                        .inAws(foreign())
                        .then(
                                ready(Observing)
                                        .drifted(false)
                                        .calls(OBSERVE)
                                        .events(normal(Observing))
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile("management-policy observe leaves ownership tags out of the comparison")
                        .annotated(MANAGEMENT_POLICY, "observe")
                        .inAws(ours().withTag(Ownership.UID, "uid-of-a-deleted-object"))
                        .then(
                                ready(Observing)
                                        .drifted(false)
                                        .calls(OBSERVE)
                                        .events(normal(Observing))
                                        .aws(UNCHANGED)
                                        .resync()),

                // ---- guards before AWS
                // ------------------------------------------------------------------
                reconcile(
                                "an invalid spec is InvalidSpec without any AWS call, and waits for"
                                        + " a change")
                        .specValue("")
                        .inAws(ours())
                        .then(
                                notReady(InvalidSpec)
                                        .events(warning(InvalidSpec))
                                        .aws(UNCHANGED)
                                        .message("spec.value")
                                        .waitsForChange()),
                reconcile(
                                "adoption-policy: \"yes\" is InvalidSpec naming the allowed values,"
                                        + " never read as no adoption")
                        .annotated(ADOPTION_POLICY, "yes")
                        .inAws(ours().withValue(EDITED))
                        .status(wasReady(UpToDate))
                        .then(
                                notReady(InvalidSpec)
                                        .drifted(false)
                                        .adopted(false)
                                        .events(warning(InvalidSpec))
                                        .aws(UNCHANGED)
                                        .message(
                                                ADOPTION_POLICY,
                                                "\"yes\"",
                                                "allowed: adopt, adopt-or-create")
                                        .waitsForChange()),
                reconcile(
                                "deletion-policy: \"keep\" is InvalidSpec naming the allowed"
                                        + " values, never read as delete")
                        .annotated(DELETION_POLICY, "keep")
                        .inAws(ours().withValue(EDITED))
                        .status(wasReady(UpToDate))
                        .then(
                                notReady(InvalidSpec)
                                        .drifted(false)
                                        .adopted(false)
                                        .events(warning(InvalidSpec))
                                        .aws(UNCHANGED)
                                        .message(
                                                DELETION_POLICY,
                                                "\"keep\"",
                                                "allowed: delete, retain")
                                        .waitsForChange()),
                reconcile(
                                "management-policy: \"readonly\" is InvalidSpec naming the allowed"
                                        + " values, never read as full")
                        .annotated(MANAGEMENT_POLICY, "readonly")
                        .inAws(ours().withValue(EDITED))
                        .status(wasReady(UpToDate))
                        .then(
                                notReady(InvalidSpec)
                                        .drifted(false)
                                        .adopted(false)
                                        .events(warning(InvalidSpec))
                                        .aws(UNCHANGED)
                                        .message(
                                                MANAGEMENT_POLICY,
                                                "\"readonly\"",
                                                "allowed: full, observe")
                                        .waitsForChange()),
                reconcile(
                                "drift-policy: \"ignore\" is InvalidSpec naming the allowed values,"
                                        + " never read as correct")
                        .annotated(DRIFT_POLICY, "ignore")
                        .inAws(ours().withValue(EDITED))
                        .status(wasReady(UpToDate))
                        .then(
                                notReady(InvalidSpec)
                                        .drifted(false)
                                        .adopted(false)
                                        .events(warning(InvalidSpec))
                                        .aws(UNCHANGED)
                                        .message(
                                                DRIFT_POLICY,
                                                "\"ignore\"",
                                                "allowed: correct, report")
                                        .waitsForChange()),
                reconcile("an empty annotation value is InvalidSpec too, never read as the default")
                        .annotated(DRIFT_POLICY, "")
                        .inAws(ours().withValue(EDITED))
                        .status(wasReady(UpToDate))
                        .then(
                                notReady(InvalidSpec)
                                        .drifted(false)
                                        .adopted(false)
                                        .events(warning(InvalidSpec))
                                        .aws(UNCHANGED)
                                        .message(DRIFT_POLICY, "\"\"", "allowed: correct, report")
                                        .waitsForChange()),
                reconcile("a paused object is Paused and nothing is called, even with drift in AWS")
                        .annotated(PAUSED, "true")
                        .inAws(ours().withValue(EDITED))
                        .status(wasReady(UpToDate))
                        .then(
                                notReady(Paused)
                                        .drifted(false)
                                        .adopted(false)
                                        .events(normal(Paused))
                                        .aws(UNCHANGED)
                                        .message(PAUSED)
                                        .waitsForChange()),
                reconcile(
                                "paused: \"yes\" is InvalidSpec naming the allowed values, never"
                                        + " read as not paused")
                        .annotated(PAUSED, "yes")
                        .then(
                                notReady(InvalidSpec)
                                        .events(warning(InvalidSpec))
                                        .aws(ABSENT)
                                        .message(PAUSED, "\"yes\"", "true, false")
                                        .waitsForChange()),
                reconcile("paused wins over an invalid annotation")
                        .annotated(PAUSED, "true")
                        .annotated(DELETION_POLICY, "keep")
                        .then(notReady(Paused).events(normal(Paused)).aws(ABSENT).waitsForChange()),

                // ---- AWS failures
                // -----------------------------------------------------------------------
                reconcile("throttling on observe is Ready=False Throttled and retried with backoff")
                        .inAws(ours())
                        .failing(OBSERVE, AwsErrorKind.THROTTLED, "Throttling", "Rate exceeded")
                        .then(
                                notReady(Throttled)
                                        .calls(OBSERVE)
                                        .events(warning(Throttled))
                                        .aws(UNCHANGED)
                                        .message("Throttling", "Rate exceeded")
                                        .retries()),
                reconcile(
                                "an AWS error is AwsError with AWS's error code in the message, and"
                                        + " retried")
                        .inAws(ours())
                        .failing(
                                OBSERVE,
                                AwsErrorKind.CLIENT_ERROR,
                                "AccessDenied",
                                "User: arn:aws:sts::123456789012:assumed-role/op is not authorized")
                        .then(
                                notReady(AwsError)
                                        .calls(OBSERVE)
                                        .events(warning(AwsError))
                                        .aws(UNCHANGED)
                                        .message("GetFake", "AccessDenied", "not authorized")
                                        .retries()),
                reconcile(
                                "a transient failure of an object Ready for this generation keeps"
                                        + " Ready=True, with a Warning event")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .failing(
                                OBSERVE,
                                AwsErrorKind.SERVER_ERROR,
                                "ServiceFailure",
                                "internal failure")
                        .then(
                                ready(UpToDate)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE)
                                        .events(warning(AwsError))
                                        .aws(UNCHANGED)
                                        .retries()),
                reconcile("a transient failure after a spec change makes the object not Ready")
                        .specChanged()
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .failing(
                                OBSERVE,
                                AwsErrorKind.SERVER_ERROR,
                                "ServiceFailure",
                                "internal failure")
                        .then(
                                notReady(AwsError)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE)
                                        .events(warning(AwsError))
                                        .aws(UNCHANGED)
                                        .message("ServiceFailure")
                                        .retries()),
                reconcile(
                                "a drift whose correction fails is still reported: Drifted=True,"
                                        + " status.drift lists it, not Ready")
                        .inAws(ours().withValue(EDITED))
                        .status(wasReady(UpToDate))
                        .failing(
                                UPDATE,
                                AwsErrorKind.LIMIT_EXCEEDED,
                                "LimitExceeded",
                                "Cannot exceed quota")
                        .then(
                                notReady(AwsError)
                                        .drifted(true)
                                        .driftFields("value")
                                        .adopted(false)
                                        .calls(OBSERVE, UPDATE)
                                        .counted(DRIFT_DETECTED)
                                        .events(warning(AwsError))
                                        .aws(UNCHANGED)
                                        .message("LimitExceeded")
                                        .retries()),

                // ---- kinds IAM cannot tag (groups): the create intent is the evidence
                // -------------------
                reconcile("untaggable kind: creates a missing resource after recording the intent")
                        .untaggable()
                        .then(
                                ready(Created)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE, CREATE)
                                        .events(normal(Created))
                                        .aws(MATCHES_SPEC)
                                        .intentCleared()
                                        .resync()),
                reconcile(
                                "untaggable kind: an intent and a resource created after it mean"
                                        + " ours: Recovered")
                        .untaggable()
                        .status(intentRecordedAt(NOW.minusSeconds(60)))
                        .inAws(untagged(OURS_ID).createdAt(NOW.minusSeconds(59)))
                        .then(
                                ready(Recovered)
                                        .drifted(false)
                                        .calls(OBSERVE)
                                        .counted(RECOVERED)
                                        .events(normal(Recovered))
                                        .aws(UNCHANGED)
                                        .intentCleared()
                                        .resync()),
                reconcile("untaggable kind: a resource created long before the intent is not ours")
                        .untaggable()
                        .status(intentRecordedAt(NOW.minusSeconds(60)))
                        .inAws(untagged(FOREIGN_ID).createdAt(NOW.minus(Duration.ofHours(2))))
                        .then(
                                notReady(AlreadyExistsNotOwned)
                                        .calls(OBSERVE)
                                        .counted(REFUSED)
                                        .events(warning(AlreadyExistsNotOwned))
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile(
                                "taggable kind: an intent does not make an untagged resource ours"
                                        + " (our creates carry tags)")
                        .status(intentRecordedAt(NOW.minusSeconds(60)))
                        .inAws(
                                untagged(FOREIGN_ID)
                                        .withTags(SPEC_TAGS)
                                        .createdAt(NOW.minusSeconds(59)))
                        .then(
                                notReady(AlreadyExistsNotOwned)
                                        .calls(OBSERVE)
                                        .counted(REFUSED)
                                        .events(warning(AlreadyExistsNotOwned))
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile(
                                "untaggable kind: a resource this object created is still ours on"
                                        + " the next resync")
                        .untaggable()
                        .status(wasReady(UpToDate))
                        .inAws(untagged(OURS_ID))
                        .then(
                                ready(UpToDate)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE)
                                        .aws(UNCHANGED)
                                        .resync()),
                reconcile(
                                "untaggable kind: an interrupted create whose resource IAM does not"
                                        + " show yet is recovered through the intent, not refused")
                        .untaggable()
                        .status(intentRecordedAt(NOW.minusSeconds(5)))
                        .inAws(untagged(OURS_ID).createdAt(NOW.minusSeconds(4)))
                        .hiddenFromReads(1)
                        .then(
                                ready(Recovered)
                                        .drifted(false)
                                        .calls(OBSERVE, CREATE, OBSERVE_CONFLICTING)
                                        .counted(RECOVERED)
                                        .events(normal(Recovered))
                                        .aws(UNCHANGED)
                                        .intentCleared()
                                        .resync()));
    }

    static Stream<Case> deleteCases() {
        return Stream.of(
                delete(
                                "deleting an object whose resource is ours deletes it and removes"
                                        + " the finalizer")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .then(
                                noStatus()
                                        .calls(OBSERVE_RECORDED, DELETE)
                                        .events(normal(Deleting))
                                        .aws(ABSENT)
                                        .message("deleted " + FakeObserved.arnOf(NAME))
                                        .releasesFinalizer()),
                delete("deletion-policy retain leaves the resource in AWS, without calling AWS")
                        .annotated(DELETION_POLICY, "retain")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .then(
                                noStatus()
                                        .events(normal(Deleting))
                                        .aws(UNCHANGED)
                                        .message("deletion-policy retain")
                                        .releasesFinalizer()),
                delete("management-policy observe never deletes")
                        .annotated(MANAGEMENT_POLICY, "observe")
                        .inAws(ours())
                        .status(wasObserving())
                        .then(
                                noStatus()
                                        .events(normal(Deleting))
                                        .aws(UNCHANGED)
                                        .message("management-policy observe")
                                        .releasesFinalizer()),
                delete("someone else's resource is never deleted")
                        .inAws(foreign())
                        .status(wasRefused())
                        .then(
                                noStatus()
                                        .calls(OBSERVE)
                                        .events(normal(Deleting))
                                        .aws(UNCHANGED)
                                        .message("not owned")
                                        .releasesFinalizer()),
                delete("a resource already gone from AWS releases the finalizer")
                        .status(wasReady(UpToDate))
                        .then(
                                noStatus()
                                        .calls(OBSERVE_RECORDED)
                                        .events(normal(Deleting))
                                        .aws(ABSENT)
                                        .message("does not exist")
                                        .releasesFinalizer()),
                delete("NoSuchEntity during delete counts as deleted")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .failing(
                                DELETE,
                                AwsErrorKind.NOT_FOUND,
                                "NoSuchEntity",
                                "Fake app cannot be found.")
                        .then(
                                noStatus()
                                        .calls(OBSERVE_RECORDED, DELETE)
                                        .events(normal(Deleting))
                                        .message("already gone")
                                        .releasesFinalizer()),
                delete("DeleteConflict keeps the finalizer: Deleting with AWS's message, retried")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .failing(
                                DELETE,
                                AwsErrorKind.DELETE_CONFLICT,
                                "DeleteConflict",
                                "still attached to role app-role")
                        .then(
                                notReady(Deleting)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE_RECORDED, DELETE)
                                        .events(warning(Deleting))
                                        .aws(UNCHANGED)
                                        .message("DeleteConflict", "app-role", "retrying")
                                        .retries()),
                delete("throttling while deleting is retried and keeps the finalizer")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .failing(
                                OBSERVE_RECORDED,
                                AwsErrorKind.THROTTLED,
                                "Throttling",
                                "Rate exceeded")
                        .then(
                                ready(UpToDate)
                                        .drifted(false)
                                        .adopted(false)
                                        .calls(OBSERVE_RECORDED)
                                        .events(warning(Throttled))
                                        .aws(UNCHANGED)
                                        .retries()),
                delete(
                                "a paused value outside true, false holds the deletion: it was"
                                        + " probably meant to pause")
                        .annotated(PAUSED, "yes")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .then(
                                notReady(InvalidSpec)
                                        .drifted(false)
                                        .adopted(false)
                                        .events(warning(InvalidSpec))
                                        .aws(UNCHANGED)
                                        .message(PAUSED, "true, false")
                                        .keepsFinalizer()),
                delete("a paused object keeps its finalizer and nothing is called")
                        .annotated(PAUSED, "true")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .then(
                                notReady(Paused)
                                        .drifted(false)
                                        .adopted(false)
                                        .events(normal(Paused))
                                        .aws(UNCHANGED)
                                        .keepsFinalizer()),
                delete(
                                "an invalid object that never created anything releases the"
                                        + " finalizer without AWS calls")
                        .specValue("")
                        .then(
                                noStatus()
                                        .events(normal(Deleting))
                                        .aws(ABSENT)
                                        .message("nothing was created")
                                        .releasesFinalizer()),
                delete(
                                "an object whose spec became invalid after it created its"
                                        + " resource is still deleted, through what status"
                                        + " recorded")
                        .specValue("")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .then(
                                noStatus()
                                        .calls(OBSERVE_RECORDED, DELETE)
                                        .events(normal(Deleting))
                                        .aws(ABSENT)
                                        .message("deleted " + FakeObserved.arnOf(NAME))
                                        .releasesFinalizer()),
                delete(
                                "an object renamed after it created its resource deletes the"
                                        + " recorded one, not the new name")
                        .specName("renamed")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .then(
                                noStatus()
                                        .calls(OBSERVE_RECORDED, DELETE)
                                        .events(normal(Deleting))
                                        .aws(ABSENT)
                                        .message("deleted " + FakeObserved.arnOf(NAME))
                                        .releasesFinalizer()),
                delete(
                                "an invalid object with only a create intent deletes what the"
                                        + " intent names, when ours")
                        .specValue("")
                        .untaggable()
                        .inAws(untagged("AIDAUNKNOWN").createdAt(NOW.plusSeconds(1)))
                        .status(intentRecordedAt(NOW))
                        .then(
                                noStatus()
                                        .calls(OBSERVE_RECORDED, DELETE)
                                        .events(normal(Deleting))
                                        .aws(ABSENT)
                                        .releasesFinalizer()),
                delete(
                                "an invalid deletion-policy keeps the finalizer and calls nothing:"
                                        + " it is what deletion reads")
                        .annotated(DELETION_POLICY, "keep")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .then(
                                notReady(InvalidSpec)
                                        .drifted(false)
                                        .adopted(false)
                                        .events(warning(InvalidSpec))
                                        .aws(UNCHANGED)
                                        .message(DELETION_POLICY, "keep", "delete, retain")
                                        .keepsFinalizer()),
                delete("an invalid drift-policy does not block a deletion")
                        .annotated(DRIFT_POLICY, "maybe")
                        .inAws(ours())
                        .status(wasReady(UpToDate))
                        .then(
                                noStatus()
                                        .calls(OBSERVE_RECORDED, DELETE)
                                        .events(normal(Deleting))
                                        .aws(ABSENT)
                                        .releasesFinalizer()),
                delete("untaggable kind: deleting the object deletes the resource it created")
                        .untaggable()
                        .inAws(untagged(OURS_ID))
                        .status(wasReady(Created))
                        .then(
                                noStatus()
                                        .calls(OBSERVE_RECORDED, DELETE)
                                        .events(normal(Deleting))
                                        .aws(ABSENT)
                                        .releasesFinalizer()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"reconcileCases", "deleteCases"})
    void theEngineDoesWhatTheRowSays(Case c) {
        EngineHarness h = new EngineHarness(c.taggable());
        h.adapter.createFirst(c.createFirst());
        FakeResource resource = c.resource();
        c.seed(h);
        Map<Metric, Double> before = Metric.read(h);
        Map<String, FakeObserved> awsBefore = h.adapter.aws();

        Outcome outcome = c.run(h, resource);

        try {
            verify(c.expect(), outcome, h, resource, awsBefore, before, c.taggable());
        } catch (AssertionError failure) {
            // Maven's report names rows by index only: say which row failed.
            throw new AssertionError("row \"" + c + "\": " + failure.getMessage(), failure);
        }
    }

    private static void verify(
            Expect e,
            Outcome outcome,
            EngineHarness h,
            FakeResource resource,
            Map<String, FakeObserved> awsBefore,
            Map<Metric, Double> before,
            boolean taggable) {
        assertOutcome(e, outcome);
        assertThat(h.journal.awsCalls())
                .as("AWS calls, in order")
                .containsExactlyElementsOf(e.calls());
        assertThat(Metric.deltas(before, Metric.read(h)))
                .as("counter increments")
                .isEqualTo(e.counted());
        assertThat(h.events.summaries()).as("events").containsExactlyElementsOf(e.events());
        assertAws(e.aws(), awsBefore, h.adapter.aws(), taggable);
        assertCreateIsPrecededByItsIntent(h.journal);
        if (e.ready() != null) {
            assertStatus(e, h.journal, resource, outcome);
        }
        assertGauges(e, h);
        if (e.next() == Next.RELEASE && !e.messageContains().isEmpty()) {
            String said = h.events.all().get(h.events.all().size() - 1).message();
            assertThat(said).as("why the finalizer went").contains(e.messageContains());
        }
    }

    // =============================================================================================
    // Stories that take more than one reconcile, or look at the whole journal
    // =============================================================================================

    @Test
    void aResyncFindingEveryResyncSlotTakenGivesItsThreadBackButAChangeRunsAtOnce() {
        EngineHarness h = new EngineHarness(true);
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);
        h.reconcile(resource);
        h.reconcile(resource);
        int calls = h.journal.awsCalls().size();
        int writes = h.journal.statusWrites().size();
        while (h.engine.resyncSlots().tryEnter("another-resync")) {
            // resyncs of other objects hold every slot
        }

        UpdateControl<FakeResource> deferred = h.reconcile(resource);

        assertThat(h.journal.awsCalls()).as("no IAM call").hasSize(calls);
        assertThat(h.journal.statusWrites()).as("no status write").hasSize(writes);
        assertThat(deferred.getScheduleDelay()).isPresent();
        assertThat(deferred.getScheduleDelay().get()).isBetween(250L, 300_000L);

        resource.getMetadata().setGeneration(2L);
        resource.getSpec().setValue(EDITED);
        h.reconcile(resource);

        assertThat(h.journal.awsCalls().size())
                .as("a spec change is no resync: it observes and updates")
                .isGreaterThan(calls);
    }

    @Test
    void aResyncThatFindsNothingNewWritesNoStatusButOneThatFindsDriftDoes() {
        EngineHarness h = new EngineHarness(true);
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);
        h.reconcile(resource); // Created
        h.reconcile(resource); // Created -> UpToDate: a new reason, written
        int writes = h.journal.statusWrites().size();

        h.reconcile(resource);
        h.reconcile(resource);

        assertThat(h.journal.statusWrites())
                .as("two resyncs that found AWS as it was: only the time moved")
                .hasSize(writes);
        assertThat(h.journal.awsCalls()).endsWith(OBSERVE, OBSERVE);

        h.adapter.put(h.adapter.aws().get(NAME).withValue(EDITED));
        h.reconcile(resource);

        assertThat(h.journal.statusWrites()).as("drift corrected: written").hasSize(writes + 1);
        assertThat(
                        Conditions.find(h.journal.persistedStatus().orElseThrow(), Conditions.READY)
                                .orElseThrow()
                                .getReason())
                .isEqualTo(Reason.DriftCorrected.name());
    }

    @Test
    void writesTheCreateIntentBeforeCallingCreateAndClearsItAfterwards() {
        EngineHarness h = new EngineHarness(true);
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);

        h.reconcile(resource);

        List<Journal.Step> steps = h.journal.steps();
        assertThat(steps).hasSize(4);
        assertThat(steps.get(0)).isEqualTo(new AwsCall(OBSERVE));
        IamStatus intentWrite = ((StatusWrite) steps.get(1)).status();
        assertThat(intentWrite.getCreateIntent()).isNotNull();
        assertThat(intentWrite.getCreateIntent().getKey()).isEqualTo(NAME);
        assertThat(Instant.parse(intentWrite.getCreateIntent().getRequestedAt()))
                .isBetween(NOW, Instant.now());
        assertThat(intentWrite.getArn()).as("nothing exists yet").isNull();
        assertThat(steps.get(2)).isEqualTo(new AwsCall(CREATE));
        IamStatus finalWrite = ((StatusWrite) steps.get(3)).status();
        assertThat(finalWrite.getCreateIntent()).isNull();
        assertThat(finalWrite.getArn()).isEqualTo(FakeObserved.arnOf(NAME));
        assertThat(finalWrite.getId()).isEqualTo(FakeAdapter.CREATED_ID);
        assertThat(finalWrite.getName()).isEqualTo(NAME);
        assertThat(finalWrite.getObservedGeneration()).isEqualTo(1L);
        assertThat(finalWrite.getLastSyncTime()).isNotNull();
        assertThat(h.adapter.aws().get(NAME).tags())
                .containsAllEntriesOf(
                        Map.of(
                                Ownership.CLUSTER,
                                EngineHarness.CLUSTER_ID,
                                Ownership.NAMESPACE,
                                NAMESPACE,
                                Ownership.NAME,
                                NAME,
                                Ownership.UID,
                                UID));
    }

    @Test
    void writesTheSecretACreateHandsBackBeforeAnyStatus() {
        EngineHarness h = new EngineHarness(true);
        h.adapter.createHandsBackASecretFor("app-credentials");

        h.reconcile(newResource(1, WANTED, SPEC_TAGS));

        List<Journal.Step> steps = h.journal.steps();
        assertThat(steps.get(2)).isEqualTo(new AwsCall(CREATE));
        assertThat(steps.get(3))
                .isEqualTo(new Journal.SecretWrite("app-credentials", Set.of("SECRET")));
        assertThat(steps.get(4)).isInstanceOf(StatusWrite.class);
        assertThat(((StatusWrite) steps.get(4)).status().getArn()).isNotNull();
    }

    @Test
    void aSecretThatCannotBeWrittenLeavesTheCreateUnfinished() {
        EngineHarness h = new EngineHarness(true);
        h.adapter.createHandsBackASecretFor("app-credentials");
        h.secretWriter.failing();
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);

        assertThatThrownBy(() -> h.reconcile(resource)).isInstanceOf(RuntimeException.class);

        assertThat(h.journal.steps()).last().isEqualTo(new AwsCall(CREATE));
        IamStatus persisted = h.journal.persistedStatus().orElseThrow();
        assertThat(persisted.getCreateIntent()).as("the intent stays").isNotNull();
        assertThat(persisted.getArn()).as("nothing recorded as done").isNull();
    }

    /**
     * An adapter that finds what the object needs is someone else's (an access key's user) says so
     * from observe: refused, nothing created, the intent dropped; deleting it removes nothing.
     */
    @Test
    void aRefusalFromObserveIsAlreadyExistsNotOwnedWithoutCreateAndWithoutIntent() {
        EngineHarness h = new EngineHarness(false);
        h.adapter.refusesInObserve("user x is not managed by this operator");
        FakeResource resource = newResource(1, WANTED, Map.of());
        resource.status().setCreateIntent(new CreateIntent(NAME, NOW.minusSeconds(60).toString()));

        h.reconcile(resource);

        assertThat(h.journal.awsCalls()).containsExactly(OBSERVE);
        var ready = Conditions.find(resource.status(), Conditions.READY).orElseThrow();
        assertThat(ready.getReason()).isEqualTo("AlreadyExistsNotOwned");
        assertThat(ready.getMessage()).isEqualTo("user x is not managed by this operator");
        assertThat(h.journal.persistedStatus().orElseThrow().getCreateIntent()).isNull();
        assertThat(REFUSED.value(h)).isEqualTo(1.0);

        resource.status().setCreateIntent(null);
        assertThat(h.cleanup(resource).isRemoveFinalizer()).isTrue();
        assertThat(h.journal.awsCalls()).doesNotContain(DELETE);
    }

    /**
     * A field whose time came (an access key's rotation) is applied under drift-policy report and
     * is not drift: UpToDate, no drift counted.
     */
    @Test
    void aScheduledDifferenceIsAppliedUnderDriftPolicyReportAndIsNotDrift() {
        EngineHarness h = new EngineHarness(true);
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);
        h.reconcile(resource);
        h.adapter.put(h.adapter.aws().get(NAME).withValue(EDITED));
        resource.getMetadata().setAnnotations(Map.of(DRIFT_POLICY, "report"));
        h.adapter.scheduledField("value");

        h.reconcile(resource);

        assertThat(h.adapter.aws().get(NAME).value()).isEqualTo(WANTED);
        var ready = Conditions.find(resource.status(), Conditions.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getReason()).isEqualTo("UpToDate");
        assertThat(DRIFT_DETECTED.value(h)).isZero();
        assertThat(resource.status().getDrift()).isEmpty();
    }

    @Test
    void retainTellsTheAdapterAndCallsNoAws() {
        EngineHarness h = new EngineHarness(true);
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);
        h.reconcile(resource);
        int calls = h.journal.awsCalls().size();
        resource.getMetadata().setAnnotations(Map.of(DELETION_POLICY, "retain"));

        assertThat(h.cleanup(resource).isRemoveFinalizer()).isTrue();

        assertThat(h.adapter.retainedCalls()).isEqualTo(1);
        assertThat(h.journal.awsCalls()).hasSize(calls);
        assertThat(h.adapter.aws()).containsKey(NAME);
    }

    @Test
    void connectionDetailsNeverShowTheirValues() {
        assertThat(new ConnectionDetails("s", Map.of("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI")))
                .asString()
                .contains("AWS_SECRET_ACCESS_KEY")
                .doesNotContain("wJalrXUtnFEMI");
    }

    // ---- tenancy --------------------------------------------------------------------------------

    /** A TenantPolicy for the Fake kind, which poses as a Policy for the tenancy rules. */
    private static TenantPolicy tenantPolicy(String name, Map<String, String> selector) {
        TenantPolicy p = new TenantPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        TenantPolicySpec spec = new TenantPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(selector).build());
        spec.setKinds(List.of("Policy"));
        p.setSpec(spec);
        return p;
    }

    private static EngineHarness governed() {
        EngineHarness h = new EngineHarness(true);
        h.adapter.livesAtPaths();
        h.surroundings.namespaceLabels.put(NAMESPACE, Map.of("team", "a"));
        h.surroundings.tenantPolicies.add(tenantPolicy("team-a", Map.of("team", "a")));
        return h;
    }

    /** Ours by its tags, and recorded in status, but at the root path: not the tenant's. */
    private static FakeObserved oursAtTheRootPath() {
        return ours();
    }

    private static FakeObserved oursAtTheTenantsPath() {
        FakeObserved o = ours();
        return new FakeObserved(
                "arn:aws:iam::123456789012:fake/" + EngineHarness.CLUSTER_ID + "/team-a/" + NAME,
                o.id(),
                o.name(),
                o.value(),
                o.tags(),
                o.createDate());
    }

    @Test
    void aNamespaceTwoTenantPoliciesSelectIsNotPermittedWithoutAnyAwsCall() {
        EngineHarness h = governed();
        h.surroundings.tenantPolicies.add(tenantPolicy("everyone", Map.of()));
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);

        h.reconcile(resource);

        assertThat(h.journal.awsCalls()).isEmpty();
        Condition ready = Conditions.find(resource.status(), Conditions.READY).orElseThrow();
        assertThat(ready.getReason()).isEqualTo(Reason.NotPermitted.name());
        assertThat(ready.getMessage()).contains("everyone, team-a");
    }

    @Test
    void aResourceOutsideTheTenantsPathIsNeverClaimedEvenWithAStatusThatRecordsIt() {
        EngineHarness h = governed();
        h.adapter.put(oursAtTheRootPath().withValue(EDITED));
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);
        wasReady(UpToDate).apply().accept(resource.status());

        h.reconcile(resource);

        assertThat(h.journal.awsCalls()).containsExactly(OBSERVE);
        assertThat(h.adapter.aws().get(NAME).value()).as("left as it is").isEqualTo(EDITED);
        Condition ready = Conditions.find(resource.status(), Conditions.READY).orElseThrow();
        assertThat(ready.getReason()).isEqualTo(Reason.NotPermitted.name());
        assertThat(ready.getMessage()).contains("TenantPolicy team-a").contains("/test/team-a/");
    }

    @Test
    void aResourceAtTheTenantsPathIsManagedAsAlways() {
        EngineHarness h = governed();
        h.adapter.put(oursAtTheTenantsPath().withValue(EDITED));
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);
        wasReady(UpToDate).apply().accept(resource.status());

        h.reconcile(resource);

        assertThat(h.journal.awsCalls()).containsExactly(OBSERVE, UPDATE);
        assertThat(h.adapter.aws().get(NAME).value()).isEqualTo(WANTED);
    }

    @Test
    void deletingAnObjectWhoseResourceIsOutsideTheTenantsPathLeavesItInAws() {
        EngineHarness h = governed();
        h.adapter.put(oursAtTheRootPath());
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);
        wasReady(UpToDate).apply().accept(resource.status());
        resource.getMetadata().setDeletionTimestamp(NOW.toString());

        DeleteControl control = h.cleanup(resource);

        assertThat(control.isRemoveFinalizer()).isTrue();
        assertThat(h.journal.awsCalls()).containsExactly(OBSERVE_RECORDED);
        assertThat(h.adapter.aws()).containsKey(NAME);
        assertThat(h.accounts.forgotten)
                .as("what the account observations remember of a deleted object is dropped")
                .containsExactly(
                        FakeAdapter.KIND
                                + " "
                                + resource.getMetadata().getNamespace()
                                + "/"
                                + resource.getMetadata().getName());
    }

    @Test
    void deletingWhileNoRulesCanBeToldKeepsTheFinalizerAndCallsNothing() {
        EngineHarness h = governed();
        h.surroundings.tenantPolicies.add(tenantPolicy("everyone", Map.of()));
        h.adapter.put(oursAtTheTenantsPath());
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);
        wasReady(UpToDate).apply().accept(resource.status());
        resource.getMetadata().setDeletionTimestamp(NOW.toString());

        DeleteControl control = h.cleanup(resource);

        assertThat(control.isRemoveFinalizer()).isFalse();
        assertThat(h.journal.awsCalls()).isEmpty();
        assertThat(h.adapter.aws()).containsKey(NAME);
        assertThat(h.accounts.forgotten).as("still there: remembered").isEmpty();
    }

    @Test
    void countsARefusalOnlyOnceOverTwoReconciles() {
        EngineHarness h = new EngineHarness(true);
        h.adapter.put(foreign());
        FakeResource resource = newResource(1, WANTED, SPEC_TAGS);

        h.reconcile(resource);
        h.reconcile(resource);

        assertThat(REFUSED.value(h)).isEqualTo(1.0);
        assertThat(h.events.summaries()).containsExactly(warning(AlreadyExistsNotOwned));
        assertThat(h.journal.awsCalls()).containsExactly(OBSERVE, OBSERVE_CONFLICTING);
        assertThat(h.adapter.aws()).containsExactly(Map.entry(NAME, foreign()));
    }

    @ParameterizedTest(name = "taggable kind: {0}")
    @ValueSource(booleans = {true, false})
    void convergesToExactlyOneResourceWhenTheStatusWriteAfterCreateIsLost(boolean taggable) {
        EngineHarness beforeCrash = new EngineHarness(taggable);
        beforeCrash.statusWriter.rejectWhen(s -> s.getArn() != null);
        FakeResource resource = newResource(1, WANTED, taggable ? SPEC_TAGS : Map.of());

        assertThatThrownBy(() -> beforeCrash.reconcile(resource))
                .isInstanceOf(ReconcileException.class);
        IamStatus persisted = beforeCrash.journal.persistedStatus().orElseThrow();
        assertThat(persisted.getCreateIntent())
                .as("what the API server kept: the intent")
                .isNotNull();
        assertThat(persisted.getArn()).isNull();

        // A new process: same AWS, the object as the API server has it.
        EngineHarness afterRestart = new EngineHarness(taggable);
        beforeCrash.adapter.aws().values().forEach(afterRestart.adapter::put);
        FakeResource reread = newResource(1, WANTED, taggable ? SPEC_TAGS : Map.of());
        reread.setStatus(EngineHarness.copyOf(persisted));

        UpdateControl<FakeResource> control = afterRestart.reconcile(reread);

        assertThat(control.getScheduleDelay()).contains(EngineHarness.RESYNC.toMillis());
        assertThat(afterRestart.journal.awsCalls()).containsExactly(OBSERVE);
        assertThat(afterRestart.adapter.aws()).hasSize(1);
        IamStatus now = afterRestart.journal.persistedStatus().orElseThrow();
        assertThat(Conditions.find(now, Conditions.READY))
                .get()
                .extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("True", "Recovered");
        assertThat(now.getArn()).isEqualTo(FakeObserved.arnOf(NAME));
        assertThat(now.getCreateIntent()).isNull();
        assertThat(RECOVERED.value(afterRestart)).isEqualTo(1.0);
    }

    /**
     * The SDK retried a Create whose first answer was lost and met EntityAlreadyExists: the first
     * attempt may have made the resource, so the intent stays and, for a kind without tags, proves
     * it ours. A single attempt answered EntityAlreadyExists proves the opposite.
     */
    @ParameterizedTest(name = "SDK attempts: {0}")
    @ValueSource(ints = {1, 2})
    void entityAlreadyExistsAfterAnSdkRetryKeepsTheIntentOfAnUntaggableKind(int attempts) {
        EngineHarness h = new EngineHarness(false);
        // made, after the intent was recorded, by the attempt whose answer was lost
        h.adapter.put(
                new FakeObserved(
                        FakeObserved.arnOf(NAME),
                        OURS_ID,
                        NAME,
                        WANTED,
                        Map.of(),
                        Instant.now().plusSeconds(1)));
        h.adapter.hideFromReads(NAME, 1); // not visible yet to the observe before Create
        h.adapter.sdkAttempts(attempts);
        FakeResource resource = newResource(1, WANTED, Map.of());

        h.reconcile(resource);

        assertThat(h.journal.awsCalls()).containsExactly(OBSERVE, CREATE, OBSERVE_CONFLICTING);
        assertThat(h.adapter.aws()).hasSize(1);
        assertThat(Conditions.find(resource.status(), Conditions.READY).orElseThrow().getReason())
                .isEqualTo(attempts > 1 ? "Recovered" : "AlreadyExistsNotOwned");
        assertThat(resource.status().getCreateIntent()).isNull();
    }

    @Test
    void appliesWhatTheCreateCallCannotTakeThroughUpdateRightAfterCreate() {
        EngineHarness h = new EngineHarness(false);
        h.adapter.createTakesNoValue();
        FakeResource resource = newResource(1, WANTED, Map.of());

        h.reconcile(resource);

        assertThat(h.journal.awsCalls()).containsExactly(OBSERVE, CREATE, UPDATE);
        assertThat(h.adapter.aws().get(NAME).value()).isEqualTo(WANTED);
        assertThat(Conditions.find(resource.status(), Conditions.READY).orElseThrow().getReason())
                .isEqualTo("Created");
    }

    /**
     * The update after create fails: the resource is recorded as ours (its id in status) before, so
     * the retry updates it instead of refusing it, even for a kind that takes no tags.
     */
    @Test
    void aFailureToCompleteACreatedResourceKeepsItOursAndTheRetryCompletesIt() {
        EngineHarness h = new EngineHarness(false);
        h.adapter.createTakesNoValue();
        h.adapter.fail(
                UPDATE,
                new AwsException(
                        AwsErrorKind.SERVER_ERROR, "UpdateFake", "ServiceFailure", "x", null));
        FakeResource resource = newResource(1, WANTED, Map.of());

        assertThatThrownBy(() -> h.reconcile(resource)).isInstanceOf(ReconcileException.class);
        assertThat(resource.status().getId()).isEqualTo(FakeAdapter.CREATED_ID);
        assertThat(resource.status().getCreateIntent()).isNull();
        assertThat(Conditions.find(resource.status(), Conditions.READY).orElseThrow().getReason())
                .isEqualTo("AwsError");

        h.adapter.heal();
        h.reconcile(resource);

        assertThat(h.adapter.aws()).hasSize(1);
        assertThat(h.adapter.aws().get(NAME).value()).isEqualTo(WANTED);
        assertThat(Conditions.isTrue(resource.status(), Conditions.READY)).isTrue();
        assertThat(h.journal.awsCalls()).containsOnlyOnce(CREATE);
    }

    // =============================================================================================
    // Checks
    // =============================================================================================

    private static void assertOutcome(Expect e, Outcome o) {
        switch (e.next()) {
            case RESYNC -> {
                assertThat(o.thrown()).as("nothing thrown").isNull();
                assertThat(o.update().isNoUpdate()).as("the engine wrote status itself").isTrue();
                assertThat(o.update().getScheduleDelay())
                        .as("reschedule after the resync interval")
                        .contains(EngineHarness.RESYNC.toMillis());
            }
            case WAIT_FOR_CHANGE -> {
                assertThat(o.thrown()).as("nothing thrown").isNull();
                assertThat(o.update().isNoUpdate()).isTrue();
                assertThat(o.update().getScheduleDelay())
                        .as("no reschedule: wait for the object to change")
                        .isEmpty();
            }
            case RETRY -> {
                assertThat(o.thrown())
                        .as("ReconcileException, so that the SDK retries with backoff")
                        .isInstanceOf(ReconcileException.class)
                        .hasCauseInstanceOf(AwsException.class);
                for (String part : e.messageContains()) {
                    assertThat(o.thrown()).hasMessageContaining(part);
                }
            }
            case RELEASE -> {
                assertThat(o.thrown()).as("nothing thrown").isNull();
                assertThat(o.delete().isRemoveFinalizer()).as("finalizer removed").isTrue();
            }
            case KEEP_FINALIZER -> {
                assertThat(o.thrown()).as("nothing thrown").isNull();
                assertThat(o.delete().isRemoveFinalizer()).as("finalizer kept").isFalse();
            }
            case FAIL -> assertThat(o.thrown()).isInstanceOf(EngineHarness.StatusWriteFailed.class);
        }
    }

    /**
     * The status is checked as the API server holds it: the last write, not the object in memory.
     */
    private static void assertStatus(Expect e, Journal journal, FakeResource resource, Outcome o) {
        // No write means the engine found the status unchanged but for the time: what the API
        // server holds is then the status the object came with, as the engine left it.
        IamStatus written =
                journal.persistedStatus()
                        .orElseGet(
                                () -> {
                                    assertThat(StatusBaseline.changed(resource))
                                            .as("status changed but was never written")
                                            .isFalse();
                                    return resource.getStatus();
                                });
        Condition ready = Conditions.find(written, Conditions.READY).orElseThrow();
        assertThat(ready.getStatus()).as("Ready").isEqualTo(e.ready() ? "True" : "False");
        assertThat(ready.getReason()).as("Ready reason").isEqualTo(e.reason().name());
        for (String part : e.messageContains()) {
            assertThat(ready.getMessage()).as("Ready message").contains(part);
        }
        assertCondition(written, Conditions.DRIFTED, e.drifted());
        assertCondition(written, Conditions.ADOPTED, e.adopted());
        assertThat(written.getDrift())
                .as("status.drift")
                .containsExactlyElementsOf(e.driftFields());
        assertThat(written.getObservedGeneration())
                .as("status.observedGeneration")
                .isEqualTo(resource.getMetadata().getGeneration());
        if (e.intentKept() != null) {
            assertThat(written.getCreateIntent())
                    .as("create intent in status")
                    .matches(i -> (i != null) == e.intentKept());
        }
        if (e.ready()) {
            assertThat(written.getArn()).as("status.arn of a Ready object").isNotNull();
        }
    }

    private static void assertCondition(IamStatus status, String type, Boolean expected) {
        var condition = Conditions.find(status, type);
        if (expected == null) {
            assertThat(condition).as(type + " condition").isEmpty();
        } else {
            assertThat(condition)
                    .as(type + " condition")
                    .get()
                    .extracting(Condition::getStatus)
                    .isEqualTo(expected ? "True" : "False");
        }
    }

    private static void assertAws(
            AwsAfter expected,
            Map<String, FakeObserved> before,
            Map<String, FakeObserved> after,
            boolean taggable) {
        if (expected == null) {
            return;
        }
        switch (expected) {
            case ABSENT -> assertThat(after).as("AWS afterwards").isEmpty();
            case UNCHANGED -> assertThat(after).as("AWS untouched").isEqualTo(before);
            case MATCHES_SPEC -> {
                assertThat(after).as("exactly one resource in AWS").hasSize(1);
                FakeObserved r = after.values().iterator().next();
                assertThat(r.value()).isEqualTo(WANTED);
                assertThat(r.tags())
                        .as("tags in AWS")
                        .isEqualTo(taggable ? tagsOf(SPEC_TAGS, ownershipTags()) : Map.of());
            }
        }
    }

    /**
     * Crash safety: each create call comes right after a status write that records the intent for
     * its key.
     */
    private static void assertCreateIsPrecededByItsIntent(Journal journal) {
        List<Journal.Step> steps = journal.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).equals(new AwsCall(CREATE))) {
                assertThat(i).as("a status write before create").isPositive();
                assertThat(steps.get(i - 1))
                        .as("the step right before create")
                        .isInstanceOf(StatusWrite.class);
                CreateIntent intent = ((StatusWrite) steps.get(i - 1)).status().getCreateIntent();
                assertThat(intent).as("create intent written before create").isNotNull();
                assertThat(intent.getKey()).isEqualToIgnoringCase(NAME);
            }
        }
    }

    private static void assertGauges(Expect e, EngineHarness h) {
        double managedReady =
                h.gauge(
                        "iam.operator.managed.resources",
                        "kind",
                        FakeAdapter.KIND,
                        "ready",
                        "true");
        double managedNotReady =
                h.gauge(
                        "iam.operator.managed.resources",
                        "kind",
                        FakeAdapter.KIND,
                        "ready",
                        "false");
        double drifted = h.gauge("iam.operator.drifted.resources", "kind", FakeAdapter.KIND);
        if (e.next() == Next.RELEASE) {
            assertThat(List.of(managedReady, managedNotReady, drifted))
                    .as("a released object leaves the gauges")
                    .containsOnly(0.0);
        } else if (e.ready() != null) {
            assertThat(managedReady).as("managed, ready=true").isEqualTo(e.ready() ? 1.0 : 0.0);
            assertThat(managedNotReady).as("managed, ready=false").isEqualTo(e.ready() ? 0.0 : 1.0);
            assertThat(drifted)
                    .as("drifted")
                    .isEqualTo(Boolean.TRUE.equals(e.drifted()) ? 1.0 : 0.0);
        }
    }

    // =============================================================================================
    // The world before the reconcile
    // =============================================================================================

    private static FakeResource newResource(
            long generation, String value, Map<String, String> tags) {
        return FakeResource.of(NAME, NAMESPACE, UID, generation, value, tags);
    }

    private static Map<String, String> ownershipTags() {
        return Map.of(
                Ownership.CLUSTER,
                EngineHarness.CLUSTER_ID,
                Ownership.NAMESPACE,
                NAMESPACE,
                Ownership.NAME,
                NAME,
                Ownership.UID,
                UID);
    }

    @SafeVarargs
    private static Map<String, String> tagsOf(Map<String, String>... parts) {
        Map<String, String> all = new LinkedHashMap<>();
        Arrays.stream(parts).forEach(all::putAll);
        return all;
    }

    /** Created by this object: the spec's value and tags plus our ownership tags. */
    private static FakeObserved ours() {
        return new FakeObserved(
                FakeObserved.arnOf(NAME),
                OURS_ID,
                NAME,
                WANTED,
                tagsOf(SPEC_TAGS, ownershipTags()),
                NOW.minus(Duration.ofDays(1)));
    }

    /** Someone else's, with the same name, value and user tags but no ownership tags. */
    private static FakeObserved foreign() {
        return new FakeObserved(
                FakeObserved.arnOf(NAME),
                FOREIGN_ID,
                NAME,
                WANTED,
                SPEC_TAGS,
                NOW.minus(Duration.ofDays(30)));
    }

    /** A resource without any tag, as every IAM group is. */
    private static FakeObserved untagged(String id) {
        return new FakeObserved(
                FakeObserved.arnOf(NAME),
                id,
                NAME,
                WANTED,
                Map.of(),
                NOW.minus(Duration.ofDays(1)));
    }

    /** The status the object had before this reconcile. */
    record Prior(String label, Consumer<IamStatus> apply) {
        static final Prior NONE = new Prior("no status", s -> {});
    }

    /** Synced at generation 1 with the given reason, after this operator created the resource. */
    private static Prior wasReady(Reason reason) {
        return new Prior(
                "Ready " + reason,
                s -> {
                    syncedAt1(s);
                    set(s, Conditions.READY, true, reason);
                    set(s, Conditions.DRIFTED, false, UpToDate);
                    set(s, Conditions.ADOPTED, false, Created);
                });
    }

    private static Prior wasObserving() {
        return new Prior(
                "Observing",
                s -> {
                    syncedAt1(s);
                    set(s, Conditions.READY, true, Observing);
                    set(s, Conditions.DRIFTED, false, UpToDate);
                });
    }

    private static Prior wasDriftReported(String... fields) {
        return new Prior(
                "DriftReported " + List.of(fields),
                s -> {
                    syncedAt1(s);
                    set(s, Conditions.READY, false, DriftReported);
                    set(s, Conditions.DRIFTED, true, DriftReported);
                    set(s, Conditions.ADOPTED, false, Created);
                    s.setDrift(new ArrayList<>(List.of(fields)));
                });
    }

    private static Prior wasRefused() {
        return new Prior(
                "refused",
                s -> {
                    s.setObservedGeneration(1L);
                    set(s, Conditions.READY, false, AlreadyExistsNotOwned);
                });
    }

    /** What a process killed right after writing the intent leaves in status. */
    private static Prior intentRecordedAt(Instant at) {
        return new Prior(
                "intent at " + at, s -> s.setCreateIntent(new CreateIntent(NAME, at.toString())));
    }

    /**
     * Ready at generation 1 as an operator before {@code status.appliedGeneration} existed wrote
     * it: only the Ready condition says the spec was applied.
     */
    private static Prior wasReadyBeforeAppliedGenerationExisted() {
        return new Prior(
                "Ready UpToDate, no appliedGeneration",
                s -> {
                    wasReady(UpToDate).apply().accept(s);
                    s.setAppliedGeneration(null);
                });
    }

    /** Ready at generation 1 by its conditions, while the applied generation says none. */
    private static Prior wasReadyWithoutAppliedSpec() {
        return new Prior(
                "Ready UpToDate, appliedGeneration 0",
                s -> {
                    wasReady(UpToDate).apply().accept(s);
                    s.setAppliedGeneration(0L);
                });
    }

    private static void syncedAt1(IamStatus s) {
        s.setAppliedGeneration(1L);
        s.setArn(FakeObserved.arnOf(NAME));
        s.setId(OURS_ID);
        s.setName(NAME);
        s.setObservedGeneration(1L);
        s.setLastSyncTime(NOW.minus(Duration.ofMinutes(10)).toString());
    }

    private static void set(IamStatus s, String type, boolean value, Reason reason) {
        Conditions.set(
                s,
                type,
                value,
                reason,
                "set by an earlier reconcile",
                1L,
                NOW.minus(Duration.ofHours(1)));
    }

    // =============================================================================================
    // The shape of a row
    // =============================================================================================

    enum Action {
        RECONCILE,
        DELETE
    }

    /** What the Java Operator SDK is told to do next. */
    enum Next {
        /** {@code UpdateControl.noUpdate().rescheduleAfter(resync interval)}. */
        RESYNC,
        /**
         * {@code UpdateControl.noUpdate()} without a reschedule: terminal until the object changes.
         */
        WAIT_FOR_CHANGE,
        /** A {@link ReconcileException} caused by the AWS failure: the SDK retries with backoff. */
        RETRY,
        /** {@code DeleteControl} that removes the finalizer. */
        RELEASE,
        /** {@code DeleteControl.noFinalizerRemoval()}. */
        KEEP_FINALIZER,
        /** The status write's own exception: nothing else happened after it. */
        FAIL
    }

    /** The state of the fake AWS after the reconcile. */
    enum AwsAfter {
        ABSENT,
        /** Exactly as before the reconcile. */
        UNCHANGED,
        /**
         * One resource, with the spec's value, the spec's tags and our ownership tags (none if
         * untaggable).
         */
        MATCHES_SPEC
    }

    enum Metric {
        DRIFT_DETECTED("iam.operator.drift.detected"),
        DRIFT_CORRECTED("iam.operator.drift.corrected"),
        ADOPTED("iam.operator.adoptions", "outcome", "adopted"),
        RECOVERED("iam.operator.adoptions", "outcome", "recovered"),
        REFUSED("iam.operator.adoptions", "outcome", "refused");

        private final String meter;
        private final String[] tags;

        Metric(String meter, String... extraTags) {
            this.meter = meter;
            this.tags =
                    Stream.concat(Stream.of("kind", FakeAdapter.KIND), Arrays.stream(extraTags))
                            .toArray(String[]::new);
        }

        double value(EngineHarness h) {
            return h.counter(meter, tags);
        }

        static Map<Metric, Double> read(EngineHarness h) {
            Map<Metric, Double> values = new EnumMap<>(Metric.class);
            for (Metric m : values()) {
                values.put(m, m.value(h));
            }
            return values;
        }

        /** Only the counters that moved, by how much. */
        static Map<Metric, Integer> deltas(Map<Metric, Double> before, Map<Metric, Double> after) {
            Map<Metric, Integer> deltas = new EnumMap<>(Metric.class);
            after.forEach(
                    (m, v) -> {
                        int d = (int) Math.round(v - before.get(m));
                        if (d != 0) {
                            deltas.put(m, d);
                        }
                    });
            return deltas;
        }
    }

    /** What one reconcile or cleanup returned or threw. */
    record Outcome(UpdateControl<FakeResource> update, DeleteControl delete, Throwable thrown) {}

    /** One row: the world before, and what must follow. */
    record Case(
            String description,
            Action action,
            FakeObserved inAws,
            int hiddenReads,
            Map<String, String> annotations,
            Prior prior,
            boolean specChanged,
            String specValue,
            String specName,
            boolean taggable,
            Map<Op, AwsException> failures,
            boolean rejectIntentWrites,
            boolean createFirst,
            Expect expect) {

        @Override
        public String toString() {
            return description;
        }

        FakeResource resource() {
            FakeResource r =
                    newResource(specChanged ? 2 : 1, specValue, taggable ? SPEC_TAGS : Map.of());
            r.getMetadata().getAnnotations().putAll(annotations);
            r.getSpec().setName(specName);
            prior.apply().accept(r.status());
            if (action == Action.DELETE) {
                r.getMetadata().setDeletionTimestamp(NOW.toString());
                r.getMetadata().setFinalizers(List.of("policies.iam.operator.dev/finalizer"));
            }
            return r;
        }

        void seed(EngineHarness h) {
            if (inAws != null) {
                h.adapter.put(inAws);
                h.adapter.hideFromReads(inAws.name(), hiddenReads);
            }
            failures.forEach(h.adapter::fail);
            if (rejectIntentWrites) {
                h.statusWriter.rejectWhen(s -> s.getCreateIntent() != null);
            }
            if (action == Action.DELETE) {
                // Reconciled before: the object is in the gauges, and must leave them once
                // released.
                h.metrics.resourceState(FakeAdapter.KIND, UID, true, false);
            }
        }

        Outcome run(EngineHarness h, FakeResource r) {
            try {
                return action == Action.RECONCILE
                        ? new Outcome(h.reconcile(r), null, null)
                        : new Outcome(null, h.cleanup(r), null);
            } catch (RuntimeException e) {
                return new Outcome(null, null, e);
            }
        }
    }

    private static CaseBuilder reconcile(String description) {
        return new CaseBuilder(description, Action.RECONCILE);
    }

    private static CaseBuilder delete(String description) {
        return new CaseBuilder(description, Action.DELETE);
    }

    static final class CaseBuilder {
        private final String description;
        private final Action action;
        private FakeObserved inAws;
        private int hiddenReads;
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private Prior prior = Prior.NONE;
        private boolean specChanged;
        private String specValue = WANTED;
        private String specName;
        private boolean taggable = true;
        private boolean createFirst;
        private final Map<Op, AwsException> failures = new EnumMap<>(Op.class);
        private boolean rejectIntentWrites;

        CaseBuilder(String description, Action action) {
            this.description = description;
            this.action = action;
        }

        /**
         * What AWS holds under the object's name (or another case of it); nothing when not called.
         */
        CaseBuilder inAws(FakeObserved resource) {
            this.inAws = resource;
            return this;
        }

        /** The next {@code reads} observations miss the resource: IAM is eventually consistent. */
        CaseBuilder hiddenFromReads(int reads) {
            this.hiddenReads = reads;
            return this;
        }

        CaseBuilder annotated(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        CaseBuilder status(Prior before) {
            this.prior = before;
            return this;
        }

        /** metadata.generation is 2 while the last status describes generation 1. */
        CaseBuilder specChanged() {
            this.specChanged = true;
            return this;
        }

        /** spec.name set to another AWS name than the one the resource was created with. */
        CaseBuilder specName(String name) {
            this.specName = name;
            return this;
        }

        CaseBuilder specValue(String value) {
            this.specValue = value;
            return this;
        }

        /** A kind IAM cannot tag (groups): no tags in spec or in AWS. */
        /** The adapter creates a new object without observing first (design.md, step 5). */
        CaseBuilder createsFirst() {
            this.createFirst = true;
            return this;
        }

        CaseBuilder untaggable() {
            this.taggable = false;
            return this;
        }

        CaseBuilder failing(Op op, AwsErrorKind kind, String code, String message) {
            String operation =
                    switch (op) {
                        case OBSERVE, OBSERVE_RECORDED, OBSERVE_CONFLICTING -> "GetFake";
                        case CREATE -> "CreateFake";
                        case UPDATE -> "UpdateFake";
                        case DELETE -> "DeleteFake";
                    };
            failures.put(op, new AwsException(kind, operation, code, message, null));
            return this;
        }

        CaseBuilder rejectingIntentWrites() {
            this.rejectIntentWrites = true;
            return this;
        }

        Case then(Expect expect) {
            return new Case(
                    description,
                    action,
                    inAws,
                    hiddenReads,
                    Map.copyOf(annotations),
                    prior,
                    specChanged,
                    specValue,
                    specName,
                    taggable,
                    Map.copyOf(failures),
                    rejectIntentWrites,
                    createFirst,
                    expect);
        }
    }

    /**
     * What must follow. {@code ready == null}: the engine writes no status (the finalizer goes, or
     * the reconcile stops before settling). {@code drifted} / {@code adopted} {@code null}: no such
     * condition. {@code intentKept == null}: not checked.
     */
    record Expect(
            Boolean ready,
            Reason reason,
            Boolean drifted,
            Boolean adopted,
            List<String> driftFields,
            List<Op> calls,
            Map<Metric, Integer> counted,
            List<String> events,
            AwsAfter aws,
            List<String> messageContains,
            Boolean intentKept,
            Next next) {}

    private static ExpectBuilder ready(Reason reason) {
        return new ExpectBuilder(true, reason);
    }

    private static ExpectBuilder notReady(Reason reason) {
        return new ExpectBuilder(false, reason);
    }

    private static ExpectBuilder noStatus() {
        return new ExpectBuilder(null, null);
    }

    private static String normal(Reason reason) {
        return "Normal " + reason;
    }

    private static String warning(Reason reason) {
        return "Warning " + reason;
    }

    static final class ExpectBuilder {
        private final Boolean ready;
        private final Reason reason;
        private Boolean drifted;
        private Boolean adopted;
        private List<String> driftFields = List.of();
        private List<Op> calls = List.of();
        private final Map<Metric, Integer> counted = new EnumMap<>(Metric.class);
        private List<String> events = List.of();
        private AwsAfter aws;
        private List<String> messageContains = List.of();
        private Boolean intentKept;

        ExpectBuilder(Boolean ready, Reason reason) {
            this.ready = ready;
            this.reason = reason;
        }

        ExpectBuilder drifted(boolean value) {
            this.drifted = value;
            return this;
        }

        ExpectBuilder adopted(boolean value) {
            this.adopted = value;
            return this;
        }

        ExpectBuilder driftFields(String... fields) {
            this.driftFields = List.of(fields);
            return this;
        }

        /** The adapter's AWS methods called, in order; none when not called. */
        ExpectBuilder calls(Op... ops) {
            this.calls = List.of(ops);
            return this;
        }

        /** Counters incremented by one each; every other counter stays where it was. */
        ExpectBuilder counted(Metric... metrics) {
            for (Metric m : metrics) {
                counted.merge(m, 1, Integer::sum);
            }
            return this;
        }

        ExpectBuilder events(String... summaries) {
            this.events = List.of(summaries);
            return this;
        }

        ExpectBuilder aws(AwsAfter after) {
            this.aws = after;
            return this;
        }

        /** Parts of the Ready message (and of the exception, when retried). */
        ExpectBuilder message(String... parts) {
            this.messageContains = List.of(parts);
            return this;
        }

        ExpectBuilder intentKept() {
            this.intentKept = true;
            return this;
        }

        ExpectBuilder intentCleared() {
            this.intentKept = false;
            return this;
        }

        Expect resync() {
            return build(Next.RESYNC);
        }

        Expect waitsForChange() {
            return build(Next.WAIT_FOR_CHANGE);
        }

        Expect retries() {
            return build(Next.RETRY);
        }

        Expect releasesFinalizer() {
            return build(Next.RELEASE);
        }

        Expect keepsFinalizer() {
            return build(Next.KEEP_FINALIZER);
        }

        Expect failsWithTheStatusWrite() {
            return build(Next.FAIL);
        }

        private Expect build(Next next) {
            return new Expect(
                    ready,
                    reason,
                    drifted,
                    adopted,
                    driftFields,
                    calls,
                    Map.copyOf(counted),
                    events,
                    aws,
                    messageContains,
                    intentKept,
                    next);
        }
    }
}
