package dev.operator.iam.role;

import dev.operator.iam.aws.AccountSnapshot;
import dev.operator.iam.aws.AccountSnapshots;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.document.AwsDocuments;
import dev.operator.iam.principal.PrincipalPolicyApi;
import dev.operator.iam.principal.PrincipalPolicyCalls;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.RoleDetail;

/**
 * Reads roles. Never changes AWS. A resync is answered from the account snapshot ({@link
 * AccountSnapshots}): a RoleDetail holds the trust policy, attached and inline policies, boundary
 * and tags, but not the Description nor the MaxSessionDuration, which are read with {@code GetRole}
 * when this object first meets the role and then every {@code
 * iam-operator.unscanned-resync-interval}. A change a user asked for, and the first observation
 * after a write of this object's, read IAM: {@code GetRole} and the role's policies.
 */
@ApplicationScoped
public class RoleLookup {

    private final IamClient iam;
    private final AwsCalls calls;
    private final PrincipalPolicyApi policies;
    private final AccountSnapshots snapshots;

    public RoleLookup(IamClient iam, AwsCalls calls, AccountSnapshots snapshots) {
        this.iam = iam;
        this.calls = calls;
        this.policies = PrincipalPolicyCalls.roles(iam, calls);
        this.snapshots = snapshots;
    }

    /** What a RoleDetail leaves out of a role. */
    private record Unscanned(String description, int maxSessionDuration) {}

    /**
     * The object being reconciled has just set the role's Description and MaxSessionDuration
     * (CreateRole, UpdateRole): they are known without reading them, until due again at the slower
     * cadence.
     */
    public void wrote(ObservedRole role) {
        snapshots.complementRead(
                role.id(), new Unscanned(role.description(), role.maxSessionDuration()));
    }

    /**
     * The role from the account snapshot when the snapshot can tell, else {@link #read}; empty when
     * IAM has no such role.
     */
    public Optional<ObservedRole> byName(String name) {
        Optional<AccountSnapshot> snapshot = snapshots.forResync(EntityType.ROLE);
        if (snapshot.isPresent()) {
            AccountSnapshot.Lookup<RoleDetail> found = snapshot.get().role(name);
            switch (found.presence()) {
                case ABSENT -> {
                    snapshots.observed(RoleAdapter.KIND, true);
                    return Optional.empty();
                }
                case PRESENT -> {
                    Optional<ObservedRole> role = fromSnapshot(found.detail());
                    snapshots.observed(RoleAdapter.KIND, true);
                    return role;
                }
                case UNKNOWN -> {}
            }
        }
        Optional<ObservedRole> read = read(name);
        snapshots.observed(RoleAdapter.KIND, false);
        read.ifPresent(
                r ->
                        snapshots.complementRead(
                                r.id(), new Unscanned(r.description(), r.maxSessionDuration())));
        return read;
    }

    /**
     * A scanned role, with what the scan leaves out as last read (or read now: empty if the role is
     * gone by then).
     */
    private Optional<ObservedRole> fromSnapshot(RoleDetail d) {
        Unscanned unscanned;
        try {
            unscanned =
                    snapshots.complement(
                            d.roleId(),
                            Unscanned.class,
                            () -> {
                                var r =
                                        calls.call(
                                                        "GetRole",
                                                        () ->
                                                                iam.getRole(
                                                                        b ->
                                                                                b.roleName(
                                                                                        d
                                                                                                .roleName())))
                                                .role();
                                return new Unscanned(
                                        r.description(),
                                        r.maxSessionDuration() == null
                                                ? RoleSpec.DEFAULT_MAX_SESSION_DURATION
                                                : r.maxSessionDuration());
                            },
                            inSync ->
                                    inSync.spec() instanceof RoleSpec spec
                                            ? new Unscanned(
                                                    spec.effectiveDescription(),
                                                    spec.effectiveMaxSessionDuration())
                                            : null);
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
        Map<String, String> inline = new LinkedHashMap<>();
        d.rolePolicyList()
                .forEach(
                        p ->
                                inline.put(
                                        p.policyName(),
                                        AwsDocuments.decodeFromAws(p.policyDocument())));
        return Optional.of(
                new ObservedRole(
                        d.arn(),
                        d.roleId(),
                        d.roleName(),
                        d.path(),
                        unscanned.description(),
                        d.assumeRolePolicyDocument() == null
                                ? null
                                : AwsDocuments.decodeFromAws(d.assumeRolePolicyDocument()),
                        unscanned.maxSessionDuration(),
                        d.permissionsBoundary() == null
                                ? null
                                : d.permissionsBoundary().permissionsBoundaryArn(),
                        d.attachedManagedPolicies().stream().map(p -> p.policyArn()).toList(),
                        inline,
                        AwsTags.toMap(d.tags()),
                        d.createDate()));
    }

    /**
     * {@code GetRole}, then the role's attached and inline policies; empty on NoSuchEntity (also
     * when the role disappears between the calls).
     */
    private Optional<ObservedRole> read(String name) {
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
