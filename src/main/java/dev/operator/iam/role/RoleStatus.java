package dev.operator.iam.role;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamStatus;

/** Observed state of a role: the common status plus IAM's read-only role facts. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class RoleStatus extends IamStatus {

    @JsonPropertyDescription("IAM path of the role, as AWS reports it (part of its ARN).")
    private String path;

    @JsonPropertyDescription("When AWS created the role (RFC 3339).")
    private String createDate;

    @JsonPropertyDescription(
            "Number of managed policies attached to the role at the last observation (IAM's"
                    + " default quota is 10 per role).")
    private Integer attachedPolicyCount;

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getCreateDate() {
        return createDate;
    }

    public void setCreateDate(String createDate) {
        this.createDate = createDate;
    }

    public Integer getAttachedPolicyCount() {
        return attachedPolicyCount;
    }

    public void setAttachedPolicyCount(Integer attachedPolicyCount) {
        this.attachedPolicyCount = attachedPolicyCount;
    }
}
