package dev.operator.iam.aws;

import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The AWS account and partition the operator's credentials belong to, asked of STS once ({@code
 * GetCallerIdentity}) and cached: every IAM ARN is built from them.
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

    /** The account, from the cache after the first successful call. */
    public Account account() {
        Account a = account;
        if (a == null) {
            synchronized (this) {
                if (account == null) {
                    GetCallerIdentityResponse r =
                            calls.call("GetCallerIdentity", sts::getCallerIdentity);
                    account = new Account(r.account(), partitionOf(r.arn()));
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
