package dev.operator.iam.emulator;

/**
 * An AWS error response: HTTP status, fault type, error code and message. Thrown by the state model
 * and the action handlers; the dispatcher renders it as an {@code <ErrorResponse>}.
 */
final class ServiceError extends RuntimeException {

    private final int status;
    private final String code;

    ServiceError(int status, String code, String message) {
        // thrown as control flow for expected client errors: a stack trace would only cost time
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ServiceError noSuchEntity(String message) {
        return new ServiceError(404, "NoSuchEntity", message);
    }

    static ServiceError entityAlreadyExists(String message) {
        return new ServiceError(409, "EntityAlreadyExists", message);
    }

    static ServiceError deleteConflict(String message) {
        return new ServiceError(409, "DeleteConflict", message);
    }

    static ServiceError limitExceeded(String message) {
        return new ServiceError(409, "LimitExceeded", message);
    }

    static ServiceError malformedPolicyDocument(String message) {
        return new ServiceError(400, "MalformedPolicyDocument", message);
    }

    static ServiceError invalidInput(String message) {
        return new ServiceError(400, "InvalidInput", message);
    }

    /** The generic constraint violation AWS reports before an operation runs. */
    static ServiceError validation(String member, Object value, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        return new ServiceError(
                400,
                "ValidationError",
                "1 validation error detected: Value "
                        + shown
                        + " at '"
                        + member
                        + "' failed to satisfy constraint: "
                        + constraint);
    }

    static ServiceError invalidAction(QueryRequest request) {
        return new ServiceError(
                400,
                "InvalidAction",
                "Could not find operation "
                        + request.action()
                        + " for version "
                        + request.version());
    }

    static ServiceError throttling() {
        return new ServiceError(400, "Throttling", "Rate exceeded");
    }

    static ServiceError serviceFailure(String message) {
        return new ServiceError(500, "ServiceFailure", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** AWS blames the caller for 4xx ("Sender") and itself for 5xx ("Receiver"). */
    String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }
}
