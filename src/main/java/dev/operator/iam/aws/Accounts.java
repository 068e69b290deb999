package dev.operator.iam.aws;

/**
 * Switches the current thread to the AWS account of the object being reconciled (design.md, "Many
 * AWS accounts"): the engine enters it once per reconcile, before the first IAM call, and {@link
 * AccountContext#clear()} leaves it.
 */
public interface Accounts {

    /**
     * Makes {@code role}'s account the current thread's, after making sure the role can be assumed
     * (its credentials are cached while fresh); null means the operator's own account.
     *
     * @throws AwsException when the role cannot be assumed, naming the role and STS's error; the
     *     thread stays in the role's account, so no IAM call can go to another account
     */
    void enter(AccountRole role);

    /**
     * The id of the account the current thread's IAM calls act in (for the operator's own account,
     * asked of STS once and cached).
     */
    String currentId();

    /**
     * The object {@code object} ("Kind namespace/name") is gone: what is remembered of it for the
     * account observations (its last write, its reads of what the scan leaves out) is dropped, so
     * that this memory does not grow with every object ever deleted.
     */
    default void forget(String object) {}
}
