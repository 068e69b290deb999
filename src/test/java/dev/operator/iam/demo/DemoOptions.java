package dev.operator.iam.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the sandbox was asked to do, from system properties ({@code -D} on the Maven command line)
 * and the environment.
 *
 * <ul>
 *   <li>{@value #DIR}: files and directories to apply, separated by commas (default {@code
 *       examples/}); giving them turns the tour off unless {@value #TOUR}{@code =true}.
 *   <li>{@value #TOUR}: tell the story (crash, refusal and adoption, drift, tenancy) before
 *       serving; default {@code true} without {@value #DIR}.
 *   <li>Every {@code IAM_OPERATOR_*} environment variable and every {@code -Diam-operator.*}
 *       property reaches the operator (a property as the variable Quarkus reads it from: {@code
 *       iam-operator.resync-interval} as {@code IAM_OPERATOR_RESYNC_INTERVAL}); a property wins
 *       over a variable of the same name.
 * </ul>
 */
record DemoOptions(List<Path> files, boolean tour, Map<String, String> operatorSettings) {

    static final String DIR = "demo.dir";
    static final String TOUR = "demo.tour";
    private static final String PROPERTY_PREFIX = "iam-operator.";
    private static final String VARIABLE_PREFIX = "IAM_OPERATOR_";

    static DemoOptions from(Properties properties, Map<String, String> environment, Path examples) {
        String dir = properties.getProperty(DIR, "").trim();
        List<Path> files = new ArrayList<>();
        for (String part : dir.split(",")) {
            if (!part.isBlank()) {
                files.add(Path.of(part.trim()).toAbsolutePath().normalize());
            }
        }
        boolean tour =
                Boolean.parseBoolean(properties.getProperty(TOUR, String.valueOf(files.isEmpty())));
        if (files.isEmpty()) {
            files.add(examples);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        environment.forEach(
                (key, value) -> {
                    if (key.startsWith(VARIABLE_PREFIX)) {
                        settings.put(key, value);
                    }
                });
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(PROPERTY_PREFIX)) {
                settings.put(variableOf(key), properties.getProperty(key));
            }
        }
        return new DemoOptions(List.copyOf(files), tour, Map.copyOf(settings));
    }

    /** The environment variable Quarkus reads a property from (MicroProfile Config's rule). */
    static String variableOf(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * A duration as Quarkus reads one ({@code 5s}, {@code 500ms}, {@code 2m}, {@code 1h}, or ISO
     * 8601 {@code PT5S}); empty if it is neither.
     */
    static Optional<Duration> duration(String text) {
        Matcher m = SIMPLE_DURATION.matcher(text.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    return Optional.of(Duration.ofMillis(amount));
                case "m":
                    return Optional.of(Duration.ofMinutes(amount));
                case "h":
                    return Optional.of(Duration.ofHours(amount));
                case "d":
                    return Optional.of(Duration.ofDays(amount));
                default:
                    return Optional.of(Duration.ofSeconds(amount));
            }
        }
        try {
            return Optional.of(Duration.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");
}
