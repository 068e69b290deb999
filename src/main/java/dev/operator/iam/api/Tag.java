package dev.operator.iam.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One AWS tag, as ACK writes it: {@code {key, value}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class Tag {

    /** Tag key: 1–128 characters; the {@code aws:} prefix is reserved by AWS. */
    @Required
    @Size(min = 1, max = 128)
    @Pattern("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+$")
    @JsonPropertyDescription(
            "Tag key, 1-128 characters of letters, digits, spaces and _.:/=+-@. The aws: prefix is"
                + " reserved by AWS and the iam.operator.dev/ prefix by this operator (ownership"
                + " tags).")
    private String key;

    /** Tag value: 0–256 characters. */
    @Size(max = 256)
    @Pattern("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$")
    @JsonPropertyDescription("Tag value, 0-256 characters of letters, digits, spaces and _.:/=+-@.")
    private String value;

    public Tag() {}

    public Tag(String key, String value) {
        this.key = key;
        this.value = value;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tag t && Objects.equals(key, t.key) && Objects.equals(value, t.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, value);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
