package dev.operator.iam.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The annotations a user sets on an object to say how the operator treats the AWS resource behind
 * it, parsed. An unknown value is an invalid spec, never silently read as the default.
 */
public record ResourcePolicies(
        Optional<Adoption> adoption,
        Deletion deletion,
        Management management,
        DriftHandling drift,
        boolean paused) {

    public static final String PREFIX = "iam.operator.dev/";
    public static final String ADOPTION_POLICY = PREFIX + "adoption-policy";
    public static final String DELETION_POLICY = PREFIX + "deletion-policy";
    public static final String MANAGEMENT_POLICY = PREFIX + "management-policy";
    public static final String DRIFT_POLICY = PREFIX + "drift-policy";
    public static final String PAUSED = PREFIX + "paused";

    /**
     * {@code adopt}: take over an existing resource, never create; {@code adopt-or-create}: create
     * when missing.
     */
    public enum Adoption implements Valued {
        ADOPT("adopt"),
        ADOPT_OR_CREATE("adopt-or-create");

        private final String value;

        Adoption(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }

    public enum Deletion implements Valued {
        DELETE("delete"),
        RETAIN("retain");

        private final String value;

        Deletion(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }

    public enum Management implements Valued {
        FULL("full"),
        OBSERVE("observe");

        private final String value;

        Management(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }

    public enum DriftHandling implements Valued {
        CORRECT("correct"),
        REPORT("report");

        private final String value;

        DriftHandling(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }

    /** An enum whose constants are spelled in annotations as {@link #value()}. */
    public interface Valued {
        String value();
    }

    /** Thrown for an annotation value that is not one of the allowed ones. */
    public static final class InvalidAnnotationException extends RuntimeException {
        InvalidAnnotationException(String message) {
            super(message);
        }
    }

    /**
     * Reads the policies of an object; throws {@link InvalidAnnotationException} naming the fix.
     */
    public static ResourcePolicies of(ManagedResource<?, ?> r) {
        return new ResourcePolicies(
                r.annotation(ADOPTION_POLICY)
                        .map(v -> parse(ADOPTION_POLICY, v, Adoption.values())),
                r.annotation(DELETION_POLICY)
                        .map(v -> parse(DELETION_POLICY, v, Deletion.values()))
                        .orElse(Deletion.DELETE),
                r.annotation(MANAGEMENT_POLICY)
                        .map(v -> parse(MANAGEMENT_POLICY, v, Management.values()))
                        .orElse(Management.FULL),
                r.annotation(DRIFT_POLICY)
                        .map(v -> parse(DRIFT_POLICY, v, DriftHandling.values()))
                        .orElse(DriftHandling.CORRECT),
                r.annotation(PAUSED).map(ResourcePolicies::parsePaused).orElse(false));
    }

    /**
     * Reads the paused annotation alone; it must work even when the other annotations are invalid.
     * Only {@code "true"} pauses; a value outside {@code true, false} does not, and {@link #of}
     * reports it as invalid (never read as the default).
     */
    public static boolean isPaused(ManagedResource<?, ?> r) {
        return r.annotation(PAUSED).map(v -> v.equalsIgnoreCase("true")).orElse(false);
    }

    /**
     * Why deleting the object leaves the AWS resource in place ({@code management-policy observe}
     * or {@code deletion-policy retain}), or empty when deleting it deletes the resource. Reads
     * only those two annotations, so that an invalid adoption or drift annotation never blocks a
     * deletion; an invalid value of either throws {@link InvalidAnnotationException}.
     */
    public static Optional<String> retainedOnDelete(ManagedResource<?, ?> r) {
        // A paused value outside true/false was probably meant to pause: deletion waits for it.
        r.annotation(PAUSED).ifPresent(ResourcePolicies::parsePaused);
        Management management =
                r.annotation(MANAGEMENT_POLICY)
                        .map(v -> parse(MANAGEMENT_POLICY, v, Management.values()))
                        .orElse(Management.FULL);
        Deletion deletion =
                r.annotation(DELETION_POLICY)
                        .map(v -> parse(DELETION_POLICY, v, Deletion.values()))
                        .orElse(Deletion.DELETE);
        if (management == Management.OBSERVE) {
            return Optional.of(MANAGEMENT_POLICY + " observe");
        }
        return deletion == Deletion.RETAIN
                ? Optional.of(DELETION_POLICY + " retain")
                : Optional.empty();
    }

    private static boolean parsePaused(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new InvalidAnnotationException(
                    "annotation " + PAUSED + " has value \"" + value + "\"; allowed: true, false");
        }
        return v.equals("true");
    }

    private static <E extends Valued> E parse(String annotation, String value, E[] allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(allowed)
                .filter(e -> e.value().equals(v))
                .findFirst()
                .orElseThrow(
                        () ->
                                new InvalidAnnotationException(
                                        "annotation "
                                                + annotation
                                                + " has value \""
                                                + value
                                                + "\"; allowed: "
                                                + Arrays.stream(allowed)
                                                        .map(Valued::value)
                                                        .collect(Collectors.joining(", "))));
    }

    public boolean observeOnly() {
        return management == Management.OBSERVE;
    }
}
