package dev.operator.iam.tenancy;

import dev.operator.iam.tenancy.TenantPolicySpec.Adoption;
import java.util.List;
import java.util.Set;

/**
 * The rules of one TenantPolicy for one namespace, its templates ({@code {cluster}}, {@code
 * {namespace}}) already replaced.
 *
 * @param policyName the TenantPolicy's name, for messages
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
        int maxObjectsPerKind) {

    /** Whether an IAM path is the tenant's path or below it (IAM paths are case-sensitive). */
    public boolean withinPath(String iamPath) {
        return iamPath != null && iamPath.startsWith(path);
    }
}
