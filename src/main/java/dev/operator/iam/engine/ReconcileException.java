package dev.operator.iam.engine;

/**
 * Thrown by the engine after it wrote the status of a failed reconcile, so that the Java Operator
 * SDK retries the object with backoff. The status already tells the user what happened.
 */
public class ReconcileException extends RuntimeException {

    public ReconcileException(String message, Throwable cause) {
        super(message, cause);
    }
}
