package dev.operator.iam.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads samples out of the Prometheus text format, as a scrape of {@code /q/metrics} returns it.
 */
public final class PrometheusText {

    /** {@code name{labels} value}, labels optional; timestamps are not used by Micrometer. */
    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");

    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusText() {}

    /**
     * The value of the sample with this name whose labels include {@code labels} (other labels,
     * such as Micrometer's common tags, may be present), or empty if there is none.
     */
    public static OptionalDouble value(String text, String name, Map<String, String> labels) {
        // Summed over every series that carries these labels: a series may be split further by a
        // label the caller does not name (the account of an IAM call).
        boolean found = false;
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (m.matches()
                    && m.group(1).equals(name)
                    && labelsOf(m.group(2)).entrySet().containsAll(labels.entrySet())) {
                found = true;
                sum += Double.parseDouble(m.group(3));
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** The sum of every sample with this name, whatever its labels; 0 when there is none. */
    public static double sum(String text, String name) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (!line.startsWith("#") && m.matches() && m.group(1).equals(name)) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    private static Map<String, String> labelsOf(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text != null) {
            Matcher m = LABEL.matcher(text);
            while (m.find()) {
                labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return labels;
    }
}
