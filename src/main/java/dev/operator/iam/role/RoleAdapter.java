package dev.operator.iam.role;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.Reason;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.aws.IamArn;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.config.OperatorConfig;
import dev.operator.iam.document.DocumentKind;
import dev.operator.iam.document.PolicyDocumentValidator;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.EventRecorder;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.Ownership;
import dev.operator.iam.engine.Reference;
import dev.operator.iam.engine.SpecChecks;
import dev.operator.iam.engine.TagSync;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.principal.InlinePolicySet;
import dev.operator.iam.principal.ManagedPolicySet;
import dev.operator.iam.principal.PrincipalPolicyApi;
import dev.operator.iam.principal.PrincipalPolicyCalls;
import dev.operator.iam.principal.PrincipalPolicySync;
import dev.operator.iam.tenancy.TenancyFacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateRoleResponse;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesForRoleResponse;

/** The Role kind's side of the engine: every IAM call about roles. */
@ApplicationScoped
public class RoleAdapter implements IamAdapter<Role, ObservedRole> {

    public static final String KIND = "Role";

    /** Managed policy ARNs: AWS managed ({@code iam::aws:}) or of an account. */
    static final Pattern POLICY_ARN =
            Pattern.compile("arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/.+");

    /** Inline policy names (PutRolePolicy PolicyName). */
    private static final Pattern INLINE_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

    /** ServiceAccount names: DNS subdomains. */
    private static final Pattern SERVICE_ACCOUNT =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** Role names are shorter than other IAM names (CreateRole RoleName: 1-64). */
    static final int MAX_NAME = 64;

    private final IamClient iam;
    private final AwsCalls calls;
    private final RoleLookup lookup;
    private final PrincipalPolicyApi policies;
    private final EventRecorder events;
    private final String clusterId;
    private final String oidcProvider;

