package dev.operator.iam.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * A reference to another object of this API in the same namespace, in ACK's shape: {@code {from:
 * {name: x}}}. The referrer waits ({@code WaitingForReference}) until the target is Ready.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ResourceReference {

    @Required
    @JsonPropertyDescription("The object referred to, in this object's namespace.")
    private From from;

    public ResourceReference() {}

    public ResourceReference(String name) {
        this.from = new From(name);
    }

    public From getFrom() {
        return from;
    }

    public void setFrom(From from) {
        this.from = from;
    }

    /** The target's {@code metadata.name}, or {@code null} when the reference is incomplete. */
    public String name() {
        return from == null ? null : from.getName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceReference r && Objects.equals(name(), r.name());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name());
    }

    @Override
    public String toString() {
        return "{from: {name: " + name() + "}}";
    }

    /** The target of a reference. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class From {

        @Required
        @JsonPropertyDescription(
                "metadata.name of the target object; it must be in the same namespace.")
        private String name;

        public From() {}

        public From(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
