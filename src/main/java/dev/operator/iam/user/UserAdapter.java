package dev.operator.iam.user;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.aws.AccountSnapshot;
import dev.operator.iam.aws.AccountSnapshots;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.document.AwsDocuments;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.Reference;
import dev.operator.iam.engine.SpecChecks;
import dev.operator.iam.engine.TagSync;
import dev.operator.iam.group.Group;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.principal.InlinePolicySet;
import dev.operator.iam.principal.ManagedPolicySet;
import dev.operator.iam.principal.PrincipalPolicyApi;
import dev.operator.iam.principal.PrincipalPolicyCalls;
import dev.operator.iam.principal.PrincipalPolicyChecks;
import dev.operator.iam.principal.PrincipalPolicySync;
import dev.operator.iam.tenancy.TenancyFacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.ListGroupsForUserResponse;
import software.amazon.awssdk.services.iam.model.ListUserTagsResponse;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.UserDetail;

/**
 * The User kind's side of the engine: every IAM call about users. Ownership tags travel in the
 * CreateUser call. Credentials (access keys, login profile, MFA devices, ...) are never created or
 * deleted: a user that holds some cannot be deleted, and the user is told what to remove.
 */
@ApplicationScoped
public class UserAdapter implements IamAdapter<User, ObservedUser> {

    public static final String KIND = "User";

    /** IAM user names are at most 64 characters (CreateUser API reference). */
    static final int MAX_NAME_LENGTH = 64;

    private final IamClient iam;
    private final AwsCalls calls;
    private final PrincipalPolicyApi policies;

    private final AccountSnapshots snapshots;

    public UserAdapter(IamClient iam, AwsCalls calls, AccountSnapshots snapshots) {
        this.iam = iam;
        this.calls = calls;
        this.policies = PrincipalPolicyCalls.users(iam, calls);
        this.snapshots = snapshots;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<User> resourceClass() {
        return User.class;
    }

    @Override
    public List<String> operations() {
        return List.of(
                "GetUser",
                "ListUsers",
                "CreateUser",
                "DeleteUser",
                "ListUserTags",
                "TagUser",
                "UntagUser",
                "PutUserPermissionsBoundary",
                "DeleteUserPermissionsBoundary",
                "ListAttachedUserPolicies",
                "AttachUserPolicy",
                "DetachUserPolicy",
                "ListUserPolicies",
                "GetUserPolicy",
                "PutUserPolicy",
                "DeleteUserPolicy",
                "ListGroupsForUser",
                "AddUserToGroup",
                "RemoveUserFromGroup",
                "GetAccountAuthorizationDetails");
    }

    @Override
    public List<String> validate(User user) {
        UserSpec spec = user.getSpec();
        List<String> problems = new ArrayList<>();
        String nameField = spec.getName() == null ? "metadata.name" : "spec.name";
        SpecChecks.name(nameField, user.awsName(), problems);
        SpecChecks.maxLength(nameField, user.awsName(), MAX_NAME_LENGTH, problems);
        SpecChecks.path("spec.path", user.awsPath(), problems);
        String boundary = spec.effectivePermissionsBoundary();
        if (boundary != null && !PrincipalPolicyChecks.POLICY_ARN.matcher(boundary).matches()) {
            problems.add(
                    "spec.permissionsBoundary \""
                            + boundary
                            + "\" is not a managed policy ARN: write"
                            + " arn:aws:iam::<account-id>:policy/<name>, or leave it empty for no"
                            + " boundary");
        }
        PrincipalPolicyChecks.check(spec, problems);
        groups(spec.getGroups(), problems);
        PrincipalPolicyChecks.references("spec.groupRefs", spec.getGroupRefs(), problems);
        SpecChecks.tags(spec.getTags(), problems);
        immutables(user, problems);
        return problems;
    }

    private static void groups(List<String> groups, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            String g = groups.get(i);
            SpecChecks.name("spec.groups[" + i + "]", g, problems);
            if (g != null && !seen.add(g.toLowerCase(Locale.ROOT))) {
                problems.add(
                        "spec.groups["
                                + i
                                + "] \""
                                + g
                                + "\" appears more than once (group names ignore case)");
            }
        }
    }

