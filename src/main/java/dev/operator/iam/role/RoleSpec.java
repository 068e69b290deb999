package dev.operator.iam.role;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.api.Tag;
import dev.operator.iam.api.TenantDefaults;
import dev.operator.iam.principal.PrincipalPolicies;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Desired state of an IAM role. Field names follow ACK's iam.services.k8s.aws Role, so moving from
 * ACK is mostly a change of apiVersion.
 */
@ValidationRule(
        value = "has(self.assumeRolePolicyDocument) != has(self.serviceAccounts)",
        message =
                "give either assumeRolePolicyDocument (a trust policy you write) or serviceAccounts"
                        + " (the operator writes the trust policy for them), exactly one")
@JsonIgnoreProperties(ignoreUnknown = true)
public class RoleSpec implements IamSpec, PrincipalPolicies {

    /** IAM's default and minimum session duration, in seconds (CreateRole MaxSessionDuration). */
    public static final int DEFAULT_MAX_SESSION_DURATION = 3600;

    /** IAM's maximum session duration: 12 hours. */
    public static final int MAX_MAX_SESSION_DURATION = 43200;

    @Size(min = 1, max = 64)
    @Pattern("^[\\w+=,.@-]+$")
    @ValidationRule(
            value = "self == oldSelf",
            message = "name is immutable: IAM cannot rename a role; create a new object instead")
    @JsonPropertyDescription(
            "Name of the role in AWS (CreateRole RoleName): 1-64 letters, digits and +=,.@_-."
                    + " Defaults to metadata.name. Unique per account, ignoring case. Immutable.")
    private String name;

    @Size(min = 1, max = 512)
    @Pattern("^/([\\x21-\\x7E]*/)?$")
    @ValidationRule(
            value = "self == oldSelf",
            message = "path is immutable: IAM cannot move a role; create a new object instead")
    @JsonPropertyDescription(
            "IAM path of the role, part of its ARN, e.g. /service-roles/. Default /. Immutable.")
    private String path;

    @Size(max = 1000)
    @JsonPropertyDescription(
            "Description of the role (CreateRole, then UpdateRole Description), at most 1000"
                    + " characters. Empty or omitted means no description.")
    private String description;

    @Size(min = 1)
    @JsonPropertyDescription(
            "The trust policy as a JSON string: who may assume the role (every statement names a"
                + " Principal and an Action such as sts:AssumeRole or"
                + " sts:AssumeRoleWithWebIdentity, and no Resource). Set by CreateRole, changed by"
                + " UpdateAssumeRolePolicy. Compared with AWS semantically: key and statement"
                + " order, whitespace and single value vs one-element list do not count as drift."
                + " Required unless serviceAccounts is given.")
    private String assumeRolePolicyDocument;

    @Size(min = 1, max = 20)
    @JsonPropertyDescription(
            "ServiceAccounts of this namespace whose pods get the role, instead of"
                + " assumeRolePolicyDocument: the operator writes the trust policy (IRSA through"
                + " the cluster's OIDC provider, limited to these ServiceAccounts, and/or EKS Pod"
                + " Identity limited to this namespace, per serviceAccountTrust) and, for IRSA,"
                + " annotates each ServiceAccount with eks.amazonaws.com/role-arn once the role"
                + " exists.")
    private List<String> serviceAccounts;

    @JsonPropertyDescription(
            "How the pods of serviceAccounts assume the role: IRSA (default: web identity through"
                + " the cluster's OIDC provider, iam-operator.cluster-oidc-provider-arn),"
                + " PodIdentity (EKS Pod Identity, pods.eks.amazonaws.com; the association is made"
                + " in EKS) or Both.")
    private ServiceAccountTrust.Method serviceAccountTrust;

    @Min(3600)
    @Max(43200)
    @JsonPropertyDescription(
            "Maximum session duration in seconds for sessions of this role, 3600 (1 hour, the"
                    + " default) to 43200 (12 hours). Set by CreateRole, changed by UpdateRole.")
    private Integer maxSessionDuration;

