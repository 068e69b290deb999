package dev.operator.iam.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The record, written to status before a Create call is sent, that this object is about to create
 * the AWS resource with this natural key. It is written only after observing that the resource does
 * not exist, so after a crash "intent plus an existing resource created after it" means the
 * resource is ours even where AWS takes no tags (IAM groups).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CreateIntent {

    @JsonPropertyDescription(
            "Natural key of the AWS resource about to be created (the policy ARN, or the name).")
    private String key;

    @JsonPropertyDescription("When the create call was about to be sent (RFC 3339).")
    private String requestedAt;

    public CreateIntent() {}

    public CreateIntent(String key, String requestedAt) {
        this.key = key;
        this.requestedAt = requestedAt;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getRequestedAt() {
        return requestedAt;
    }

    public void setRequestedAt(String requestedAt) {
        this.requestedAt = requestedAt;
    }
}
