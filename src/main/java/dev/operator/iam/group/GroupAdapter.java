package dev.operator.iam.group;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.Reason;
import dev.operator.iam.aws.AccountSnapshot;
import dev.operator.iam.aws.AccountSnapshots;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.aws.WriteLog;
import dev.operator.iam.config.OperatorConfig;
import dev.operator.iam.document.AwsDocuments;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.EventRecorder;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.Ownership;
import dev.operator.iam.engine.Reference;
import dev.operator.iam.engine.SpecChecks;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.GroupDetail;
import software.amazon.awssdk.services.iam.model.ListGroupsResponse;
import software.amazon.awssdk.services.iam.model.ListUserTagsResponse;
import software.amazon.awssdk.services.iam.model.UserDetail;

/**
 * The Group kind's side of the engine: every IAM call about groups. IAM groups take no tags ({@link
 * #taggable()} is false), so the engine proves ownership by the create intent it records before
 * CreateGroup and by the GroupId recorded afterwards.
 */
@ApplicationScoped
public class GroupAdapter implements IamAdapter<Group, ObservedGroup> {

    public static final String KIND = "Group";

    private final IamClient iam;
    private final AwsCalls calls;
    private final PrincipalPolicyApi policies;
    private final EventRecorder events;
    private final String clusterId;

    private final AccountSnapshots snapshots;

