package dev.operator.iam.group;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamStatus;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a group: the common status plus its members as IAM reports them. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class GroupStatus extends IamStatus {

    @JsonPropertyDescription(
            "Names of the IAM users in the group at the last observation (members are managed by"
                    + " each User's spec.groups / spec.groupRefs, not here).")
    private List<String> members = new ArrayList<>();

    public List<String> getMembers() {
        return members;
    }

    public void setMembers(List<String> members) {
        this.members = members == null ? new ArrayList<>() : members;
    }
}
