package dev.operator.iam.aws;

/** A failed AWS call, classified. The message keeps AWS's error code so users can look it up. */
public class AwsException extends RuntimeException {

    private final AwsErrorKind kind;
    private final String operation;
    private final String errorCode;

    public AwsException(
            AwsErrorKind kind,
            String operation,
            String errorCode,
            String message,
            Throwable cause) {
        super(
                operation + " failed: " + (errorCode == null ? "" : errorCode + ": ") + message,
                cause);
        this.kind = kind;
        this.operation = operation;
        this.errorCode = errorCode;
    }

    public AwsErrorKind kind() {
        return kind;
    }

    public String operation() {
        return operation;
    }

    /**
     * AWS's error code ({@code NoSuchEntity}, {@code Throttling}, ...), or null for a transport
     * failure.
     */
    public String errorCode() {
        return errorCode;
    }

    public boolean is(AwsErrorKind k) {
        return kind == k;
    }

    /**
     * How many times the SDK sent the failed call (1 when unknown). More than one means an earlier
     * attempt's answer was lost or failed, and that attempt may have taken effect in AWS: a Create
     * answered EntityAlreadyExists after a retry may have met the resource it created itself.
     */
    public int attempts() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof software.amazon.awssdk.core.exception.SdkException sdk
                    && sdk.numAttempts() != null) {
                return sdk.numAttempts();
            }
        }
        return 1;
    }
}