    public RoleAdapter(
            IamClient iam,
            AwsCalls calls,
            RoleLookup lookup,
            EventRecorder events,
            OperatorConfig config) {
        this.iam = iam;
        this.calls = calls;
        this.lookup = lookup;
        this.policies = PrincipalPolicyCalls.roles(iam, calls);
        this.events = events;
        this.clusterId = config.clusterId();
        this.oidcProvider = config.clusterOidcProviderArn().orElse(null);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<Role> resourceClass() {
        return Role.class;
    }

    @Override
    public List<String> operations() {
        return List.of(
                "GetRole",
                "ListRoles",
                "ListAttachedRolePolicies",
                "ListRolePolicies",
                "GetRolePolicy",
                "CreateRole",
                "UpdateRole",
                "UpdateAssumeRolePolicy",
                "PutRolePermissionsBoundary",
                "DeleteRolePermissionsBoundary",
                "AttachRolePolicy",
                "DetachRolePolicy",
                "PutRolePolicy",
                "DeleteRolePolicy",
                "TagRole",
                "UntagRole",
                "ListInstanceProfilesForRole",
                "GetInstanceProfile",
                "RemoveRoleFromInstanceProfile",
                "DeleteRole",
                "GetAccountAuthorizationDetails");
    }

    @Override
    public List<String> validate(Role role) {
        List<String> problems = problems(role);
        RoleSpec spec = role.getSpec();
        if (spec.forServiceAccounts()
                && spec.effectiveServiceAccountTrust().irsa()
                && oidcProvider == null) {
            problems.add(
                    "spec.serviceAccounts with IRSA needs the cluster's OIDC provider, and the"
                            + " operator is not given one (iam-operator.cluster-oidc-provider-arn):"
                            + " ask the platform team to set it, or set spec.serviceAccountTrust to"
                            + " PodIdentity");
        }
        return problems;
    }

    /**
     * The trust policy the role should have: {@code spec.assumeRolePolicyDocument}, or the one the
     * operator writes for {@code spec.serviceAccounts}.
     */
    public String desiredTrust(Role role) {
        RoleSpec spec = role.getSpec();
        if (!spec.forServiceAccounts()) {
            return spec.getAssumeRolePolicyDocument();
        }
        return ServiceAccountTrust.document(
                role.getMetadata().getNamespace(),
                spec.getServiceAccounts(),
                spec.effectiveServiceAccountTrust(),
                oidcProvider);
    }

    /** The checks of {@link #validate}, which need no AWS and no configuration. */
    public static List<String> problems(Role role) {
        RoleSpec spec = role.getSpec();
        List<String> problems = new ArrayList<>();
        String nameField = spec.getName() == null ? "metadata.name" : "spec.name";
        SpecChecks.name(nameField, role.awsName(), problems);
        if (role.awsName().length() > MAX_NAME) {
            problems.add(
                    nameField
                            + " is "
                            + role.awsName().length()
                            + " characters long; IAM role names have at most "
                            + MAX_NAME
                            + " (set spec.name to a shorter name)");
        }
        SpecChecks.path("spec.path", role.awsPath(), problems);
        SpecChecks.maxLength("spec.description", spec.getDescription(), 1000, problems);
        SpecChecks.tags(spec.getTags(), problems);
        boolean documentGiven =
                spec.getAssumeRolePolicyDocument() != null
                        && !spec.getAssumeRolePolicyDocument().isBlank();
        serviceAccountFields(spec, documentGiven, problems);
        if (!documentGiven) {
            if (!spec.forServiceAccounts()) {
                problems.add(
                        "spec.assumeRolePolicyDocument is required: give the trust policy (who may"
                                + " assume the role) as a JSON string, or spec.serviceAccounts for"
                                + " a role of this namespace's pods");
            }
        } else {
            problems.addAll(
                    PolicyDocumentValidator.validate(
                                    spec.getAssumeRolePolicyDocument(),
                                    DocumentKind.TRUST_POLICY,
                                    "spec.assumeRolePolicyDocument")
                            .problems());
        }
        int duration = spec.effectiveMaxSessionDuration();
        if (duration < RoleSpec.DEFAULT_MAX_SESSION_DURATION
                || duration > RoleSpec.MAX_MAX_SESSION_DURATION) {
            problems.add(
                    "spec.maxSessionDuration is "
                            + duration
                            + "; IAM allows 3600 (1 hour) to 43200 (12 hours) seconds");
        }
        String boundary = spec.effectivePermissionsBoundary();
        if (boundary != null && !POLICY_ARN.matcher(boundary).matches()) {
            problems.add(
                    "spec.permissionsBoundary \""
                            + boundary
                            + "\" is not a managed policy ARN (arn:aws:iam::<account>:policy/<name>"
                            + " or arn:aws:iam::aws:policy/<name>)");
        }
        policyFields(spec, problems);
        immutables(role, problems);
        return problems;
    }

    private static void serviceAccountFields(
            RoleSpec spec, boolean documentGiven, List<String> problems) {
        if (spec.getServiceAccounts() == null) {
            if (spec.getServiceAccountTrust() != null) {
                problems.add(
                        "spec.serviceAccountTrust applies only with spec.serviceAccounts: list the"
                                + " ServiceAccounts, or remove it");
            }
            return;
        }
        if (documentGiven) {
            problems.add(
                    "spec.serviceAccounts and spec.assumeRolePolicyDocument cannot both be given:"
                            + " the operator writes the trust policy for the ServiceAccounts;"
                            + " remove one of them");
        }
        List<String> names = spec.getServiceAccounts();
        if (names.isEmpty()) {
            problems.add(
                    "spec.serviceAccounts is empty: list at least one ServiceAccount of this"
                            + " namespace, or remove it and give spec.assumeRolePolicyDocument");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.length() > 253 || !SERVICE_ACCOUNT.matcher(name).matches()) {
                problems.add(
                        "spec.serviceAccounts["
                                + i
                                + "] \""
                                + name
                                + "\" is not a ServiceAccount name (lower-case letters, digits,"
                                + " '-' and '.', starting and ending with a letter or digit)");
            } else if (!seen.add(name)) {
                problems.add(
                        "spec.serviceAccounts[" + i + "] \"" + name + "\" appears more than once");
            }
        }
    }

