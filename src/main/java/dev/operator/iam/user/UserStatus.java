package dev.operator.iam.user;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamStatus;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a user: the common status plus its group memberships as IAM reports them. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class UserStatus extends IamStatus {

    @JsonPropertyDescription(
            "Names of the IAM groups the user was a member of at the last observation.")
    private List<String> groups = new ArrayList<>();

    public List<String> getGroups() {
        return groups;
    }

    public void setGroups(List<String> groups) {
        this.groups = groups == null ? new ArrayList<>() : groups;
    }
}
