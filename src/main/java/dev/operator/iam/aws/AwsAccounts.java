package dev.operator.iam.aws;

import jakarta.enterprise.context.ApplicationScoped;

/** {@link Accounts} through STS: AssumeRole for a tenant's account, the cached own identity. */
@ApplicationScoped
public class AwsAccounts implements Accounts {

    private final AccountCredentials credentials;
    private final AccountIdentity identity;
    private final AccountSnapshots snapshots;
    private final WriteLog writes;

    public AwsAccounts(
            AccountCredentials credentials,
            AccountIdentity identity,
            AccountSnapshots snapshots,
            WriteLog writes) {
        this.credentials = credentials;
        this.identity = identity;
        this.snapshots = snapshots;
        this.writes = writes;
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

    @Override
    public void forget(String object) {
        snapshots.forgetObject(object);
        writes.forget(object);
    }
}
