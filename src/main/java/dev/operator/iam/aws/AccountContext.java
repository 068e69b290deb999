package dev.operator.iam.aws;

import dev.operator.iam.metrics.OperatorMetrics;

/**
 * The AWS account the current thread's IAM calls act in: the engine sets it for the length of one
 * reconcile from the namespace's TenantPolicy ({@code aws.roleArn}); unset means the operator's own
 * account. The IAM client's credentials ({@link AccountCredentials}), the rate budget and the
 * {@code account} label of the call metrics all read it, so no adapter needs to know.
 */
public final class AccountContext {

    private static final ThreadLocal<AccountRole> CURRENT = new ThreadLocal<>();

    /** The operator's own account id once {@link AccountIdentity} learned it, else null. */
    private static volatile String ownAccountId;

    private AccountContext() {}

    /**
     * @param role the role to act through, or null for the operator's own account
     */
    public static void set(AccountRole role) {
        if (role == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(role);
        }
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** The role of the current account, or null for the operator's own account. */
    public static AccountRole current() {
        return CURRENT.get();
    }

    static void ownAccountId(String id) {
        ownAccountId = id;
    }

    /**
     * The current account's id, for the rate budget and the metrics: the role's account, or the
     * operator's own (the key {@code own} until GetCallerIdentity answered it once).
     */
    public static String accountKey() {
        AccountRole role = CURRENT.get();
        if (role != null) {
            return role.accountId();
        }
        String own = ownAccountId;
        return own == null ? OperatorMetrics.OWN_ACCOUNT : own;
    }
}
