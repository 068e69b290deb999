package dev.operator.iam.role;

import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.document.AwsDocuments;
import dev.operator.iam.principal.PrincipalPolicyApi;
import dev.operator.iam.principal.PrincipalPolicyCalls;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;

/** Reads roles. Never changes AWS. */
@ApplicationScoped
public class RoleLookup {

    private final IamClient iam;
    private final AwsCalls calls;
    private final PrincipalPolicyApi policies;

    public RoleLookup(IamClient iam, AwsCalls calls) {
        this.iam = iam;
        this.calls = calls;
        this.policies = PrincipalPolicyCalls.roles(iam, calls);
    }

    /**
     * {@code GetRole}, then the role's attached and inline policies; empty on NoSuchEntity (also
     * when the role disappears between the calls).
     */
    public Optional<ObservedRole> byName(String name) {
        software.amazon.awssdk.services.iam.model.Role role;
        try {
            role = calls.call("GetRole", () -> iam.getRole(b -> b.roleName(name))).role();
            return Optional.of(
                    toObserved(
                            role,
                            policies.attachedPolicyArns(role.roleName()),
                            policies.inlinePolicies(role.roleName())));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The role whose name equals {@code name} ignoring case, wherever its path: what makes
     * CreateRole fail with EntityAlreadyExists when {@link #byName} finds nothing. Pages through
     * {@code ListRoles}; only used after such a conflict or a refusal.
     */
    public Optional<ObservedRole> byNameIgnoringCase(String name) {
        return Paging.all(
                        marker -> {
                            ListRolesResponse r =
                                    calls.call(
                                            "ListRoles",
                                            () -> iam.listRoles(b -> b.marker(marker)));
                            return Paging.Page.of(r.roles(), r.isTruncated(), r.marker());
                        })
                .map(software.amazon.awssdk.services.iam.model.Role::roleName)
                .filter(n -> n.equalsIgnoreCase(name))
                .findFirst()
                .flatMap(this::byName);
    }

    static ObservedRole toObserved(
            software.amazon.awssdk.services.iam.model.Role r,
            java.util.List<String> attached,
            Map<String, String> inline) {
        Map<String, String> tags = AwsTags.toMap(r.tags());
        return new ObservedRole(
                r.arn(),
                r.roleId(),
                r.roleName(),
                r.path(),
                r.description(),
                r.assumeRolePolicyDocument() == null
                        ? null
                        : AwsDocuments.decodeFromAws(r.assumeRolePolicyDocument()),
                r.maxSessionDuration() == null
                        ? RoleSpec.DEFAULT_MAX_SESSION_DURATION
                        : r.maxSessionDuration(),
                r.permissionsBoundary() == null
                        ? null
                        : r.permissionsBoundary().permissionsBoundaryArn(),
                attached,
                inline,
                tags,
                r.createDate());
    }
}
