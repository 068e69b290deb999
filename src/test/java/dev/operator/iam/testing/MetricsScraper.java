package dev.operator.iam.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads series from the operator's own {@code /q/metrics}, as Prometheus would. */
public final class MetricsScraper {

    private MetricsScraper() {}

    public static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The sum of the series that carry these labels (and maybe others: the {@code account} label of
     * the AWS call metrics, when a test does not care which account); fails when there is none.
     */
    public static double value(String name, Map<String, String> labels) {
        return value(scrape(), name, labels);
    }

    public static double value(String exposition, String name, Map<String, String> labels) {
        Pattern line =
                Pattern.compile(
                        "^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(exposition);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            if (parseLabels(m.group(1)).entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no series " + name + labels + " in /q/metrics");
        }
        return sum;
    }

    static Map<String, String> parseLabels(String text) {
        Matcher m = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
        Map<String, String> labels = new java.util.HashMap<>();
        while (m.find()) {
            labels.put(m.group(1), m.group(2));
        }
        return labels.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
