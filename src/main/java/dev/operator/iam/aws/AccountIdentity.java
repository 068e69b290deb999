package dev.operator.iam.aws;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;
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

    private static final Logger LOG = Logger.getLogger(AccountIdentity.class);

    private final StsClient sts;
    private final AwsCalls calls;
    private volatile Account account;

    public AccountIdentity(StsClient sts, AwsCalls calls) {
        this.sts = sts;
        this.calls = calls;
    }

    /**
     * Learns the operator's own account at start-up, in the background (the start never waits for
     * STS), so that the {@code account} label of the call metrics names it from the first call; a
     * failure is only logged, and the next {@link #own()} asks again.
     */
    void learnAtStart(@Observes StartupEvent event) {
        CompletableFuture.runAsync(
                () -> {
                    try {
                        own();
                    } catch (RuntimeException e) {
                        LOG.warnf(
                                "the operator's own AWS account is not known yet (%s); asked"
                                        + " again when needed",
                                e.getMessage());
                    }
                });
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
