package dev.operator.iam.instanceprofile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.api.Tag;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired state of an IAM instance profile. Field names follow ACK's iam.services.k8s.aws
 * InstanceProfile.
 */
@ValidationRule(
        value = "!(has(self.role) && has(self.roleRef))",
        message = "set either role (a role name) or roleRef (a Role object), not both")
@JsonIgnoreProperties(ignoreUnknown = true)
public class InstanceProfileSpec implements IamSpec {

    @Size(min = 1, max = 128)
    @Pattern("^[\\w+=,.@-]+$")
    @ValidationRule(
            value = "self == oldSelf",
            message =
                    "name is immutable: IAM cannot rename an instance profile; create a new object"
                            + " instead")
    @JsonPropertyDescription(
            "Name of the instance profile in AWS (CreateInstanceProfile InstanceProfileName): 1-128"
                    + " letters, digits and +=,.@_-. Defaults to metadata.name. Unique per account,"
                    + " ignoring case. Immutable.")
    private String name;

    @Size(min = 1, max = 512)
    @Pattern("^/([\\x21-\\x7E]*/)?$")
    @ValidationRule(
            value = "self == oldSelf",
            message =
                    "path is immutable: IAM cannot move an instance profile; create a new object"
                            + " instead")
    @JsonPropertyDescription(
            "IAM path of the instance profile, part of its ARN, e.g. /ec2/. Default /. Immutable.")
    private String path;

    @Size(min = 1, max = 64)
    @Pattern("^[\\w+=,.@-]+$")
    @JsonPropertyDescription(
            "Name of the IAM role the instance profile holds (AddRoleToInstanceProfile). An"
                + " instance profile holds at most one role: a change removes the old role"
                + " (RemoveRoleFromInstanceProfile) and adds the new one; neither role nor roleRef"
                + " means no role. Mutually exclusive with roleRef.")
    private String role;

    @JsonPropertyDescription(
            "A Role object of this namespace whose role the instance profile holds, as {from:"
                + " {name: x}}. The instance profile waits (Ready=False, WaitingForReference) until"
                + " that Role is Ready. Mutually exclusive with role.")
    private ResourceReference roleRef;

    @Size(max = 46)
    @JsonPropertyDescription(
            "AWS tags of the instance profile, compared as a set (TagInstanceProfile,"
                + " UntagInstanceProfile). At most 46: IAM allows 50 and the operator adds its 4"
                + " iam.operator.dev/* ownership tags, which cannot be set here.")
    private List<Tag> tags = new ArrayList<>();

    @Override
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPath() {
        return path;
    }

    @Override
    public String declaredPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    /** The path IAM uses: {@code /} when none is given. */
    public String effectivePath() {
        return path == null || path.isEmpty() ? "/" : path;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public ResourceReference getRoleRef() {
        return roleRef;
    }

    public void setRoleRef(ResourceReference roleRef) {
        this.roleRef = roleRef;
    }

    @Override
    public List<Tag> getTags() {
        return tags;
    }

    public void setTags(List<Tag> tags) {
        this.tags = tags == null ? new ArrayList<>() : tags;
    }
}
