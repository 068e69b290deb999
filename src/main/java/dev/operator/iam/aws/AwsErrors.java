package dev.operator.iam.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/** The one place that decides what an AWS failure means. */
public final class AwsErrors {

    /**
     * IAM's own throttling code is {@code Throttling}; the others appear behind proxies and in
     * other services.
     */
    private static final Set<String> THROTTLING_CODES =
            Set.of(
                    "Throttling",
                    "ThrottlingException",
                    "RequestLimitExceeded",
                    "TooManyRequestsException",
                    "RequestThrottled",
                    "SlowDown");

    private static final Set<String> INVALID_INPUT_CODES =
            Set.of(
                    "MalformedPolicyDocument",
                    "InvalidInput",
                    "ValidationError",
                    "InvalidParameterValue");

    private AwsErrors() {}

    /** Classifies a failure of the named IAM or STS operation. */
    public static AwsException classify(String operation, Throwable t) {
        if (t instanceof AwsException e) {
            return e;
        }
        if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
            return new AwsException(
                    AwsErrorKind.TIMEOUT, operation, null, "no answer within the call timeout", t);
        }
        if (t instanceof AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message =
                    e.awsErrorDetails() == null
                            ? e.getMessage()
                            : e.awsErrorDetails().errorMessage();
            return new AwsException(
                    kindOf(code, e.statusCode(), e.isThrottlingException()),
                    operation,
                    code,
                    message == null ? "HTTP " + e.statusCode() : message,
                    t);
        }
        if (t instanceof SdkException) {
            // No answer from AWS (connection refused or dropped): the call may or may not have been
            // executed, which is exactly what ownership tags make safe to retry.
            return new AwsException(
                    AwsErrorKind.SERVER_ERROR,
                    operation,
                    null,
                    "no answer from AWS: " + rootMessage(t),
                    t);
        }
        return new AwsException(AwsErrorKind.CLIENT_ERROR, operation, null, rootMessage(t), t);
    }

    static AwsErrorKind kindOf(String code, int httpStatus, boolean sdkSaysThrottling) {
        if (sdkSaysThrottling || (code != null && THROTTLING_CODES.contains(code))) {
            return AwsErrorKind.THROTTLED;
        }
        if (code != null) {
            switch (code) {
                case "NoSuchEntity":
                    return AwsErrorKind.NOT_FOUND;
                case "EntityAlreadyExists":
                    return AwsErrorKind.ALREADY_EXISTS;
                case "DeleteConflict":
                    return AwsErrorKind.DELETE_CONFLICT;
                case "LimitExceeded":
                    return AwsErrorKind.LIMIT_EXCEEDED;
                default:
                    if (INVALID_INPUT_CODES.contains(code)) {
                        return AwsErrorKind.INVALID_INPUT;
                    }
            }
        }
        return httpStatus >= 500 ? AwsErrorKind.SERVER_ERROR : AwsErrorKind.CLIENT_ERROR;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t
                ? String.valueOf(t.getMessage())
                : t.getMessage()
                        + " ("
                        + root.getClass().getSimpleName()
                        + ": "
                        + root.getMessage()
                        + ")";
    }
}
