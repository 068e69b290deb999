package dev.operator.iam.aws;

import dev.operator.iam.metrics.OperatorMetrics;
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
    private final OperatorMetrics metrics;

    /**
     * @param own the budget of the operator's own account (its gauges registered with it)
     * @param metrics where each other account's budget registers its gauges when first used
     */
    public RateBudgets(
            RateBudget own, double maxCallsPerSecond, int burst, OperatorMetrics metrics) {
        this.own = own;
        this.maxCallsPerSecond = maxCallsPerSecond;
        this.burst = burst;
        this.metrics = metrics;
    }

    /** The budget of the current thread's account ({@link AccountContext}). */
    RateBudget current() {
        AccountRole role = AccountContext.current();
        if (role == null) {
            return own;
        }
        return byAccount.computeIfAbsent(
                role.accountId(),
                id -> {
                    RateBudget budget = new RateBudget(maxCallsPerSecond, burst);
                    metrics.accountBudget(id, budget::currentRate, budget.maxRate());
                    return budget;
                });
    }
}
