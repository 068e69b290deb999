package dev.operator.iam.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.metrics.OperatorMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The budget's series carry the account they belong to: the operator's own as {@code own} until its
 * id is known, then its id; each TenantPolicy account's from its first call.
 */
class BudgetMetricsTest {

    private static final String RATE = "iam.operator.aws.budget.calls.per.second";
    private static final String MAX = "iam.operator.aws.budget.max.calls.per.second";
    private static final String WAIT = "iam.operator.aws.budget.wait";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OperatorMetrics metrics = new OperatorMetrics(registry);

    @AfterEach
    void tearDown() {
        AccountContext.clear();
    }

    @Test
    void theOwnBudgetsSeriesMoveFromOwnToTheAccountIdOnceKnown() {
        metrics.budget(() -> 7.0, 10);
        assertThat(gauge(RATE, "own").value()).isEqualTo(7.0);
        assertThat(gauge(MAX, "own").value()).isEqualTo(10.0);
        assertThat(registry.find(WAIT).tag("account", "own").timers()).hasSize(2);

        metrics.ownAccount("111122223333");

        assertThat(registry.find(RATE).tag("account", "own").gauges()).isEmpty();
        assertThat(registry.find(MAX).tag("account", "own").gauges()).isEmpty();
        assertThat(gauge(RATE, "111122223333").value()).isEqualTo(7.0);
        assertThat(gauge(MAX, "111122223333").value()).isEqualTo(10.0);
        assertThat(registry.find(WAIT).tag("account", "111122223333").timers())
                .extracting(t -> t.getId().getTag("priority"))
                .containsExactlyInAnyOrder("change", "resync");
        assertThat(registry.find(RATE).gauges()).as("one gauge: no double count").hasSize(1);
    }

    @Test
    void aTenantAccountsBudgetHasSeriesOfItsOwnFromItsFirstUse() {
        RateBudget own = new RateBudget(10, 10);
        metrics.budget(own::currentRate, own.maxRate());
        RateBudgets budgets = new RateBudgets(own, 4, 4, metrics);
        assertThat(registry.find(RATE).tag("account", "444455556666").gauges()).isEmpty();

        AccountContext.set(new AccountRole("arn:aws:iam::444455556666:role/iam-operator", null));
        RateBudget tenant = budgets.current();
        metrics.budgetWait("change", 5_000_000, AccountContext.accountKey());

        assertThat(tenant).isNotSameAs(own);
        assertThat(gauge(MAX, "444455556666").value()).isEqualTo(4.0);
        assertThat(gauge(MAX, "own").value()).isEqualTo(10.0);
        assertThat(
                        registry.get(WAIT)
                                .tags("account", "444455556666", "priority", "change")
                                .timer()
                                .count())
                .isEqualTo(1);
        assertThat(registry.get(WAIT).tags("account", "own", "priority", "change").timer().count())
                .isZero();
        assertThat(budgets.current()).as("one budget per account").isSameAs(tenant);
        assertThat(registry.find(MAX).gauges())
                .extracting(g -> g.getId().getTag("account"))
                .containsExactlyInAnyOrderElementsOf(List.of("own", "444455556666"));
    }

    private Gauge gauge(String name, String account) {
        return registry.get(name).tag("account", account).gauge();
    }
}
