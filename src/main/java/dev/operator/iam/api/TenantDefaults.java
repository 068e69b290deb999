package dev.operator.iam.api;

/**
 * What the namespace's TenantPolicy gives an object that leaves a field out.
 *
 * @param path the IAM path of an object without {@code spec.path}
 * @param permissionsBoundary the boundary of a Role or User without one; null for none
 */
public record TenantDefaults(String path, String permissionsBoundary) {

    /** No TenantPolicy rules: IAM's own default path, no boundary. */
    public static final TenantDefaults NONE = new TenantDefaults("/", null);
}
