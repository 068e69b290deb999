package dev.operator.iam.tenancy;

import dev.operator.iam.tenancy.TenantPolicySpec.Adoption;
import java.util.List;
import java.util.Set;

/**
 * The rules of one TenantPolicy for one namespace, its templates ({@code {cluster}}, {@code
 * {namespace}}) already replaced.
 *
 * @param policyName the TenantPolicy's name, for messages
 * @param trustServices service principals trust policies may name ({@code trust.services})
 * @param trustAccounts accounts whose principals trust policies may name ({@code trust.accounts})
 * @param clusterOidcProvider the cluster's OIDC provider ARN, or null when the operator has none
 *     ({@code iam-operator.cluster-oidc-provider-arn})
 */
public record TenantRules(
        String policyName,
        String namespace,
        Set<String> kinds,
        String path,
        String namePrefix,
        String permissionsBoundary,
        Adoption adoption,
        List<String> managedPolicies,
        List<String> deniedActions,
        int maxObjectsPerKind,
        List<String> trustServices,
        List<String> trustAccounts,
        String clusterOidcProvider) {

    /** Whether an IAM path is the tenant's path or below it (IAM paths are case-sensitive). */
    public boolean withinPath(String iamPath) {
        return iamPath != null && iamPath.startsWith(path);
    }
}
