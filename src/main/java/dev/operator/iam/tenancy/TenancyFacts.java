package dev.operator.iam.tenancy;

import java.util.List;
import java.util.Map;

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
 * @param permissionDocuments the permissions documents the object sends to AWS, by the field that
 *     holds each ({@code spec.policyDocument}, {@code spec.inlinePolicies[s3]})
 * @param trustPolicy the trust policy the object sends to AWS (a Role's, as written or as the
 *     operator writes it for {@code spec.serviceAccounts}), or null
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
        List<String> groupNames,
        Map<String, String> permissionDocuments,
        String trustPolicy) {

    public TenancyFacts(
            String kind,
            String awsName,
            boolean hasPath,
            String explicitPath,
            boolean takesBoundary,
            String permissionsBoundary,
            List<String> managedPolicyArns,
            List<String> roleNames,
            List<String> groupNames) {
        this(
                kind,
                awsName,
                hasPath,
                explicitPath,
                takesBoundary,
                permissionsBoundary,
                managedPolicyArns,
                roleNames,
                groupNames,
                Map.of(),
                null);
    }

    /** These facts with the permissions documents the object sends. */
    public TenancyFacts withPermissionDocuments(Map<String, String> documents) {
        return new TenancyFacts(
                kind,
                awsName,
                hasPath,
                explicitPath,
                takesBoundary,
                permissionsBoundary,
                managedPolicyArns,
                roleNames,
                groupNames,
                documents,
                trustPolicy);
    }

    /** These facts with the trust policy the object sends. */
    public TenancyFacts withTrustPolicy(String document) {
        return new TenancyFacts(
                kind,
                awsName,
                hasPath,
                explicitPath,
                takesBoundary,
                permissionsBoundary,
                managedPolicyArns,
                roleNames,
                groupNames,
                permissionDocuments,
                document);
    }

    /** A kind with none of the fields the rules read beyond its kind and name. */
    public static TenancyFacts of(String kind, String awsName) {
        return new TenancyFacts(
                kind, awsName, false, null, false, null, List.of(), List.of(), List.of());
    }
}
