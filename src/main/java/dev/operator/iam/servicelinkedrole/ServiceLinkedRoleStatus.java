package dev.operator.iam.servicelinkedrole;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamStatus;

/** Observed state of a service-linked role: the common status plus the deletion in progress. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ServiceLinkedRoleStatus extends IamStatus {

    @JsonPropertyDescription(
            "Description the role has in AWS at the last observation (the service's default when"
                    + " spec.description is empty).")
    private String description;

    @JsonPropertyDescription(
            "DeletionTaskId of the deletion IAM is running for this role"
                    + " (DeleteServiceLinkedRole). The operator polls it with"
                    + " GetServiceLinkedRoleDeletionStatus, also after a restart, until it"
                    + " succeeds; a failed task is reported and a new one started later.")
    private String deletionTaskId;

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getDeletionTaskId() {
        return deletionTaskId;
    }

    public void setDeletionTaskId(String deletionTaskId) {
        this.deletionTaskId = deletionTaskId;
    }
}
