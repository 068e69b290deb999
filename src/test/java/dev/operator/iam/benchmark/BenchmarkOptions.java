package dev.operator.iam.benchmark;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The benchmark's parameters, from system properties ({@code -D} on the Maven command line). Every
 * one has a default; {@value #PRESET}{@code =memory} changes the defaults to 5,000 objects on a
 * budget high enough to create them in a few minutes (explicit properties still win).
 *
 * @param policies Policy objects to create ({@value #POLICIES}, default 1000; memory: 2500)
 * @param roles Role objects to create ({@value #ROLES}, default 1000; memory: 2500)
 * @param rate the operator's {@code iam-operator.aws.max-calls-per-second} ({@value #RATE}, default
 *     10; memory: 150)
 * @param burst the operator's {@code iam-operator.aws.burst} ({@value #BURST}, default 10)
 * @param bucketRate the emulator's token bucket, IAM calls per second ({@value #BUCKET_RATE},
 *     default 20; memory: 300)
 * @param bucketBurst the emulator's bucket capacity ({@value #BUCKET_BURST}, default: its rate)
 * @param latency added to every emulator answer ({@value #LATENCY}, default 30ms)
 * @param resync the operator's {@code iam-operator.resync-interval} ({@value #RESYNC}, default 30s)
 * @param jvmOptions the operator JVM's options, separated by spaces ({@value #JVM_OPTIONS}, default
 *     {@code -XX:+UseSerialGC}: the collector of a native executable)
 * @param restart whether to kill and restart the operator and time its re-observation ({@value
 *     #RESTART}, default true)
 * @param timeout upper bound for each wait ({@value #TIMEOUT}, default 60m)
 * @param userTimeout how long to wait for the user's new Role ({@value #USER_TIMEOUT}, default 5m);
 *     past it, the table says "not Ready within" and the run goes on
 */
record BenchmarkOptions(
        int policies,
        int roles,
        double rate,
        int burst,
        double bucketRate,
        int bucketBurst,
        Duration latency,
        Duration resync,
        List<String> jvmOptions,
        boolean restart,
        Duration timeout,
        Duration userTimeout) {

    static final String PRESET = "bench.preset";
    static final String POLICIES = "bench.policies";
    static final String ROLES = "bench.roles";
    static final String RATE = "bench.rate";
    static final String BURST = "bench.burst";
    static final String BUCKET_RATE = "bench.bucket-rate";
    static final String BUCKET_BURST = "bench.bucket-burst";
    static final String LATENCY = "bench.latency";
    static final String RESYNC = "bench.resync";
    static final String JVM_OPTIONS = "bench.jvm-options";
    static final String RESTART = "bench.restart";
    static final String TIMEOUT = "bench.timeout";
    static final String USER_TIMEOUT = "bench.user-timeout";

    BenchmarkOptions {
        if (policies < 0 || roles < 0 || policies + roles == 0) {
            throw new IllegalArgumentException(
                    "-D" + POLICIES + " and -D" + ROLES + " must not be negative, nor both 0");
        }
        if (!(rate > 0) || !(bucketRate > 0)) {
            throw new IllegalArgumentException(
                    "-D"
                            + RATE
                            + " and -D"
                            + BUCKET_RATE
                            + " must be more than 0 calls per second");
        }
        if (burst < 1 || bucketBurst < 1) {
            throw new IllegalArgumentException(
                    "-D" + BURST + " and -D" + BUCKET_BURST + " must be at least 1");
        }
        if (latency.isNegative() || resync.isNegative() || resync.isZero()) {
            throw new IllegalArgumentException(
                    "-D" + LATENCY + " must not be negative and -D" + RESYNC + " must be positive");
        }
        jvmOptions = List.copyOf(jvmOptions);
    }

    static BenchmarkOptions from(Properties properties) {
        String preset = properties.getProperty(PRESET, "default").trim().toLowerCase(Locale.ROOT);
        boolean memory =
                switch (preset) {
                    case "default" -> false;
                    case "memory" -> true;
                    default ->
                            throw new IllegalArgumentException(
                                    "-D" + PRESET + " must be default or memory, not " + preset);
                };
        double bucketRate = number(properties, BUCKET_RATE, memory ? 300 : 20);
        return new BenchmarkOptions(
                (int) number(properties, POLICIES, memory ? 2500 : 1000),
                (int) number(properties, ROLES, memory ? 2500 : 1000),
                number(properties, RATE, memory ? 150 : 10),
                (int) number(properties, BURST, 10),
                bucketRate,
                (int) number(properties, BUCKET_BURST, Math.max(1, Math.round(bucketRate))),
                duration(properties, LATENCY, "30ms"),
                duration(properties, RESYNC, "30s"),
                words(properties.getProperty(JVM_OPTIONS, "-XX:+UseSerialGC")),
                Boolean.parseBoolean(properties.getProperty(RESTART, "true").trim()),
                duration(properties, TIMEOUT, "60m"),
                duration(properties, USER_TIMEOUT, "5m"));
    }

    int objects() {
        return policies + roles;
    }

    /** The parameters as one line, for the report. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "%d Policies + %d Roles; operator budget %s calls/s (burst %d); emulator bucket %s"
                        + " calls/s (burst %d), latency %d ms; resync %d s; operator JVM: %s",
                policies,
                roles,
                plain(rate),
                burst,
                plain(bucketRate),
                bucketBurst,
                latency.toMillis(),
                resync.toSeconds(),
                String.join(" ", jvmOptions));
    }

    static String plain(double value) {
        return value == Math.rint(value)
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private static double number(Properties properties, String key, double fallback) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + key + " must be a number, not " + value, e);
        }
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m} or an ISO-8601 duration ({@code PT30S}). */
    static Duration duration(Properties properties, String key, String fallback) {
        String value = properties.getProperty(key, fallback).trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException(value);
            };
        } catch (NumberFormatException
                | DateTimeParseException
                | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(
                    "-D" + key + " must be a duration such as 30s, 500ms or 2m, not " + value, e);
        }
    }

    private static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        for (String word : value.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
