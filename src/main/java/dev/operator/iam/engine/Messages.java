package dev.operator.iam.engine;

import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.aws.AwsException;
import java.util.List;

/**
 * Every message the engine puts into a condition, an event or a log line, in one place: each says
 * what happened and, when the user must act, what to do. {@code MessagesTest} asserts each once.
 */
final class Messages {

    private Messages() {}

    static String observingMissing(String kind, String key) {
        return "no "
                + kind
                + " "
                + key
                + " exists in AWS; management-policy observe never creates it";
    }

    static String waitingToAdopt(String key) {
        return "adoption-policy adopt: waiting for "
                + key
                + " to exist in AWS; use adopt-or-create to let the operator create it";
    }

    static String created(String arn) {
        return "created " + arn;
    }

    static String createdIncomplete(String arn, Drift rest, String error) {
        return "created " + arn + "; " + fields(rest) + " could not be applied yet: " + error;
    }

    static String driftReported(String key, Drift drift, boolean observeOnly) {
        return key
                + " differs from the spec in "
                + fields(drift)
                + (observeOnly
                        ? " (management-policy observe: not corrected)"
                        : " (drift-policy report: not corrected)");
    }

    static String notUpdatedYet(String key, Drift drift, String error) {
        return key
                + " differs from the spec in "
                + fields(drift)
                + " and could not be updated yet: "
                + error;
    }

    static String notOwned(String kind, String arn, boolean taggable) {
        return kind
                + " "
                + arn
                + " already exists in AWS and is not owned by this operator ("
                + (taggable
                        ? "no matching iam.operator.dev/* tags"
                        : "IAM takes no tags on this kind, and neither this object's"
                                + " create intent nor its recorded id matches it")
                + "); it is left untouched. To take it over, annotate this object with "
                + ResourcePolicies.ADOPTION_POLICY
                + "=adopt; or choose another name";
    }

    static String recovered(String arn) {
        return "found " + arn + ", created by this object before an interruption";
    }

    static String adopted(String arn) {
        return "adopted " + arn + " (ownership tags added)";
    }

    static String driftCorrected(String arn, Drift corrected) {
        return "reverted drift in " + fields(corrected) + " of " + arn;
    }

    static String observing(String arn) {
        return "observing " + arn + ": matches the spec";
    }

    static String updated(String arn, Drift changed) {
        return "updated " + fields(changed) + " of " + arn + " to the spec";
    }

    static String matches(String arn) {
        return arn + " matches the spec";
    }

    static String paused() {
        return "reconciliation paused by annotation "
                + ResourcePolicies.PAUSED
                + "; remove it to resume";
    }

    static String waitingForReferences(List<String> waiting) {
        return "waiting for "
                + String.join("; ", waiting)
                + ". Nothing is changed in AWS until every referenced object is Ready; this"
                + " object continues by itself then";
    }

    static String deletionWaitsForAnnotation(String problem) {
        return problem + "; the deletion waits until it is fixed";
    }

    static String retained(String why) {
        return "AWS resource retained (" + why + ")";
    }

    static String nothingCreated() {
        return "nothing was created in AWS";
    }

    static String absent(String key) {
        return key + " does not exist in AWS";
    }

    static String notOwnedLeftUntouched(String arn) {
        return arn + " is not owned by this operator; left untouched";
    }

    static String deleted(String arn) {
        return "deleted " + arn;
    }

    static String alreadyGone() {
        return "already gone from AWS";
    }

    static String cannotDeleteYet(String error) {
        return "cannot delete yet, retrying: " + error;
    }

    static String awsRejectedSpec(String error) {
        return "AWS rejected the spec: " + error + "; fix the spec";
    }

    static String notVisibleYet(String key) {
        return "IAM says "
                + key
                + " exists but does not return it yet (IAM is eventually consistent); retrying";
    }

    static String accountChanged(String arn, String recordedAccount, String currentAccount) {
        return "the resource "
                + arn
                + " lives in account "
                + recordedAccount
                + ", but this namespace's IAM is now managed in account "
                + currentAccount
                + " (its TenantPolicy's aws.roleArn changed): nothing is created in "
                + currentAccount
                + " and nothing deleted in "
                + recordedAccount
                + ". Set aws.roleArn back, or delete this object (the resource stays in "
                + recordedAccount
                + ", delete it there if no longer needed) and create it again";
    }

    static String leftInOtherAccount(String arn, String account) {
        return "the resource "
                + arn
                + " was left in account "
                + account
                + ": this namespace's IAM is now managed in another account (aws.roleArn"
                + " changed); delete it there if no longer needed";
    }

    static String nothingCreatedAccountUnreachable(AwsException e) {
        return "nothing was created for this object (no ARN or create intent recorded), so nothing"
                + " is deleted; its account cannot be reached now: "
                + e.getMessage();
    }

    private static String fields(Drift drift) {
        return String.join(", ", drift.fields());
    }
}
