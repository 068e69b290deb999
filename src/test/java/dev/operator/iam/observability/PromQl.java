package dev.operator.iam.observability;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL reading to tell which metrics a query names. */
final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> KEYWORDS =
            Set.of(
                    "by",
                    "without",
                    "on",
                    "ignoring",
                    "group_left",
                    "group_right",
                    "bool",
                    "offset",
                    "and",
                    "or",
                    "unless",
                    "atan2",
                    "Inf",
                    "NaN",
                    "inf",
                    "nan");
    private static final Pattern LABEL_VALUES =
            Pattern.compile(
                    "^\\s*label_values\\(\\s*(.*?)\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)\\s*$");

    private PromQl() {}

    /**
     * The metric names a PromQL expression selects: identifiers that are not functions,
     * aggregations, keywords, label names or template variables.
     */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = LABEL_LIST.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group();
            boolean variable = m.start() > 0 && s.charAt(m.start() - 1) == '$';
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (variable || number || KEYWORDS.contains(name) || calledAsFunction(s, m.end())) {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    /**
     * The metric names of a Grafana template-variable query: {@code label_values(metric, label)} or
     * a PromQL expression.
     */
    static Set<String> metricNamesOfVariableQuery(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        return labelValues.matches() ? metricNames(labelValues.group(1)) : metricNames(query);
    }

    private static boolean calledAsFunction(String s, int end) {
        int i = end;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i < s.length() && s.charAt(i) == '(';
    }
}
