package dev.operator.iam.tenancy;

import java.util.List;

/**
 * What the tenancy rules look at in one object, as its kind's adapter states it; read from the spec
 * and annotations only, never from AWS.
 *
 * @param kind the Kind's name ({@code Role})
 * @param awsName the name in AWS
 * @param hasPath whether the kind lives at an IAM path (policies, roles, users, groups, instance
 *     profiles); OpenID Connect providers and service-linked roles do not
 * @param explicitPath {@code spec.path} when the object gives one; null when it takes the tenant's
 * @param takesBoundary whether the kind takes a permissions boundary (roles and users)
 * @param permissionsBoundary {@code spec.permissionsBoundary} when given
 * @param managedPolicyArns managed policy ARNs named directly ({@code spec.policies})
 * @param roleNames roles named directly by AWS name (an instance profile's {@code role})
 * @param groupNames groups named directly by AWS name (a user's {@code groups})
 */
public record TenancyFacts(
        String kind,
        String awsName,
        boolean hasPath,
        String explicitPath,
        boolean takesBoundary,
        String permissionsBoundary,
        List<String> managedPolicyArns,
        List<String> roleNames,
        List<String> groupNames) {

    /** A kind with none of the fields the rules read beyond its kind and name. */
    public static TenancyFacts of(String kind, String awsName) {
        return new TenancyFacts(
                kind, awsName, false, null, false, null, List.of(), List.of(), List.of());
    }
}
