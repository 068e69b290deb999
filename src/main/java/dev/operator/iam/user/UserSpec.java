package dev.operator.iam.user;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.api.Tag;
import dev.operator.iam.api.TenantDefaults;
import dev.operator.iam.principal.PrincipalPolicies;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired state of an IAM user. Field names follow ACK's iam.services.k8s.aws User. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class UserSpec implements IamSpec, PrincipalPolicies {

    @Size(min = 1, max = 64)
    @Pattern("^[\\w+=,.@-]+$")
    @ValidationRule(
            value = "self == oldSelf",
            message = "name is immutable: the operator does not rename users; create a new object")
    @JsonPropertyDescription(
            "Name of the user in AWS (CreateUser UserName): 1-64 letters, digits and +=,.@_-."
                    + " Defaults to metadata.name. Unique per account, ignoring case. Immutable.")
    private String name;

    @Size(min = 1, max = 512)
    @Pattern("^/([\\x21-\\x7E]*/)?$")
    @ValidationRule(
            value = "self == oldSelf",
            message = "path is immutable: the operator does not move users; create a new object")
    @JsonPropertyDescription(
            "IAM path of the user (CreateUser Path), part of its ARN, e.g. /team-a/. Default /."
                    + " Immutable.")
    private String path;

    @Size(max = 2048)
    @JsonPropertyDescription(
            "ARN of the managed policy that sets the user's permissions boundary"
                    + " (PutUserPermissionsBoundary); removing it calls"
                    + " DeleteUserPermissionsBoundary. Empty: no boundary.")
    private String permissionsBoundary;

    /** The TenantPolicy's boundary, set for one reconcile; never serialised. */
    @JsonIgnore private transient String tenantBoundary;

    @JsonPropertyDescription(
            "ARNs of managed policies attached to the user (AttachUserPolicy / DetachUserPolicy),"
                    + " together with policyRefs compared as a set: a policy attached in AWS and"
                    + " listed in neither is detached. IAM allows 10 per user by default.")
    private List<String> policies = new ArrayList<>();

    @JsonPropertyDescription(
            "Policy objects of this namespace whose policies are attached to the user. The user"
                    + " waits (WaitingForReference) until each is Ready.")
    private List<ResourceReference> policyRefs = new ArrayList<>();

    @JsonPropertyDescription(
            "Inline policies of the user, name -> policy document as a JSON string"
                    + " (PutUserPolicy / DeleteUserPolicy). Compared semantically; an inline"
                    + " policy in AWS that is not listed here is deleted.")
    private Map<String, String> inlinePolicies = new LinkedHashMap<>();

    @JsonPropertyDescription(
            "Names of IAM groups the user is a member of (AddUserToGroup / RemoveUserFromGroup),"
                    + " together with groupRefs compared as a set, ignoring case: the user is"
                    + " removed from a group listed in neither. IAM allows 10 groups per user.")
    private List<String> groups = new ArrayList<>();

    @JsonPropertyDescription(
            "Group objects of this namespace the user is a member of. The user waits"
                    + " (WaitingForReference) until each is Ready.")
    private List<ResourceReference> groupRefs = new ArrayList<>();

    @Size(max = 46)
    @JsonPropertyDescription(
            "AWS tags of the user (TagUser / UntagUser), compared as a set. At most 46: IAM allows"
                    + " 50 and the operator adds its 4 iam.operator.dev/* ownership tags, which"
                    + " cannot be set here.")
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

    public String getPermissionsBoundary() {
        return permissionsBoundary;
    }

    public void setPermissionsBoundary(String permissionsBoundary) {
        this.permissionsBoundary = permissionsBoundary;
    }

    /** The boundary the user should have, {@code null} for none. */
    /**
     * The boundary the user should have: {@code permissionsBoundary}, else the one the namespace's
     * TenantPolicy sets (design.md, "Tenancy"), else none.
     */
    public String effectivePermissionsBoundary() {
        return permissionsBoundary == null || permissionsBoundary.isBlank()
                ? tenantBoundary
                : permissionsBoundary;
    }

    @Override
    public void applyTenantDefaults(TenantDefaults defaults) {
        this.tenantBoundary = defaults.permissionsBoundary();
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

    public List<String> getGroups() {
        return groups;
    }

    public void setGroups(List<String> groups) {
        this.groups = groups == null ? new ArrayList<>() : groups;
    }

    public List<ResourceReference> getGroupRefs() {
        return groupRefs;
    }

    public void setGroupRefs(List<ResourceReference> groupRefs) {
        this.groupRefs = groupRefs == null ? new ArrayList<>() : groupRefs;
    }

    @Override
    public List<Tag> getTags() {
        return tags;
    }

    public void setTags(List<Tag> tags) {
        this.tags = tags == null ? new ArrayList<>() : tags;
    }
}
