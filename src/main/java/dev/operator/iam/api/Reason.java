package dev.operator.iam.api;

/** Condition and event reasons of design.md. One word each; alert rules and users match on them. */
public enum Reason {
    Created,
    /** Found after an interrupted create; ours by ownership tags or create intent. */
    Recovered,
    Adopted,
    UpToDate,
    DriftCorrected,
    DriftReported,
    /** Terminal: a resource of that name exists in AWS and is not ours. */
    AlreadyExistsNotOwned,
    /** Terminal: the spec must change. */
    InvalidSpec,
    WaitingForReference,
    Throttled,
    AwsError,
    Paused,
    Observing,
    Deleting,
    /** Terminal: the namespace's TenantPolicy forbids it; no AWS call names the object. */
    NotPermitted,
    /**
     * The object's AWS resource was made in another account than its namespace's now ({@code
     * aws.roleArn} changed): nothing is created in the new account, nothing deleted in the old.
     */
    AccountChanged;

    /**
     * Reasons with which a reconcile ends after comparing AWS with the spec: a Ready condition with
     * one of these and the current generation means the spec of that generation has been applied
     * (or deliberately only reported), so a difference found later is drift rather than a spec
     * change.
     */
    public boolean synced() {
        return switch (this) {
            case Created, Recovered, Adopted, UpToDate, DriftCorrected, DriftReported, Observing ->
                    true;
            default -> false;
        };
    }

    /** Reasons after which retrying without a change to the spec or the world is pointless. */
    public boolean terminal() {
        return this == AlreadyExistsNotOwned
                || this == InvalidSpec
                || this == NotPermitted
                || this == AccountChanged;
    }
}
