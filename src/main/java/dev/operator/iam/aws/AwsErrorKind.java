package dev.operator.iam.aws;

import dev.operator.iam.metrics.OperatorMetrics;

/**
 * What an AWS failure means for the reconcile loop. One place ({@link AwsErrors#classify}) maps IAM
 * error codes and SDK exceptions onto these.
 */
public enum AwsErrorKind {
    /** {@code NoSuchEntity}: the resource is not there. On a delete path this is success. */
    NOT_FOUND(false, OperatorMetrics.CLIENT_ERROR),
    /** {@code EntityAlreadyExists}: observe again; never an error loop. */
    ALREADY_EXISTS(false, OperatorMetrics.CLIENT_ERROR),
    /** {@code DeleteConflict}: something still holds the resource; retried with backoff. */
    DELETE_CONFLICT(true, OperatorMetrics.CLIENT_ERROR),
    /** {@code LimitExceeded}: an IAM quota; retried with backoff, the user may raise the quota. */
    LIMIT_EXCEEDED(true, OperatorMetrics.CLIENT_ERROR),
    /**
     * {@code MalformedPolicyDocument}, {@code InvalidInput}, {@code ValidationError}: the spec must
     * change.
     */
    INVALID_INPUT(false, OperatorMetrics.CLIENT_ERROR),
    /** Throttling: always retried with backoff, never terminal. */
    THROTTLED(true, OperatorMetrics.THROTTLED),
    /** 5xx from AWS, or the connection failed: retried with backoff. */
    SERVER_ERROR(true, OperatorMetrics.SERVER_ERROR),
    /** The call timeout passed: retried with backoff. Whether AWS executed the call is unknown. */
    TIMEOUT(true, OperatorMetrics.TIMEOUT),
    /**
     * Any other error AWS answered (AccessDenied, ...): retried with backoff, its code shown to the
     * user.
     */
    CLIENT_ERROR(true, OperatorMetrics.CLIENT_ERROR),
    /**
     * Not sent at all: the operator is shutting down. Not an AWS call, so not counted in the
     * metrics.
     */
    NOT_SENT(true, null);

    private final boolean retryable;
    private final String metricOutcome;

    AwsErrorKind(boolean retryable, String metricOutcome) {
        this.retryable = retryable;
        this.metricOutcome = metricOutcome;
    }

    /** Whether the same call may succeed later without a change to the spec. */
    public boolean retryable() {
        return retryable;
    }

    /**
     * The {@code outcome} label of {@code iam_operator_aws_calls_total}; null when no call was
     * made.
     */
    public String metricOutcome() {
        return metricOutcome;
    }
}
