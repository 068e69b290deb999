package dev.operator.iam.aws;

import jakarta.enterprise.context.ApplicationScoped;

/** {@link Accounts} through STS: AssumeRole for a tenant's account, the cached own identity. */
@ApplicationScoped
public class AwsAccounts implements Accounts {

    private final AccountCredentials credentials;
    private final AccountIdentity identity;

    public AwsAccounts(AccountCredentials credentials, AccountIdentity identity) {
        this.credentials = credentials;
        this.identity = identity;
    }

    @Override
    public void enter(AccountRole role) {
        // Set before assuming: should that fail, the thread still names the tenant's account, so
        // that no call can fall back to the operator's own credentials.
        AccountContext.set(role);
        if (role != null) {
            credentials.assume(role);
        }
    }

    @Override
    public String currentId() {
        return identity.account().id();
    }
}
