package dev.operator.iam.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamStatus;

/** Observed state of a policy: the common status plus IAM's read-only policy facts. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class PolicyStatus extends IamStatus {

    @JsonPropertyDescription(
            "Id of the policy version that is the default (the one in force), e.g. v3.")
    private String defaultVersionId;

    @JsonPropertyDescription("Number of users, groups and roles the policy is attached to.")
    private Integer attachmentCount;

    @JsonPropertyDescription("Description the policy was created with; IAM cannot change it.")
    private String description;

    public String getDefaultVersionId() {
        return defaultVersionId;
    }

    public void setDefaultVersionId(String defaultVersionId) {
        this.defaultVersionId = defaultVersionId;
    }

    public Integer getAttachmentCount() {
        return attachmentCount;
    }

    public void setAttachmentCount(Integer attachmentCount) {
        this.attachmentCount = attachmentCount;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }
}