    private static void policyFields(RoleSpec spec, List<String> problems) {
        List<String> arns = spec.getPolicies();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < arns.size(); i++) {
            String arn = arns.get(i);
            if (arn == null || !POLICY_ARN.matcher(arn).matches()) {
                problems.add(
                        "spec.policies["
                                + i
                                + "] \""
                                + arn
                                + "\" is not a managed policy ARN (arn:aws:iam::<account>:policy/"
                                + "<path><name> or arn:aws:iam::aws:policy/<name>); to attach a"
                                + " Policy object, use spec.policyRefs");
            } else if (!seen.add(arn)) {
                problems.add("spec.policies[" + i + "] \"" + arn + "\" appears more than once");
            }
        }
        List<ResourceReference> refs = spec.getPolicyRefs();
        for (int i = 0; i < refs.size(); i++) {
            ResourceReference ref = refs.get(i);
            if (ref == null || ref.name() == null || ref.name().isBlank()) {
                problems.add(
                        "spec.policyRefs["
                                + i
                                + "] has no from.name: write {from: {name: <Policy object>}}");
            }
        }
        spec.getInlinePolicies()
                .forEach(
                        (name, document) -> {
                            String field = "spec.inlinePolicies[" + name + "]";
                            if (name == null || !INLINE_NAME.matcher(name).matches()) {
                                problems.add(
                                        field
                                                + ": \""
                                                + name
                                                + "\" is not a valid policy name: use 1-128"
                                                + " letters, digits and +=,.@_-");
                            }
                            if (document == null || document.isBlank()) {
                                problems.add(field + " is empty: give the policy document as JSON");
                            } else {
                                problems.addAll(
                                        PolicyDocumentValidator.validate(
                                                        document,
                                                        DocumentKind.IDENTITY_POLICY,
                                                        field)
                                                .problems());
                            }
                        });
    }

    /**
     * Name and path cannot change in IAM; the ARN in status says what they were. Role names are
     * case-insensitive, so a role adopted under another spelling still matches.
     */
    private static void immutables(Role role, List<String> problems) {
        RoleStatus status = role.getStatus();
        if (status == null || status.getArn() == null) {
            return;
        }
        String arn = status.getArn();
        Optional<IamArn> parsed = IamArn.parse(arn).filter(a -> a.resourceType().equals("role"));
        if (parsed.isEmpty()) {
            return;
        }
        String recordedPath = parsed.get().path();
        String recordedName = parsed.get().name();
        if (!recordedName.equalsIgnoreCase(role.awsName())) {
            problems.add(
                    "spec.name is immutable: this object manages "
                            + arn
                            + "; set it back to "
                            + recordedName
                            + ", or create a new object for a new role");
        }
        if (!recordedPath.equals(role.awsPath())) {
            problems.add(
                    "spec.path is immutable: this object manages "
                            + arn
                            + " at path "
                            + recordedPath
                            + "; set spec.path to "
                            + recordedPath
                            + ", or create a new object for a new role");
        }
    }

    @Override
    public List<Class<? extends ManagedResource<?, ?>>> referenceTargets() {
        return List.of(Policy.class);
    }

    @Override
    public List<Reference> references(Role role) {
        return role.getSpec().policyReferences();
    }

    @Override
    public TenancyFacts tenancyFacts(Role role) {
        RoleSpec spec = role.getSpec();
        return new TenancyFacts(
                        KIND,
                        role.awsName(),
                        true,
                        blankToNull(spec.getPath()),
                        true,
                        blankToNull(spec.getPermissionsBoundary()),
                        spec.getPolicies() == null ? List.of() : spec.getPolicies(),
                        List.of(),
                        List.of())
                .withPermissionDocuments(spec.inlinePolicyDocuments())
                .withTrustPolicy(tenancyTrust(role));
    }

    /**
     * The trust policy the tenancy rules check; for {@code serviceAccounts} the one the operator
     * writes, so that it is held to the same rules. Null when there is none to check yet (no
     * document, or IRSA without a provider: validation refuses both).
     */
    private String tenancyTrust(Role role) {
        RoleSpec spec = role.getSpec();
        if (spec.forServiceAccounts()
                && spec.effectiveServiceAccountTrust().irsa()
                && oidcProvider == null) {
            return null;
        }
        String trust = desiredTrust(role);
        return trust == null || trust.isBlank() ? null : trust;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String naturalKey(Role role) {
        return role.awsName();
    }

    @Override
    public Optional<ObservedRole> observe(Role role) {
        return lookup.byName(role.awsName());
    }

    @Override
    public Optional<ObservedRole> observeRecorded(Role role) {
        return lookup.byName(role.status().recordedNameOrIntentKey());
    }

    @Override
    public Optional<ObservedRole> observeConflicting(Role role) {
        Optional<ObservedRole> exact = observe(role);
        return exact.isPresent() ? exact : lookup.byNameIgnoringCase(role.awsName());
    }

    /**
     * CreateRole with the ownership tags, then the policies: the role matches the whole spec when
     * this returns. If an attach fails after CreateRole, the next reconcile finds the role by its
     * tags and completes it.
     */
    @Override
    public ObservedRole create(Role role, Map<String, String> tags) {
        RoleSpec spec = role.getSpec();
        String trust = desiredTrust(role);
        CreateRoleResponse r =
                calls.call(
                        "CreateRole",
                        () ->
                                iam.createRole(
                                        b ->
                                                b.roleName(role.awsName())
                                                        .path(role.awsPath())
                                                        .description(spec.getDescription())
                                                        .assumeRolePolicyDocument(trust)
                                                        .maxSessionDuration(
                                                                spec.effectiveMaxSessionDuration())
                                                        .permissionsBoundary(
                                                                spec.effectivePermissionsBoundary())
                                                        .tags(AwsTags.of(tags))));
        software.amazon.awssdk.services.iam.model.Role created = r.role();
        ObservedRole bare =
                new ObservedRole(
                        created.arn(),
                        created.roleId(),
                        created.roleName(),
                        created.path(),
                        spec.effectiveDescription(),
                        trust,
                        spec.effectiveMaxSessionDuration(),
                        spec.effectivePermissionsBoundary(),
                        List.of(),
                        Map.of(),
                        tags,
                        created.createDate());
        lookup.wrote(bare);
        // Managed and inline policies: the engine applies them through diff and update.
        return bare;
    }

    @Override
    public Drift diff(Role role, ObservedRole observed, Map<String, String> desiredTags) {
        return RoleDiff.diff(
                role.getSpec(),
                desiredTrust(role),
                role.getSpec().desiredPolicyArns(role.resolvedReferences()),
                desiredTags,
                observed);
    }

    @Override
    public ObservedRole update(
            Role role, ObservedRole observed, Drift drift, Map<String, String> desiredTags) {
        RoleSpec spec = role.getSpec();
        String name = observed.name();
        String trust = observed.trustPolicy();
        String description = observed.description();
        int duration = observed.maxSessionDuration();
        String boundary = observed.permissionsBoundary();
        List<String> attached = observed.attachedPolicies();
        Map<String, String> inline = observed.inlinePolicies();
        Map<String, String> tags = observed.tags();

        if (drift.has(RoleDiff.ASSUME_ROLE_POLICY_DOCUMENT)) {
            String desired = desiredTrust(role);
            calls.call(
                    "UpdateAssumeRolePolicy",
                    () ->
                            iam.updateAssumeRolePolicy(
                                    b -> b.roleName(name).policyDocument(desired)));
            trust = desired;
        }
        if (drift.has(RoleDiff.DESCRIPTION) || drift.has(RoleDiff.MAX_SESSION_DURATION)) {
            calls.call(
                    "UpdateRole",
                    () ->
                            iam.updateRole(
                                    b ->
                                            b.roleName(name)
                                                    .description(spec.effectiveDescription())
                                                    .maxSessionDuration(
                                                            spec.effectiveMaxSessionDuration())));
            description = spec.effectiveDescription();
            duration = spec.effectiveMaxSessionDuration();
        }
        if (drift.has(RoleDiff.PERMISSIONS_BOUNDARY)) {
            boundary = spec.effectivePermissionsBoundary();
            setBoundary(name, boundary);
        }
        if (drift.has(RoleDiff.POLICIES) || drift.has(RoleDiff.INLINE_POLICIES)) {
            List<String> desiredArns = spec.desiredPolicyArns(role.resolvedReferences());
            applyPolicies(
                    name,
                    ManagedPolicySet.diff(desiredArns, attached),
                    InlinePolicySet.diff(spec.getInlinePolicies(), inline));
            attached = desiredArns;
            inline = spec.getInlinePolicies();
        }
        if (drift.has(RoleDiff.TAGS)) {
            TagSync.apply(
                    desiredTags,
                    observed.tags(),
                    toSet ->
                            calls.call(
                                    "TagRole",
                                    () ->
                                            iam.tagRole(
                                                    b -> b.roleName(name).tags(AwsTags.of(toSet)))),
                    toRemove ->
                            calls.call(
                                    "UntagRole",
                                    () -> iam.untagRole(b -> b.roleName(name).tagKeys(toRemove))));
            tags = desiredTags;
        }
        ObservedRole updated =
                observed.with(description, trust, duration, boundary, attached, inline, tags);
        if (drift.has(RoleDiff.DESCRIPTION) || drift.has(RoleDiff.MAX_SESSION_DURATION)) {
            lookup.wrote(updated);
        }
        return updated;
    }

    private void setBoundary(String role, String boundary) {
        if (boundary != null) {
            calls.call(
                    "PutRolePermissionsBoundary",
                    () ->
                            iam.putRolePermissionsBoundary(
                                    b -> b.roleName(role).permissionsBoundary(boundary)));
            return;
        }
        try {
            calls.call(
                    "DeleteRolePermissionsBoundary",
                    () -> iam.deleteRolePermissionsBoundary(b -> b.roleName(role)));
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.NOT_FOUND)) {
                throw e;
            }
        }
    }

    /**
     * Detaches and deletes first, then attaches and puts. IAM's quota of managed policies per role
     * (10 by default) and a policy that does not exist get a message saying what to do.
     */
    private void applyPolicies(String role, ManagedPolicySet managed, InlinePolicySet inline) {
        try {
            PrincipalPolicySync.apply(policies, role, managed, inline);
        } catch (AwsException e) {
            if (!"AttachRolePolicy".equals(e.operation())) {
                throw e;
            }
            String aws = awsText(e);
            if (e.is(AwsErrorKind.LIMIT_EXCEEDED)) {
                throw new AwsException(
                        e.kind(),
                        e.operation(),
                        e.errorCode(),
                        "role "
                                + role
                                + " would have more managed policies than IAM's quota allows (10"
                                + " per role by default): remove entries from spec.policies or"
                                + " spec.policyRefs, or raise the quota \"Managed policies per"
                                + " role\" in Service Quotas; retrying with backoff (IAM: "
                                + aws
                                + ")",
                        e);
            }
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                throw new AwsException(
                        e.kind(),
                        e.operation(),
                        e.errorCode(),
                        "a policy in spec.policies does not exist in AWS: fix its ARN, or create"
                                + " it; retrying with backoff (IAM: "
                                + aws
                                + ")",
                        e);
            }
            throw e;
        }
    }

    /** IAM's own words, without the "Operation failed: Code: " prefix the message starts with. */
    private static String awsText(AwsException e) {
        String prefix =
                e.operation() + " failed: " + (e.errorCode() == null ? "" : e.errorCode() + ": ");
        String m = e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /**
     * Strips the role of its policies and instance profiles, then deletes it. Only ever called for
     * a role we own (the engine checks). Removing the role from an instance profile we do not own
     * changes that profile, but it is exactly the relationship that must end for our role to be
     * deleted (IAM answers DeleteConflict otherwise), so it is done and reported as an Event.
     */
    @Override
    public void delete(Role role, ObservedRole observed) {
        String name = observed.name();
        PrincipalPolicySync.strip(policies, name);
        for (InstanceProfile profile : instanceProfilesOf(name)) {
            removeFromProfile(role, name, profile.instanceProfileName());
        }
        try {
            calls.call("DeleteRole", () -> iam.deleteRole(b -> b.roleName(name)));
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.NOT_FOUND)) {
                throw e;
            }
        }
    }

    private List<InstanceProfile> instanceProfilesOf(String role) {
        return Paging.all(
                        marker -> {
                            ListInstanceProfilesForRoleResponse r =
                                    calls.call(
                                            "ListInstanceProfilesForRole",
                                            () ->
                                                    iam.listInstanceProfilesForRole(
                                                            b -> b.roleName(role).marker(marker)));
                            return Paging.Page.of(
                                    r.instanceProfiles(), r.isTruncated(), r.marker());
                        })
                .toList();
    }

    private void removeFromProfile(Role role, String roleName, String profileName) {
        Optional<Map<String, String>> profileTags = instanceProfileTags(profileName);
        if (profileTags.isEmpty()) {
            return;
        }
        boolean ours = clusterId.equals(profileTags.get().get(Ownership.CLUSTER));
        try {
            calls.call(
                    "RemoveRoleFromInstanceProfile",
                    () ->
                            iam.removeRoleFromInstanceProfile(
                                    b -> b.instanceProfileName(profileName).roleName(roleName)));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return;
            }
            throw e;
        }
        if (!ours) {
            events.warning(
                    role,
                    Reason.Deleting,
                    "removed role "
                            + roleName
                            + " from instance profile "
                            + profileName
                            + ", which this operator does not own: IAM deletes a role only once"
                            + " no instance profile holds it. The instance profile itself was left"
                            + " in place, now without a role");
        }
    }

    /** The profile's tags (GetInstanceProfile), empty when the profile is gone. */
    private Optional<Map<String, String>> instanceProfileTags(String profileName) {
        try {
            InstanceProfile p =
                    calls.call(
                                    "GetInstanceProfile",
                                    () ->
                                            iam.getInstanceProfile(
                                                    b -> b.instanceProfileName(profileName)))
                            .instanceProfile();
            return Optional.of(AwsTags.toMap(p.tags()));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void recordStatus(Role role, ObservedRole observed) {
        RoleStatus s = role.getStatus();
        s.setPath(observed.path());
        s.setCreateDate(observed.createDate() == null ? null : observed.createDate().toString());
        s.setAttachedPolicyCount(observed.attachedPolicies().size());
    }
}