    public GroupAdapter(
            IamClient iam,
            AwsCalls calls,
            EventRecorder events,
            OperatorConfig config,
            AccountSnapshots snapshots) {
        this.snapshots = snapshots;
        this.iam = iam;
        this.calls = calls;
        this.policies = PrincipalPolicyCalls.groups(iam, calls);
        this.events = events;
        this.clusterId = config.clusterId();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<Group> resourceClass() {
        return Group.class;
    }

    @Override
    public boolean taggable() {
        return false;
    }

    @Override
    public List<String> operations() {
        return List.of(
                "GetGroup",
                "ListGroups",
                "CreateGroup",
                "DeleteGroup",
                "ListAttachedGroupPolicies",
                "AttachGroupPolicy",
                "DetachGroupPolicy",
                "ListGroupPolicies",
                "GetGroupPolicy",
                "PutGroupPolicy",
                "DeleteGroupPolicy",
                "RemoveUserFromGroup",
                "ListUserTags",
                "GetAccountAuthorizationDetails");
    }

    @Override
    public List<String> validate(Group group) {
        GroupSpec spec = group.getSpec();
        List<String> problems = new ArrayList<>();
        SpecChecks.name(
                spec.getName() == null ? "metadata.name" : "spec.name", group.awsName(), problems);
        SpecChecks.path("spec.path", group.awsPath(), problems);
        PrincipalPolicyChecks.check(spec, problems);
        immutables(group, problems);
        return problems;
    }

    /** Name and path are immutable here; status remembers the ARN they made. */
    private static void immutables(Group group, List<String> problems) {
        GroupStatus status = group.getStatus();
        if (status == null || status.getArn() == null) {
            return;
        }
        String suffix = ":group" + group.awsPath() + group.awsName();
        // IAM names are case-insensitive: a group adopted as "Developers" is spec "developers".
        if (!status.getArn().toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT))) {
            problems.add(
                    "spec.name and spec.path are immutable: this object manages "
                            + status.getArn()
                            + "; set them back, or create a new object for a new group");
        }
    }

    @Override
    public List<Class<? extends ManagedResource<?, ?>>> referenceTargets() {
        return List.of(Policy.class);
    }

    @Override
    public List<Reference> references(Group group) {
        return group.getSpec().policyReferences();
    }

    @Override
    public TenancyFacts tenancyFacts(Group group) {
        GroupSpec spec = group.getSpec();
        return new TenancyFacts(
                        KIND,
                        group.awsName(),
                        true,
                        spec.getPath() == null || spec.getPath().isBlank() ? null : spec.getPath(),
                        false,
                        null,
                        spec.getPolicies() == null ? List.of() : spec.getPolicies(),
                        List.of(),
                        List.of())
                .withPermissionDocuments(spec.inlinePolicyDocuments());
    }

    @Override
    public String naturalKey(Group group) {
        return group.awsName();
    }

    @Override
    public Optional<ObservedGroup> observe(Group group) {
        return byName(group.awsName());
    }

    @Override
    public Optional<ObservedGroup> observeRecorded(Group group) {
        return byName(group.status().recordedNameOrIntentKey());
    }

    /**
     * The group whose name equals ours ignoring case: what makes CreateGroup fail with
     * EntityAlreadyExists when GetGroup finds nothing. Pages through ListGroups.
     */
    @Override
    public Optional<ObservedGroup> observeConflicting(Group group) {
        Optional<ObservedGroup> exact = observe(group);
        if (exact.isPresent()) {
            return exact;
        }
        String name = group.awsName();
        return Paging.all(
                        marker -> {
                            ListGroupsResponse r =
                                    calls.call(
                                            "ListGroups",
                                            () -> iam.listGroups(b -> b.marker(marker)));
                            return Paging.Page.of(r.groups(), r.isTruncated(), r.marker());
                        })
                .map(software.amazon.awssdk.services.iam.model.Group::groupName)
                .filter(n -> n.equalsIgnoreCase(name))
                .findFirst()
                .flatMap(this::byName);
    }

    /**
     * From the account snapshot when it can tell (a GroupDetail holds the group's policies; its
     * members are the users whose UserDetail lists it, so users are scanned too), else read on its
     * own. A user of this operator joining or leaving the group since the scan makes it read on its
     * own.
     */
    private Optional<ObservedGroup> byName(String name) {
        Optional<AccountSnapshot> snapshot =
                snapshots.forResync(
                        Set.of(EntityType.GROUP, EntityType.USER),
                        WriteLog.resourceKey(AccountSnapshots.groupMembersKey(name)));
        if (snapshot.isPresent()) {
            Optional<Optional<ObservedGroup>> answered =
                    snapshots.answer(
                            KIND, snapshot.get().group(name), d -> fromSnapshot(d, snapshot.get()));
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        snapshots.observed(KIND, false);
        return read(name);
    }

    private static ObservedGroup fromSnapshot(GroupDetail d, AccountSnapshot snapshot) {
        Map<String, String> inline = new LinkedHashMap<>();
        d.groupPolicyList()
                .forEach(
                        p ->
                                inline.put(
                                        p.policyName(),
                                        AwsDocuments.decodeFromAws(p.policyDocument())));
        List<String> members =
                snapshot.users().values().stream()
                        .filter(u -> u.groupList().contains(d.groupName()))
                        .map(UserDetail::userName)
                        // GetGroup's order: by name, ignoring case
                        .sorted(
                                java.util.Comparator.comparing(
                                        (String n) -> n.toLowerCase(Locale.ROOT)))
                        .toList();
        return new ObservedGroup(
                d.arn(),
                d.groupId(),
                d.groupName(),
                d.path(),
                d.createDate(),
                d.attachedManagedPolicies().stream().map(p -> p.policyArn()).toList(),
                inline,
                members);
    }

    /** GetGroup (every page of members), then the group's managed and inline policies. */
    private Optional<ObservedGroup> read(String name) {
        // Every page answers the group itself beside a page of its members.
        AtomicReference<software.amazon.awssdk.services.iam.model.Group> group =
                new AtomicReference<>();
        List<String> members;
        try {
            members =
                    Paging.all(
                                    marker -> {
                                        GetGroupResponse r =
                                                calls.call(
                                                        "GetGroup",
                                                        () ->
                                                                iam.getGroup(
                                                                        b ->
                                                                                b.groupName(name)
                                                                                        .marker(
                                                                                                marker)));
                                        group.set(r.group());
                                        return Paging.Page.of(
                                                r.users(), r.isTruncated(), r.marker());
                                    })
                            .map(software.amazon.awssdk.services.iam.model.User::userName)
                            .toList();
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
        software.amazon.awssdk.services.iam.model.Group g = group.get();
        String actual = g.groupName();
        return Optional.of(
                new ObservedGroup(
                        g.arn(),
                        g.groupId(),
                        actual,
                        g.path(),
                        g.createDate(),
                        policies.attachedPolicyArns(actual),
                        policies.inlinePolicies(actual),
                        members));
    }

    /**
     * CreateGroup, which takes only the name and path; the engine then applies the policies of the
     * spec through {@link #diff} and {@link #update}, with the group already recorded as ours (its
     * GroupId in status).
     */
    @Override
    public ObservedGroup create(Group group, Map<String, String> tags) {
        GroupSpec spec = group.getSpec();
        // EntityAlreadyExists after an SDK retry is an unknown outcome: the engine keeps the
        // intent.
        software.amazon.awssdk.services.iam.model.Group g =
                calls.call(
                                "CreateGroup",
                                () ->
                                        iam.createGroup(
                                                b ->
                                                        b.groupName(group.awsName())
                                                                .path(group.awsPath())))
                        .group();
        ObservedGroup created =
                new ObservedGroup(
                        g.arn(),
                        g.groupId(),
                        g.groupName(),
                        g.path(),
                        g.createDate(),
                        List.of(),
                        Map.of(),
                        List.of());
        // Its policies: the engine applies them through diff and update.
        return created;
    }

    @Override
    public Drift diff(Group group, ObservedGroup observed, Map<String, String> desiredTags) {
        return GroupDiff.diff(group.getSpec(), desiredArns(group), observed);
    }

    @Override
    public ObservedGroup update(
            Group group, ObservedGroup observed, Drift drift, Map<String, String> desiredTags) {
        List<String> desired = desiredArns(group);
        Map<String, String> inline = group.getSpec().getInlinePolicies();
        PrincipalPolicySync.apply(
                policies,
                observed.name(),
                ManagedPolicySet.diff(desired, observed.attachedPolicyArns()),
                InlinePolicySet.diff(inline, observed.inlinePolicies()));
        return observed.withPolicies(desired, inline);
    }

    /**
     * Policies first, then every member (IAM refuses to delete a group that has any), then the
     * group. A member this operator does not own is removed too — deleting our group requires that
     * membership to end — and named in an Event.
     */
    @Override
    public void delete(Group group, ObservedGroup observed) {
        String name = observed.name();
        PrincipalPolicySync.strip(policies, name);
        for (String member : observed.members()) {
            boolean ours = managedByThisOperator(member);
            try {
                calls.call(
                        "RemoveUserFromGroup",
                        () -> iam.removeUserFromGroup(b -> b.groupName(name).userName(member)));
            } catch (AwsException e) {
                if (!e.is(AwsErrorKind.NOT_FOUND)) {
                    throw e;
                }
                continue;
            }
            if (!ours) {
                events.warning(
                        group,
                        Reason.Deleting,
                        "removed user "
                                + member
                                + ", which this operator does not manage, from group "
                                + name
                                + ": IAM deletes a group only once it has no members");
            }
        }
        try {
            calls.call("DeleteGroup", () -> iam.deleteGroup(b -> b.groupName(name)));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return;
            }
            if (e.is(AwsErrorKind.DELETE_CONFLICT)) {
                // Something was attached or joined between our reads and DeleteGroup: the retry
                // observes the group again and removes it.
                throw new AwsException(
                        AwsErrorKind.DELETE_CONFLICT,
                        e.operation(),
                        e.errorCode(),
                        "group "
                                + name
                                + " gained a policy or a member while being deleted; retrying",
                        e);
            }
            throw e;
        }
    }

    /** Whether a user carries this operator's ownership tag for this cluster. */
    private boolean managedByThisOperator(String user) {
        try {
            ListUserTagsResponse tags =
                    calls.call("ListUserTags", () -> iam.listUserTags(b -> b.userName(user)));
            return tags.tags().stream()
                    .anyMatch(
                            t -> t.key().equals(Ownership.CLUSTER) && t.value().equals(clusterId));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public void recordStatus(Group group, ObservedGroup observed) {
        group.getStatus().setMembers(new ArrayList<>(observed.members()));
    }

    private static List<String> desiredArns(Group group) {
        return group.getSpec().desiredPolicyArns(group.resolvedReferences());
    }
}
