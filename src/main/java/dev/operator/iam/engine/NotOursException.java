package dev.operator.iam.engine;

/**
 * Thrown by an adapter's {@link IamAdapter#observe} when what the object needs in AWS belongs to
 * someone else and nothing of this object's exists there: an access key's user that the operator
 * does not own, or a user whose two access keys (IAM's limit) were not made by this object. The
 * engine answers {@code Ready=False, AlreadyExistsNotOwned} with the message, calls nothing more
 * and observes again at the resync interval. An adapter throws it only when it has established that
 * no create of this object is outstanding, so the engine drops the object's create intent: a key
 * made later by someone else is never taken for an orphan of this object.
 */
public class NotOursException extends RuntimeException {

    public NotOursException(String message) {
        super(message, null, false, false);
    }
}
