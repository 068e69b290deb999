package dev.operator.iam.aws;

import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The AWS account and partition of the object being reconciled: the account of its namespace's
 * TenantPolicy role ({@link AccountContext}, read from the role ARN without a call), or else the
 * account the operator's own credentials belong to, asked of STS once ({@code GetCallerIdentity})
 * and cached. Every IAM ARN and natural key is built from them, so they are per account.
 */
@ApplicationScoped
public class AccountIdentity {

    /** Account id and partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}). */
    public record Account(String id, String partition) {}

    private final StsClient sts;
    private final AwsCalls calls;
    private volatile Account account;

    public AccountIdentity(StsClient sts, AwsCalls calls) {
        this.sts = sts;
        this.calls = calls;
    }

    /**
     * The account of the object being reconciled (the current thread's {@link AccountContext}); the
     * operator's own when no role is set.
     */
    public Account account() {
        AccountRole role = AccountContext.current();
        if (role != null) {
            return new Account(role.accountId(), role.partition());
        }
        return own();
    }

    /** The operator's own account, from the cache after the first successful call. */
    public Account own() {
        Account a = account;
        if (a == null) {
            synchronized (this) {
                if (account == null) {
                    GetCallerIdentityResponse r =
                            calls.call("GetCallerIdentity", sts::getCallerIdentity);
                    account = new Account(r.account(), partitionOf(r.arn()));
                    AccountContext.ownAccountId(r.account());
                }
                a = account;
            }
        }
        return a;
    }

    private static String partitionOf(String callerArn) {
        try {
            return Arn.fromString(callerArn).partition();
        } catch (RuntimeException e) {
            return "aws";
        }
    }
}
