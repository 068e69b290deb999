package dev.operator.iam.tenancy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** The rules of a TenantPolicy; every default is applied in code too (design.md, "Tenancy"). */
@JsonIgnoreProperties(ignoreUnknown = true)
public class TenantPolicySpec {

    public static final List<String> DEFAULT_KINDS = List.of("Policy", "Role");
    public static final String DEFAULT_PATH = "/{cluster}/{namespace}/";
    public static final List<String> DEFAULT_DENIED_ACTIONS =
            List.of("iam:*", "sts:*", "organizations:*", "account:*");
    public static final int DEFAULT_MAX_OBJECTS_PER_KIND = 100;

    /** How a tenant may take over existing AWS resources. */
    public enum Adoption {
        /** The adoption annotation is refused. */
        Never,
        /**
         * Only resources at the tenant's path that carry no other namespace's or cluster's tags.
         */
        WithinPath
    }

    @Required
    @JsonPropertyDescription(
            "Label selector on Namespaces: the namespaces whose objects these rules govern. {}"
                    + " selects every namespace.")
    private LabelSelector namespaceSelector;

    @Default("false")
    @JsonPropertyDescription(
            "None of the rules below apply: for the platform's own namespaces. Default false.")
    private Boolean privileged;

    @JsonPropertyDescription(
            "The kinds these namespaces may use (Policy, Role, User, Group, InstanceProfile,"
                    + " OpenIDConnectProvider, ServiceLinkedRole, AccessKey). Default [Policy,"
                    + " Role].")
    private List<String> kinds;

    @Default(DEFAULT_PATH)
    @JsonPropertyDescription(
            "Every IAM resource of these namespaces lives at this path or below it; {cluster} and"
                    + " {namespace} are replaced. An object that omits spec.path gets this one; an"
                    + " explicit path outside it is refused. Default /{cluster}/{namespace}/.")
    private String path;

    @JsonPropertyDescription(
            "AWS names must start with this prefix ({cluster} and {namespace} are replaced)."
                    + " Default: none.")
    private String namePrefix;

    @JsonPropertyDescription(
            "ARN of a managed policy: a Role or User that names no permissions boundary is"
                    + " created with this one, one that names another is refused, and its removal"
                    + " in AWS is drift that is reverted. Default: none.")
    private String permissionsBoundary;

    @Default("Never")
    @JsonPropertyDescription(
            "Never: the adoption-policy annotation is refused. WithinPath: only resources at the"
                    + " tenant's path that carry no other namespace's or cluster's tags may be"
                    + " adopted. Default Never.")
    private Adoption adoption;

    @JsonPropertyDescription(
            "ARN patterns (* matches any characters) of managed policies that spec.policies may"
                    + " name, besides the tenant's own policies (at its path). Default: none.")
    private List<String> managedPolicies = new ArrayList<>();

    @JsonPropertyDescription(
            "No Allow statement of a permissions document may grant an action matching one of"
                    + " these (IAM's wildcard and case rules). Default [iam:*, sts:*,"
                    + " organizations:*, account:*].")
    private List<String> deniedActions;

    @JsonPropertyDescription("Whom the trust policies of these namespaces' roles may name.")
    private Trust trust = new Trust();

    @Min(0)
    @Default("100")
    @JsonPropertyDescription("Objects of one kind in one namespace, at most. Default 100.")
    private Integer maxObjectsPerKind;

    @JsonPropertyDescription(
            "The AWS account these namespaces' IAM lives in. Default: the"
                    + " operator's own account.")
    private Aws aws;

    /** Whom trust policies may name besides the cluster's OIDC provider. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Trust {
        @JsonPropertyDescription(
                "Service principals (ec2.amazonaws.com, ...) trust policies may name.")
        private List<String> services = new ArrayList<>();

        @JsonPropertyDescription("AWS account ids whose principals trust policies may name.")
        private List<String> accounts = new ArrayList<>();

        public List<String> getServices() {
            return services;
        }

        public void setServices(List<String> services) {
            this.services = services == null ? new ArrayList<>() : services;
        }

        public List<String> getAccounts() {
            return accounts;
        }

        public void setAccounts(List<String> accounts) {
            this.accounts = accounts == null ? new ArrayList<>() : accounts;
        }
    }

    /** The account of these namespaces (design.md, "Many AWS accounts"). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Aws {
        @JsonPropertyDescription("Role the operator assumes to manage IAM in that account.")
        private String roleArn;

        @JsonPropertyDescription("External id required by that role's trust policy, if any.")
        private String externalId;

        public String getRoleArn() {
            return roleArn;
        }

        public void setRoleArn(String roleArn) {
            this.roleArn = roleArn;
        }

        public String getExternalId() {
            return externalId;
        }

        public void setExternalId(String externalId) {
            this.externalId = externalId;
        }
    }

    public LabelSelector getNamespaceSelector() {
        return namespaceSelector;
    }

    public void setNamespaceSelector(LabelSelector namespaceSelector) {
        this.namespaceSelector = namespaceSelector;
    }

    public Boolean getPrivileged() {
        return privileged;
    }

    public void setPrivileged(Boolean privileged) {
        this.privileged = privileged;
    }

    public boolean privileged() {
        return Boolean.TRUE.equals(privileged);
    }

    public List<String> getKinds() {
        return kinds;
    }

    public void setKinds(List<String> kinds) {
        this.kinds = kinds;
    }

    public List<String> effectiveKinds() {
        return kinds == null ? DEFAULT_KINDS : kinds;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String effectivePath() {
        return path == null || path.isEmpty() ? DEFAULT_PATH : path;
    }

    public String getNamePrefix() {
        return namePrefix;
    }

    public void setNamePrefix(String namePrefix) {
        this.namePrefix = namePrefix;
    }

    public String getPermissionsBoundary() {
        return permissionsBoundary;
    }

    public void setPermissionsBoundary(String permissionsBoundary) {
        this.permissionsBoundary = permissionsBoundary;
    }

    public Adoption getAdoption() {
        return adoption;
    }

    public void setAdoption(Adoption adoption) {
        this.adoption = adoption;
    }

    public Adoption effectiveAdoption() {
        return adoption == null ? Adoption.Never : adoption;
    }

    public List<String> getManagedPolicies() {
        return managedPolicies;
    }

    public void setManagedPolicies(List<String> managedPolicies) {
        this.managedPolicies = managedPolicies == null ? new ArrayList<>() : managedPolicies;
    }

    public List<String> getDeniedActions() {
        return deniedActions;
    }

    public void setDeniedActions(List<String> deniedActions) {
        this.deniedActions = deniedActions;
    }

    public List<String> effectiveDeniedActions() {
        return deniedActions == null ? DEFAULT_DENIED_ACTIONS : deniedActions;
    }

    public Trust getTrust() {
        return trust;
    }

    public void setTrust(Trust trust) {
        this.trust = trust == null ? new Trust() : trust;
    }

    public Integer getMaxObjectsPerKind() {
        return maxObjectsPerKind;
    }

    public void setMaxObjectsPerKind(Integer maxObjectsPerKind) {
        this.maxObjectsPerKind = maxObjectsPerKind;
    }

    public int effectiveMaxObjectsPerKind() {
        return maxObjectsPerKind == null ? DEFAULT_MAX_OBJECTS_PER_KIND : maxObjectsPerKind;
    }

    public Aws getAws() {
        return aws;
    }

    public void setAws(Aws aws) {
        this.aws = aws;
    }
}
