package dev.operator.iam.instanceprofile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamStatus;

/** Observed state of an instance profile: the common status plus the role it holds. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class InstanceProfileStatus extends IamStatus {

    @JsonPropertyDescription(
            "Name of the role the instance profile held at the last observation; empty when none.")
    private String roleName;

    @JsonPropertyDescription("IAM path of the instance profile, as AWS reports it.")
    private String path;

    @JsonPropertyDescription("When AWS created the instance profile (RFC 3339).")
    private String createDate;

    public String getRoleName() {
        return roleName;
    }

    public void setRoleName(String roleName) {
        this.roleName = roleName;
    }

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
}
