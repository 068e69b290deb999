package dev.operator.iam.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PromQL reading that the dashboard test relies on finds metrics and nothing else. */
class PromQlTest {

    @Test
    void findsTheMetricOfAnAggregatedRate() {
        assertThat(
                        PromQl.metricNames(
                                "sum by (kind, outcome)"
                                        + " (rate(iam_operator_adoptions_total{job=~\"$job\","
                                        + " outcome!=\"success\"}[$__rate_interval])) * 3600"))
                .containsExactly("iam_operator_adoptions_total");
    }

    @Test
    void findsTheBucketsOfAHistogramQuantileButNotItsLabels() {
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.95, sum by (le, operation)"
                                        + " (rate(iam_operator_aws_call_seconds_bucket[5m])))"))
                .containsExactly("iam_operator_aws_call_seconds_bucket");
    }

    @Test
    void findsBothSidesOfABinaryOperationWithAnAggregationWrittenAfterItsArgument() {
        assertThat(
                        PromQl.metricNames(
                                "sum(rate(a_sum[1m])) by (operation) / ignoring(x)"
                                        + " sum(rate(a_count[1m])) by (operation) > bool 0.5"))
                .containsExactly("a_sum", "a_count");
    }

    @Test
    void findsABareSelectorAndIgnoresStringsThatLookLikeMetrics() {
        assertThat(PromQl.metricNames("up{job=\"not_a_metric\"} == 0 or absent(other_metric)"))
                .containsExactly("up", "other_metric");
    }

    @Test
    void readsTheMetricOfAGrafanaLabelValuesQuery() {
        assertThat(PromQl.metricNamesOfVariableQuery("label_values(iam_operator_x{a=\"b\"}, job)"))
                .containsExactly("iam_operator_x");
    }
}
