package dev.operator.iam.group;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.api.Tag;
import dev.operator.iam.principal.PrincipalPolicies;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired state of an IAM group. Field names follow ACK's iam.services.k8s.aws Group. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class GroupSpec implements IamSpec, PrincipalPolicies {

    @Size(min = 1, max = 128)
    @Pattern("^[\\w+=,.@-]+$")
    @ValidationRule(
            value = "self == oldSelf",
            message = "name is immutable: the operator does not rename groups; create a new object")
    @JsonPropertyDescription(
            "Name of the group in AWS (CreateGroup GroupName): 1-128 letters, digits and +=,.@_-."
                    + " Defaults to metadata.name. Unique per account, ignoring case. Immutable.")
    private String name;

    @Size(min = 1, max = 512)
    @Pattern("^/([\\x21-\\x7E]*/)?$")
    @ValidationRule(
            value = "self == oldSelf",
            message = "path is immutable: the operator does not move groups; create a new object")
    @JsonPropertyDescription(
            "IAM path of the group (CreateGroup Path), part of its ARN, e.g. /team-a/. Default /."
                    + " Immutable.")
    private String path;

    @JsonPropertyDescription(
            "ARNs of managed policies attached to the group (AttachGroupPolicy /"
                    + " DetachGroupPolicy), together with policyRefs compared as a set: a policy"
                    + " attached in AWS and listed in neither is detached. IAM allows 10 per group"
                    + " by default.")
    private List<String> policies = new ArrayList<>();

    @JsonPropertyDescription(
            "Policy objects of this namespace whose policies are attached to the group. The group"
                    + " waits (WaitingForReference) until each is Ready.")
    private List<ResourceReference> policyRefs = new ArrayList<>();

    @JsonPropertyDescription(
            "Inline policies of the group, name -> policy document as a JSON string"
                    + " (PutGroupPolicy / DeleteGroupPolicy). Compared semantically; an inline"
                    + " policy in AWS that is not listed here is deleted.")
    private Map<String, String> inlinePolicies = new LinkedHashMap<>();

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

    /** IAM groups take no tags; not a field of the CRD. */
    @JsonIgnore
    @Override
    public List<Tag> getTags() {
        return List.of();
    }

    @Override
    public List<String> getPolicies() {
        return policies;
    }

    public void setPolicies(List<String> policies) {
        this.policies = policies == null ? new ArrayList<>() : policies;
    }

    @Override
    public List<ResourceReference> getPolicyRefs() {
        return policyRefs;
    }

    public void setPolicyRefs(List<ResourceReference> policyRefs) {
        this.policyRefs = policyRefs == null ? new ArrayList<>() : policyRefs;
    }

    @Override
    public Map<String, String> getInlinePolicies() {
        return inlinePolicies;
    }

    public void setInlinePolicies(Map<String, String> inlinePolicies) {
        this.inlinePolicies = inlinePolicies == null ? new LinkedHashMap<>() : inlinePolicies;
    }
}
