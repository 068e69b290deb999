package dev.operator.iam.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each message of the engine, asserted once, whole: what users read in conditions and events. */
class MessagesTest {

    private static final String ARN = "arn:aws:iam::123456789012:policy/app";
    private static final Drift DRIFT =
            Drift.builder().check("tags", true).check("policyDocument", true).build();

    @Test
    void saysWhatHappenedAndWhatToDo() {
        assertThat(Messages.observingMissing("Policy", ARN))
                .isEqualTo(
                        "no Policy "
                                + ARN
                                + " exists in AWS; management-policy observe never creates it");
        assertThat(Messages.waitingToAdopt("app"))
                .isEqualTo(
                        "adoption-policy adopt: waiting for app to exist in AWS; use"
                                + " adopt-or-create to let the operator create it");
        assertThat(Messages.created(ARN)).isEqualTo("created " + ARN);
        assertThat(Messages.createdIncomplete(ARN, DRIFT, "Throttling"))
                .isEqualTo(
                        "created "
                                + ARN
                                + "; tags, policyDocument could not be applied yet: Throttling");
        assertThat(Messages.driftReported("app", DRIFT, false))
                .isEqualTo(
                        "app differs from the spec in tags, policyDocument (drift-policy report:"
                                + " not corrected)");
        assertThat(Messages.driftReported("app", DRIFT, true))
                .endsWith("(management-policy observe: not corrected)");
        assertThat(Messages.notUpdatedYet("app", DRIFT, "Throttling"))
                .isEqualTo(
                        "app differs from the spec in tags, policyDocument and could not be updated"
                                + " yet: Throttling");
        assertThat(Messages.notOwned("Policy", ARN, true))
                .isEqualTo(
                        "Policy "
                                + ARN
                                + " already exists in AWS and is not owned by this operator (no"
                                + " matching iam.operator.dev/* tags); it is left untouched. To"
                                + " take it over, annotate this object with"
                                + " iam.operator.dev/adoption-policy=adopt; or choose another"
                                + " name");
        assertThat(Messages.notOwned("Group", ARN, false))
                .contains("neither this object's create intent nor its recorded id matches it");
        assertThat(Messages.recovered(ARN))
                .isEqualTo("found " + ARN + ", created by this object before an interruption");
        assertThat(Messages.adopted(ARN)).isEqualTo("adopted " + ARN + " (ownership tags added)");
        assertThat(Messages.driftCorrected(ARN, DRIFT))
                .isEqualTo("reverted drift in tags, policyDocument of " + ARN);
        assertThat(Messages.observing(ARN)).isEqualTo("observing " + ARN + ": matches the spec");
        assertThat(Messages.updated(ARN, DRIFT))
                .isEqualTo("updated tags, policyDocument of " + ARN + " to the spec");
        assertThat(Messages.matches(ARN)).isEqualTo(ARN + " matches the spec");
        assertThat(Messages.paused())
                .isEqualTo(
                        "reconciliation paused by annotation iam.operator.dev/paused; remove it to"
                                + " resume");
        assertThat(
                        Messages.waitingForReferences(
                                List.of("Policy a (spec.policyRefs[0]): not found")))
                .isEqualTo(
                        "waiting for Policy a (spec.policyRefs[0]): not found. Nothing is changed"
                                + " in AWS until every referenced object is Ready; this object"
                                + " continues by itself then");
        assertThat(Messages.deletionWaitsForAnnotation("annotation x has value \"y\""))
                .isEqualTo("annotation x has value \"y\"; the deletion waits until it is fixed");
        assertThat(Messages.retained("iam.operator.dev/deletion-policy retain"))
                .isEqualTo("AWS resource retained (iam.operator.dev/deletion-policy retain)");
        assertThat(Messages.nothingCreated()).isEqualTo("nothing was created in AWS");
        assertThat(Messages.absent("app")).isEqualTo("app does not exist in AWS");
        assertThat(Messages.notOwnedLeftUntouched(ARN))
                .isEqualTo(ARN + " is not owned by this operator; left untouched");
        assertThat(Messages.deleted(ARN)).isEqualTo("deleted " + ARN);
        assertThat(Messages.alreadyGone()).isEqualTo("already gone from AWS");
        assertThat(Messages.cannotDeleteYet("DeleteConflict"))
                .isEqualTo("cannot delete yet, retrying: DeleteConflict");
        assertThat(Messages.awsRejectedSpec("MalformedPolicyDocument"))
                .isEqualTo("AWS rejected the spec: MalformedPolicyDocument; fix the spec");
        assertThat(Messages.notVisibleYet("app"))
                .isEqualTo(
                        "IAM says app exists but does not return it yet (IAM is eventually"
                                + " consistent); retrying");
    }
}
