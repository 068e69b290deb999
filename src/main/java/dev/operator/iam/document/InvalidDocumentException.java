package dev.operator.iam.document;

/**
 * Thrown when a text is not a policy document at all: not JSON, not URL-encoded JSON, or not a JSON
 * object. The message is a single line meant to be shown to the user as is.
 */
public class InvalidDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line saying what is wrong with the text
     */
    public InvalidDocumentException(String message) {
        super(message);
    }
}
