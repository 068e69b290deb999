package dev.operator.iam.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RateBudget} per AWS account: IAM's rate limits are per account, so a tenant's busy
 * account never slows another's. Every bucket gets the configured {@code max-calls-per-second} and
 * burst; the accounts come from TenantPolicies, so the set is bounded.
 */
public final class RateBudgets {

    private final RateBudget own;
    private final double maxCallsPerSecond;
    private final int burst;
    private final Map<String, RateBudget> byAccount = new ConcurrentHashMap<>();

    /**
     * @param own the budget of the operator's own account (also its gauge's)
     */
    public RateBudgets(RateBudget own, double maxCallsPerSecond, int burst) {
        this.own = own;
        this.maxCallsPerSecond = maxCallsPerSecond;
        this.burst = burst;
    }

    /** The budget of the current thread's account ({@link AccountContext}). */
    RateBudget current() {
        AccountRole role = AccountContext.current();
        if (role == null) {
            return own;
        }
        return byAccount.computeIfAbsent(
                role.accountId(), id -> new RateBudget(maxCallsPerSecond, burst));
    }
}
