package dev.operator.iam.aws;

import dev.operator.iam.config.OperatorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The credentials of the IAM client, per account (design.md, "Many AWS accounts"): for a thread
 * acting in a tenant's account ({@link AccountContext}), those of {@code sts:AssumeRole} on the
 * TenantPolicy's role, taken with the operator's own credentials, cached and refreshed before they
 * expire (the SDK's {@link StsAssumeRoleCredentialsProvider}); otherwise the operator's own, from
 * the SDK's default chain.
 *
 * <p>A role that cannot be assumed fails the call: there is no fallback to the operator's own
 * credentials, so nothing is ever done in the wrong account.
 */
@ApplicationScoped
public class AccountCredentials implements AwsCredentialsProvider {

    /** STS session names: 2 to 64 of letters, digits and {@code +=,.@_-}. */
    private static final Pattern NOT_IN_SESSION_NAME = Pattern.compile("[^\\w+=,.@-]");

    private static final int MAX_SESSION_NAME = 64;

    private final StsClient sts;
    private final String sessionName;
    private final AwsCredentialsProvider own = DefaultCredentialsProvider.builder().build();
    private final Map<AccountRole, StsAssumeRoleCredentialsProvider> assumed =
            new ConcurrentHashMap<>();

    public AccountCredentials(StsClient sts, OperatorConfig config) {
        this.sts = sts;
        this.sessionName = sessionName(config.clusterId());
    }

    /** {@code iam-operator-{cluster-id}}, reduced to what STS accepts in a session name. */
    static String sessionName(String clusterId) {
        String name = "iam-operator-" + NOT_IN_SESSION_NAME.matcher(clusterId).replaceAll("-");
        return name.length() > MAX_SESSION_NAME ? name.substring(0, MAX_SESSION_NAME) : name;
    }

    /** The current thread's account's credentials. */
    @Override
    public AwsCredentials resolveCredentials() {
        AccountRole role = AccountContext.current();
        return role == null ? own.resolveCredentials() : provider(role).resolveCredentials();
    }

    /**
     * Makes sure the role can be assumed now (from the cache while its credentials are fresh), so
     * that a reconcile fails before its first IAM call with a message naming the role.
     *
     * @throws AwsException naming the role and STS's error
     */
    public void assume(AccountRole role) {
        try {
            provider(role).resolveCredentials();
        } catch (RuntimeException e) {
            AwsException failure = AwsErrors.classify("AssumeRole", e);
            // STS's code stays in the message; none on the exception, whose message would
            // repeat it.
            throw new AwsException(
                    retryable(failure),
                    "AssumeRole",
                    null,
                    "cannot assume role "
                            + role.roleArn()
                            + (role.externalId() == null ? "" : " with the given externalId")
                            + ": "
                            + stsMessage(failure)
                            + "; the role must exist and trust the operator's role (see"
                            + " docs/accounts.md); retried with backoff",
                    e);
        }
    }

    /**
     * Whatever STS answered, the spec may be right and the role's trust wrong (or not made yet):
     * never a terminal error of the object.
     */
    private static AwsErrorKind retryable(AwsException failure) {
        return failure.kind().retryable() ? failure.kind() : AwsErrorKind.CLIENT_ERROR;
    }

    private static String stsMessage(AwsException failure) {
        String prefix = "AssumeRole failed: ";
        String m = failure.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private StsAssumeRoleCredentialsProvider provider(AccountRole role) {
        return assumed.computeIfAbsent(
                role,
                r ->
                        StsAssumeRoleCredentialsProvider.builder()
                                .stsClient(sts)
                                .refreshRequest(
                                        a ->
                                                a.roleArn(r.roleArn())
                                                        .roleSessionName(sessionName)
                                                        .externalId(r.externalId()))
                                .asyncCredentialUpdateEnabled(false)
                                .build());
    }

    @PreDestroy
    void close() {
        assumed.values().forEach(StsAssumeRoleCredentialsProvider::close);
    }
}
