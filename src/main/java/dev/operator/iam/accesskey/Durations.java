package dev.operator.iam.accesskey;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The durations of {@code spec.rotation}: {@code 2160h}, {@code 90d}, {@code 1h30m}, {@code 45s}
 * (Kubernetes' style, plus days), or ISO-8601 ({@code P90D}, {@code PT36H}).
 */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(?:\\d+[dhms])+");
    private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

    private Durations() {}

    /** Empty when {@code text} is not a duration of these forms. */
    static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(t));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (!SHORT.matcher(t).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total =
                    switch (m.group(2)) {
                        case "d" -> total.plusDays(n);
                        case "h" -> total.plusHours(n);
                        case "m" -> total.plusMinutes(n);
                        default -> total.plusSeconds(n);
                    };
        }
        return Optional.of(total);
    }
}
