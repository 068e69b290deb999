package dev.operator.iam.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The spec fields whose AWS state differs from the spec, named as in the spec ({@code
 * policyDocument}, {@code tags}). Produced by a kind's pure diff, consumed by its update and
 * written to {@code status.drift}.
 */
public record Drift(List<String> fields) {

    public static final Drift NONE = new Drift(List.of());

    public Drift {
        fields = List.copyOf(fields);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public boolean has(String field) {
        return fields.contains(field);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects differing fields in the order they are checked. */
    public static final class Builder {
        private final List<String> fields = new ArrayList<>();

        /** Adds {@code field} when {@code differs}. */
        public Builder check(String field, boolean differs) {
            if (differs) {
                fields.add(field);
            }
            return this;
        }

        public Drift build() {
            return fields.isEmpty() ? NONE : new Drift(fields);
        }
    }
}