    @Pattern("^arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/.+$")
    @JsonPropertyDescription(
            "ARN of a managed policy used as the role's permissions boundary (the most the role's"
                + " own policies may grant). Set by PutRolePermissionsBoundary; removing it here"
                + " calls DeleteRolePermissionsBoundary.")
    private String permissionsBoundary;

    /** The TenantPolicy's boundary, set for one reconcile; never serialised. */
    @JsonIgnore private transient String tenantBoundary;

    @JsonPropertyDescription(
            "ARNs of managed policies to attach (AttachRolePolicy), AWS managed or customer"
                + " managed. Together with policyRefs this is the exact set attached: any other"
                + " managed policy found attached is detached (DetachRolePolicy). IAM allows 10 per"
                + " role by default.")
    private List<String> policies = new ArrayList<>();

    @JsonPropertyDescription(
            "Policy objects of this namespace whose policies to attach, as [{from: {name: x}}]."
                    + " The role waits (Ready=False, WaitingForReference) until each is Ready, then"
                    + " attaches it by the ARN in its status.")
    private List<ResourceReference> policyRefs = new ArrayList<>();

    @JsonPropertyDescription(
            "Inline policies embedded in the role: policy name (1-128 letters, digits and +=,.@_-)"
                + " to policy document as a JSON string (PutRolePolicy). Any other inline policy"
                + " found on the role is deleted (DeleteRolePolicy). Documents are compared"
                + " semantically.")
    private Map<String, String> inlinePolicies = new LinkedHashMap<>();

    @Size(max = 46)
    @JsonPropertyDescription(
            "AWS tags of the role, compared as a set (TagRole, UntagRole). At most 46: IAM allows"
                + " 50 and the operator adds its 4 iam.operator.dev/* ownership tags, which cannot"
                + " be set here.")
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

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    /** The description IAM should hold: empty when none is given. */
    public String effectiveDescription() {
        return description == null ? "" : description;
    }

    public String getAssumeRolePolicyDocument() {
        return assumeRolePolicyDocument;
    }

    public void setAssumeRolePolicyDocument(String assumeRolePolicyDocument) {
        this.assumeRolePolicyDocument = assumeRolePolicyDocument;
    }

    public List<String> getServiceAccounts() {
        return serviceAccounts;
    }

    public void setServiceAccounts(List<String> serviceAccounts) {
        this.serviceAccounts = serviceAccounts;
    }

    /** Whether the operator writes the trust policy for ServiceAccounts. */
    public boolean forServiceAccounts() {
        return serviceAccounts != null && !serviceAccounts.isEmpty();
    }

    public ServiceAccountTrust.Method getServiceAccountTrust() {
        return serviceAccountTrust;
    }

    public void setServiceAccountTrust(ServiceAccountTrust.Method serviceAccountTrust) {
        this.serviceAccountTrust = serviceAccountTrust;
    }

    /** How pods assume the role: IRSA when none is given. */
    public ServiceAccountTrust.Method effectiveServiceAccountTrust() {
        return serviceAccountTrust == null ? ServiceAccountTrust.Method.IRSA : serviceAccountTrust;
    }

    public Integer getMaxSessionDuration() {
        return maxSessionDuration;
    }

    public void setMaxSessionDuration(Integer maxSessionDuration) {
        this.maxSessionDuration = maxSessionDuration;
    }

    /** The session duration IAM should hold: 3600 when none is given (IAM's default). */
    public int effectiveMaxSessionDuration() {
        return maxSessionDuration == null ? DEFAULT_MAX_SESSION_DURATION : maxSessionDuration;
    }

    public String getPermissionsBoundary() {
        return permissionsBoundary;
    }

    public void setPermissionsBoundary(String permissionsBoundary) {
        this.permissionsBoundary = permissionsBoundary;
    }

    /** The boundary ARN, {@code null} when none is wanted (an empty string means none too). */
    /**
     * The boundary the role should have: {@code permissionsBoundary}, else the one the namespace's
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

    @Override
    public List<Tag> getTags() {
        return tags;
    }

    public void setTags(List<Tag> tags) {
        this.tags = tags == null ? new ArrayList<>() : tags;
    }
}
