package dev.operator.iam.testing;

import dev.operator.iam.emulator.PolicySnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS account the operator under test talks to, as the tests arrange and inspect it: the
 * built-in IAM emulator ({@link EmulatorBackend}) or an external IAM endpoint such as LocalStack or
 * moto ({@link SdkBackend}).
 *
 * <p>The "out of band" methods change the account as another AWS user would, behind the operator's
 * back. Wherever IAM refuses a change, they throw {@link IllegalArgumentException} with IAM's error
 * code and message ({@code "NoSuchEntity: ..."}).
 */
public interface IamBackend extends AutoCloseable {

    /** The account the endpoint answers for, as in the ARNs it hands out. */
    String accountId();

    /** Every customer managed policy of the account, ordered by ARN. */
    List<PolicySnapshot> policies();

    /** The customer managed policy with exactly this ARN, if it exists. */
    Optional<PolicySnapshot> policy(String arn);

    /**
     * Creates a policy with {@code document} as its default version v1, as CreatePolicy would.
     *
     * @param path {@code null} for "/"
     * @param tags {@code null} for none
     * @return the policy as {@link #policy(String)} now shows it
     */
    PolicySnapshot seedPolicy(String name, String path, String document, Map<String, String> tags);

    /**
     * Adds {@code document} as the new default version, deleting the oldest non-default one if 5
     * exist.
     */
    void putPolicyVersionOutOfBand(String arn, String document);

    void tagPolicyOutOfBand(String arn, Map<String, String> tags);

    void untagPolicyOutOfBand(String arn, String... keys);

    /**
     * Attaches the policy to a principal, which raises its AttachmentCount, lists the principal in
     * ListEntitiesForPolicy and makes DeletePolicy fail with DeleteConflict. A principal the
     * account does not have yet is created first (a role trusting EC2).
     *
     * @param entityType {@code "Role"}, {@code "User"} or {@code "Group"}
     */
    void attachPolicyOutOfBand(String arn, String entityType, String entityName);

    /**
     * Undoes {@link #attachPolicyOutOfBand}; fails with NoSuchEntity if the policy is not attached.
     */
    void detachPolicyOutOfBand(String arn, String entityType, String entityName);

    /** Deletes the policy's non-default versions, then the policy itself. */
    void deletePolicyOutOfBand(String arn);

    /** Releases the connections to the endpoint; the account itself is left as it is. */
    @Override
    void close();
}