    /** Name and path are immutable here; status remembers the ARN they made. */
    private static void immutables(User user, List<String> problems) {
        UserStatus status = user.getStatus();
        if (status == null || status.getArn() == null) {
            return;
        }
        String suffix = ":user" + user.awsPath() + user.awsName();
        if (!status.getArn().toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT))) {
            problems.add(
                    "spec.name and spec.path are immutable: this object manages "
                            + status.getArn()
                            + "; set them back, or create a new object for a new user");
        }
    }

    @Override
    public List<Class<? extends ManagedResource<?, ?>>> referenceTargets() {
        return List.of(Policy.class, Group.class);
    }

    @Override
    public List<Reference> references(User user) {
        List<Reference> refs = new ArrayList<>(user.getSpec().policyReferences());
        List<ResourceReference> groupRefs =
                user.getSpec().getGroupRefs() == null ? List.of() : user.getSpec().getGroupRefs();
        for (int i = 0; i < groupRefs.size(); i++) {
            if (groupRefs.get(i) != null) {
                refs.add(
                        new Reference(
                                "Group", groupRefs.get(i).name(), "spec.groupRefs[" + i + "]"));
            }
        }
        return refs;
    }

    @Override
    public TenancyFacts tenancyFacts(User user) {
        UserSpec spec = user.getSpec();
        return new TenancyFacts(
                        KIND,
                        user.awsName(),
                        true,
                        blankToNull(spec.getPath()),
                        true,
                        blankToNull(spec.getPermissionsBoundary()),
                        spec.getPolicies() == null ? List.of() : spec.getPolicies(),
                        List.of(),
                        spec.getGroups() == null ? List.of() : spec.getGroups())
                .withPermissionDocuments(spec.inlinePolicyDocuments());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String naturalKey(User user) {
        return user.awsName();
    }

    @Override
    public Optional<ObservedUser> observe(User user) {
        return byName(user.awsName());
    }

    @Override
    public Optional<ObservedUser> observeRecorded(User user) {
        return byName(user.status().recordedNameOrIntentKey());
    }

    /** The user whose name equals ours ignoring case, found by paging through ListUsers. */
    @Override
    public Optional<ObservedUser> observeConflicting(User user) {
        Optional<ObservedUser> exact = observe(user);
        if (exact.isPresent()) {
            return exact;
        }
        String name = user.awsName();
        return Paging.all(
                        marker -> {
                            ListUsersResponse r =
                                    calls.call(
                                            "ListUsers",
                                            () -> iam.listUsers(b -> b.marker(marker)));
                            return Paging.Page.of(r.users(), r.isTruncated(), r.marker());
                        })
                .map(software.amazon.awssdk.services.iam.model.User::userName)
                .filter(n -> n.equalsIgnoreCase(name))
                .findFirst()
                .flatMap(this::byName);
    }

    /**
     * From the account snapshot when it can tell (a UserDetail holds everything observed of a user:
     * boundary, policies, groups, tags), else read on its own.
     */
    private Optional<ObservedUser> byName(String name) {
        Optional<AccountSnapshot> snapshot = snapshots.forResync(EntityType.USER);
        if (snapshot.isPresent()) {
            Optional<Optional<ObservedUser>> answered =
                    snapshots.answer(KIND, snapshot.get().user(name), UserAdapter::fromSnapshot);
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        snapshots.observed(KIND, false);
        return read(name);
    }

    private static ObservedUser fromSnapshot(UserDetail d) {
        Map<String, String> inline = new LinkedHashMap<>();
        d.userPolicyList()
                .forEach(
                        p ->
                                inline.put(
                                        p.policyName(),
                                        AwsDocuments.decodeFromAws(p.policyDocument())));
        return new ObservedUser(
                d.arn(),
                d.userId(),
                d.userName(),
                d.path(),
                d.createDate(),
                d.permissionsBoundary() == null
                        ? null
                        : d.permissionsBoundary().permissionsBoundaryArn(),
                d.attachedManagedPolicies().stream().map(p -> p.policyArn()).toList(),
                inline,
                d.groupList(),
                AwsTags.toMap(d.tags()));
    }

    /** GetUser, then the user's policies, groups and tags. */
    private Optional<ObservedUser> read(String name) {
        software.amazon.awssdk.services.iam.model.User u;
        try {
            u = calls.call("GetUser", () -> iam.getUser(b -> b.userName(name))).user();
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
        String actual = u.userName();
        return Optional.of(
                new ObservedUser(
                        u.arn(),
                        u.userId(),
                        actual,
                        u.path(),
                        u.createDate(),
                        u.permissionsBoundary() == null
                                ? null
                                : u.permissionsBoundary().permissionsBoundaryArn(),
                        policies.attachedPolicyArns(actual),
                        policies.inlinePolicies(actual),
                        groupsOf(actual),
                        tagsOf(actual)));
    }

    /** Every page of ListUserTags (GetUser's own Tags are not returned by every IAM emulator). */
    private Map<String, String> tagsOf(String user) {
        return AwsTags.toMap(
                Paging.all(
                                marker -> {
                                    ListUserTagsResponse r =
                                            calls.call(
                                                    "ListUserTags",
                                                    () ->
                                                            iam.listUserTags(
                                                                    b ->
                                                                            b.userName(user)
                                                                                    .marker(
                                                                                            marker)));
                                    return Paging.Page.of(r.tags(), r.isTruncated(), r.marker());
                                })
                        .toList());
    }

    private List<String> groupsOf(String user) {
        return Paging.all(
                        marker -> {
                            ListGroupsForUserResponse r =
                                    calls.call(
                                            "ListGroupsForUser",
                                            () ->
                                                    iam.listGroupsForUser(
                                                            b -> b.userName(user).marker(marker)));
                            return Paging.Page.of(r.groups(), r.isTruncated(), r.marker());
                        })
                .map(software.amazon.awssdk.services.iam.model.Group::groupName)
                .toList();
    }

    /**
     * CreateUser with the ownership tags and the permissions boundary in the same call, then the
     * policies and group memberships, which IAM cannot take in the create call. The tags prove
     * ownership, so if one of these later steps fails the retry recovers the user and completes
     * them.
     */
    @Override
    public ObservedUser create(User user, Map<String, String> tags) {
        UserSpec spec = user.getSpec();
        String boundary = spec.effectivePermissionsBoundary();
        software.amazon.awssdk.services.iam.model.User u =
                calls.call(
                                "CreateUser",
                                () ->
                                        iam.createUser(
                                                b ->
                                                        b.userName(user.awsName())
                                                                .path(user.awsPath())
                                                                .permissionsBoundary(boundary)
                                                                .tags(AwsTags.of(tags))))
                        .user();
        ObservedUser created =
                new ObservedUser(
                        u.arn(),
                        u.userId(),
                        u.userName(),
                        u.path(),
                        u.createDate(),
                        boundary,
                        List.of(),
                        Map.of(),
                        List.of(),
                        tags);
        // Policies and memberships: the engine applies them through diff and update.
        return created;
    }

    @Override
    public Drift diff(User user, ObservedUser observed, Map<String, String> desiredTags) {
        return UserDiff.diff(desired(user, desiredTags), observed);
    }

    @Override
    public ObservedUser update(
            User user, ObservedUser observed, Drift drift, Map<String, String> desiredTags) {
        UserDiff.Desired desired = desired(user, desiredTags);
        String name = observed.name();
        if (drift.has(UserDiff.PERMISSIONS_BOUNDARY)) {
            if (desired.permissionsBoundary() == null) {
                ignoringNotFound(
                        () ->
                                calls.call(
                                        "DeleteUserPermissionsBoundary",
                                        () ->
                                                iam.deleteUserPermissionsBoundary(
                                                        b -> b.userName(name))));
            } else {
                calls.call(
                        "PutUserPermissionsBoundary",
                        () ->
                                iam.putUserPermissionsBoundary(
                                        b ->
                                                b.userName(name)
                                                        .permissionsBoundary(
                                                                desired.permissionsBoundary())));
            }
        }
        if (drift.has(UserDiff.POLICIES) || drift.has(UserDiff.INLINE_POLICIES)) {
            PrincipalPolicySync.apply(
                    policies,
                    name,
                    ManagedPolicySet.diff(desired.policyArns(), observed.attachedPolicyArns()),
                    InlinePolicySet.diff(desired.inlinePolicies(), observed.inlinePolicies()));
        }
        if (drift.has(UserDiff.GROUPS)) {
            GroupMembership membership = GroupMembership.diff(desired.groups(), observed.groups());
            for (String group : membership.toRemove()) {
                removeFromGroup(name, group);
            }
            for (String group : membership.toAdd()) {
                calls.touched(AccountSnapshots.groupMembersKey(group));
                calls.call(
                        "AddUserToGroup",
                        () -> iam.addUserToGroup(b -> b.userName(name).groupName(group)));
                calls.touched(AccountSnapshots.groupMembersKey(group));
            }
        }
        if (drift.has(UserDiff.TAGS)) {
            TagSync.apply(
                    desired.tags(),
                    observed.tags(),
                    toSet ->
                            calls.call(
                                    "TagUser",
                                    () ->
                                            iam.tagUser(
                                                    b -> b.userName(name).tags(AwsTags.of(toSet)))),
                    toRemove ->
                            calls.call(
                                    "UntagUser",
                                    () -> iam.untagUser(b -> b.userName(name).tagKeys(toRemove))));
        }
        return new ObservedUser(
                observed.arn(),
                observed.id(),
                name,
                observed.path(),
                observed.createDate(),
                desired.permissionsBoundary(),
                desired.policyArns(),
                desired.inlinePolicies(),
                drift.has(UserDiff.GROUPS) ? desired.groups() : observed.groups(),
                desired.tags());
    }

    /**
     * Policies and group memberships first (IAM refuses to delete a user that has any; they belong
     * to this user's spec, so leaving a group we do not own is fine), then the user. Credentials
     * made outside the operator are never deleted: IAM's DeleteConflict is turned into a message
     * that names them.
     */
    @Override
    public void delete(User user, ObservedUser observed) {
        String name = observed.name();
        PrincipalPolicySync.strip(policies, name);
        for (String group : groupsOf(name)) {
            removeFromGroup(name, group);
        }
        try {
            calls.call("DeleteUser", () -> iam.deleteUser(b -> b.userName(name)));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return;
            }
            if (e.is(AwsErrorKind.DELETE_CONFLICT)) {
                throw new AwsException(
                        AwsErrorKind.DELETE_CONFLICT,
                        e.operation(),
                        e.errorCode(),
                        "user "
                                + name
                                + " still holds something the operator did not create (IAM"
                                + " says: "
                                + e.getMessage()
                                + "). The operator never deletes credentials: remove the user's"
                                + " access keys, login profile (console password), MFA devices,"
                                + " SSH public keys, signing certificates and service-specific"
                                + " credentials, and deletion completes by itself",
                        e);
            }
            throw e;
        }
    }

    private void removeFromGroup(String user, String group) {
        calls.touched(AccountSnapshots.groupMembersKey(group));
        ignoringNotFound(
                () ->
                        calls.call(
                                "RemoveUserFromGroup",
                                () ->
                                        iam.removeUserFromGroup(
                                                b -> b.userName(user).groupName(group))));
        calls.touched(AccountSnapshots.groupMembersKey(group));
    }

    @Override
    public void recordStatus(User user, ObservedUser observed) {
        user.getStatus().setGroups(new ArrayList<>(observed.groups()));
    }

    private static UserDiff.Desired desired(User user, Map<String, String> desiredTags) {
        UserSpec spec = user.getSpec();
        List<String> groups = new ArrayList<>(spec.getGroups());
        for (ResourceReference ref : spec.getGroupRefs()) {
            groups.add(user.resolvedReferences().awsName("Group", ref.name()));
        }
        return new UserDiff.Desired(
                spec.effectivePermissionsBoundary(),
                spec.desiredPolicyArns(user.resolvedReferences()),
                spec.getInlinePolicies(),
                groups,
                desiredTags);
    }

    private static void ignoringNotFound(Runnable call) {
        try {
            call.run();
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.NOT_FOUND)) {
                throw e;
            }
        }
    }
}
