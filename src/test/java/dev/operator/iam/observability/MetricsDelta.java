package dev.operator.iam.observability;

import dev.operator.iam.testing.MetricsScraper;
import java.util.HashMap;
import java.util.Map;

/**
 * One scrape of {@code /q/metrics}, to measure by how much series changed since. Other test classes
 * share the JVM and the operator, so tests assert changes, never absolute values.
 */
final class MetricsDelta {

    private final String before;

    private MetricsDelta(String before) {
        this.before = before;
    }

    static MetricsDelta start() {
        return new MetricsDelta(MetricsScraper.scrape());
    }

    /** How much the series changed from the first scrape to now; fails if it does not exist. */
    double of(String name, String... labels) {
        return in(MetricsScraper.scrape(), name, labels);
    }

    /** How much the series changed from the first scrape to the exposition {@code now}. */
    double in(String now, String name, String... labels) {
        Map<String, String> l = labels(labels);
        return MetricsScraper.value(now, name, l) - MetricsScraper.value(before, name, l);
    }

    static double now(String name, String... labels) {
        return MetricsScraper.value(name, labels(labels));
    }

    static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }
}
