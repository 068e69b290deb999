package dev.operator.iam.engine;

/**
 * Looks up the object a {@link Reference} names, in the referrer's namespace. Reads Kubernetes
 * only, never AWS.
 */
public interface ReferenceResolver {

    Target resolve(String namespace, Reference reference);

    /** What the target's status says. */
    enum State {
        /** No such object in the namespace. */
        MISSING,
        /** The object exists but is not {@code Ready=True} (or is being deleted). */
        NOT_READY,
        READY
    }

    /**
     * @param arn the target's {@code status.arn}, set when READY
     * @param awsName the target's {@code status.name} (its name in AWS), set when READY
     * @param detail why it is not ready (its Ready condition's reason and message), for messages
     */
    record Target(State state, String arn, String awsName, String detail) {

        public static Target missing() {
            return new Target(State.MISSING, null, null, "not found");
        }

        public static Target notReady(String detail) {
            return new Target(State.NOT_READY, null, null, detail);
        }

        public static Target ready(String arn, String awsName) {
            return new Target(State.READY, arn, awsName, null);
        }

        public boolean ready() {
            return state == State.READY;
        }
    }
}
