package dev.operator.iam.role;

import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.document.AwsDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ListRolesRequest;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.Tag;

/** Reads roles. Never changes AWS. */
@ApplicationScoped
public class RoleLookup {

    private final IamClient iam;
    private final AwsCalls calls;
    private final RolePolicyApi policies;

    public RoleLookup(IamClient iam, AwsCalls calls, RolePolicyApi policies) {
        this.iam = iam;
        this.calls = calls;
        this.policies = policies;
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
        String marker = null;
        do {
            ListRolesRequest request = ListRolesRequest.builder().marker(marker).build();
            ListRolesResponse page = calls.call("ListRoles", () -> iam.listRoles(request));
            Optional<String> found =
                    page.roles().stream()
                            .map(software.amazon.awssdk.services.iam.model.Role::roleName)
                            .filter(n -> n.equalsIgnoreCase(name))
                            .findFirst();
            if (found.isPresent()) {
                return byName(found.get());
            }
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        return Optional.empty();
    }

    static ObservedRole toObserved(
            software.amazon.awssdk.services.iam.model.Role r,
            java.util.List<String> attached,
            Map<String, String> inline) {
        Map<String, String> tags =
                r.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
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
