package dev.operator.iam.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.Tag;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired state of an IAM customer managed policy. Field names follow ACK's iam.services.k8s.aws
 * Policy.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class PolicySpec implements IamSpec {

    @Size(min = 1, max = 128)
    @Pattern("^[\\w+=,.@-]+$")
    @ValidationRule(
            value = "self == oldSelf",
            message =
                    "name is immutable: IAM cannot rename a policy; "
                            + "create a new object instead")
    @JsonPropertyDescription(
            "Name of the policy in AWS (CreatePolicy PolicyName): 1-128 letters, digits and"
                    + " +=,.@_-. Defaults to metadata.name. Unique per account, ignoring case."
                    + " Immutable.")
    private String name;

    @Size(min = 1, max = 512)
    @Pattern("^/([\\x21-\\x7E]*/)?$")
    @ValidationRule(
            value = "self == oldSelf",
            message =
                    "path is immutable: IAM cannot move a policy; " + "create a new object instead")
    @JsonPropertyDescription(
            "IAM path of the policy, part of its ARN, e.g. /team-a/. Default /. Immutable.")
    private String path;

    @Size(max = 1000)
    @ValidationRule(
            value = "self == oldSelf",
            message = "description is immutable: IAM sets it only when the " + "policy is created")
    @JsonPropertyDescription(
            "Description of the policy (CreatePolicy Description), at most 1000 characters. "
                    + "IAM cannot change it after creation, so it is immutable.")
    private String description;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription(
            "The policy document as a JSON string (Version, Statement with Effect, Action or"
                + " NotAction, Resource or NotResource). Compared with AWS semantically: key and"
                + " statement order, whitespace and single value vs one-element list do not count"
                + " as drift. A change creates a new default policy version; IAM keeps at most 5,"
                + " the oldest non-default is deleted first.")
    private String policyDocument;

    @Size(max = 46)
    @JsonPropertyDescription(
            "AWS tags of the policy, compared as a set. At most 46: IAM allows 50 and the operator"
                    + " adds its 4 iam.operator.dev/* ownership tags, which cannot be set here.")
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

    /**
     * The path IAM uses: {@code /} when none is given (the CRD default is not applied everywhere).
     */
    public String effectivePath() {
        return path == null || path.isEmpty() ? "/" : path;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getPolicyDocument() {
        return policyDocument;
    }

    public void setPolicyDocument(String policyDocument) {
        this.policyDocument = policyDocument;
    }

    @Override
    public List<Tag> getTags() {
        return tags;
    }

    public void setTags(List<Tag> tags) {
        this.tags = tags == null ? new ArrayList<>() : tags;
    }
}
