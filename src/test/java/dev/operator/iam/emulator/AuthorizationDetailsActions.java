package dev.operator.iam.emulator;

import dev.operator.iam.emulator.StoredPolicy.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * GetAccountAuthorizationDetails: every user, group, role and customer managed policy of the
 * account with their documents, attachments and memberships, in one paginated answer. Exactly the
 * members of IAM's UserDetail, GroupDetail, RoleDetail and ManagedPolicyDetail (IAM API reference):
 * a RoleDetail has no Description and no MaxSessionDuration, a ManagedPolicyDetail has no Tags, a
 * GroupDetail no tags at all; documents are URL-encoded like every other IAM answer.
 *
 * <p>{@code MaxItems} (1 to 1000, default 100) counts entities of every type together; the emulator
 * holds no AWS managed policies, so {@code AWSManagedPolicy} adds nothing.
 */
final class AuthorizationDetailsActions implements ActionTable {

    private static final List<String> FILTERS =
            List.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy");

    private final PrincipalStore principals;
    private final PolicyStore policies;
    private final PrincipalXml render;

    AuthorizationDetailsActions(
            PrincipalStore principals, PolicyStore policies, PrincipalXml render) {
        this.principals = principals;
        this.policies = policies;
        this.render = render;
    }

    @Override
    public Map<String, Function<QueryRequest, Consumer<Xml>>> actions() {
        return Map.of("GetAccountAuthorizationDetails", this::details);
    }

    /** One entity of the answer, with the key that orders it across pages. */
    private record Entity(String key, Object value) {}

    private Consumer<Xml> details(QueryRequest request) {
        Set<String> filter = new LinkedHashSet<>(request.members("Filter"));
        for (String f : filter) {
            if (!FILTERS.contains(f)) {
                throw ServiceError.validation(
                        "filter",
                        List.copyOf(filter),
                        "Member must satisfy constraint: [Member must satisfy enum value set: "
                                + FILTERS
                                + "]");
            }
        }
        boolean all = filter.isEmpty();
        List<Entity> entities = new ArrayList<>();
        if (all || filter.contains("User")) {
            principals.users().forEach(u -> entities.add(new Entity("1/" + key(u.name()), u)));
        }
        if (all || filter.contains("Group")) {
            principals.groups().forEach(g -> entities.add(new Entity("2/" + key(g.name()), g)));
        }
        if (all || filter.contains("Role")) {
            principals.roles().forEach(r -> entities.add(new Entity("3/" + key(r.name()), r)));
        }
        if (all || filter.contains("LocalManagedPolicy")) {
            policies.list().forEach(p -> entities.add(new Entity("4/" + p.arn(), p)));
        }
        Page<Entity> page = Page.of(entities, Entity::key, request);
        // Instance profiles of the roles on this page, read now so the answer is one state.
        Map<String, List<InstanceProfileSnapshot>> profiles = new java.util.HashMap<>();
        page.items().stream()
                .filter(e -> e.value() instanceof RoleSnapshot)
                .map(e -> (RoleSnapshot) e.value())
                .forEach(r -> profiles.put(r.name(), principals.instanceProfilesForRole(r.name())));
        return xml -> {
            xml.start("UserDetailList");
            items(page, UserSnapshot.class).forEach(u -> user(xml.start("member"), u).end());
            xml.end();
            xml.start("GroupDetailList");
            items(page, GroupSnapshot.class).forEach(g -> group(xml.start("member"), g).end());
            xml.end();
            xml.start("RoleDetailList");
            items(page, RoleSnapshot.class)
                    .forEach(r -> role(xml.start("member"), r, profiles.get(r.name())).end());
            xml.end();
            xml.start("Policies");
            items(page, StoredPolicy.class).forEach(p -> policy(xml.start("member"), p).end());
            xml.end();
            page.writeTruncation(xml);
        };
    }

    private static String key(String name) {
        return PrincipalXml.nameKey(name);
    }

    private static <T> List<T> items(Page<Entity> page, Class<T> type) {
        return page.items().stream()
                .map(Entity::value)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    /**
     * UserDetail: Path, UserName, UserId, Arn, CreateDate, UserPolicyList, GroupList,
     * AttachedManagedPolicies, PermissionsBoundary, Tags.
     */
    private Xml user(Xml xml, UserSnapshot user) {
        xml.element("Path", user.path())
                .element("UserName", user.name())
                .element("UserId", user.id())
                .element("Arn", user.arn())
                .element("CreateDate", user.createDate());
        inline(xml, "UserPolicyList", user.inlinePolicies());
        PrincipalXml.strings(xml, "GroupList", user.groupNames());
        attached(xml, user.attachedPolicyArns());
        boundary(xml, user.permissionsBoundaryArn());
        PrincipalXml.optionalTags(xml, user.tags());
        return xml;
    }

    /**
     * GroupDetail: Path, GroupName, GroupId, Arn, CreateDate, GroupPolicyList,
     * AttachedManagedPolicies.
     */
    private Xml group(Xml xml, GroupSnapshot group) {
        xml.element("Path", group.path())
                .element("GroupName", group.name())
                .element("GroupId", group.id())
                .element("Arn", group.arn())
                .element("CreateDate", group.createDate());
        inline(xml, "GroupPolicyList", group.inlinePolicies());
        attached(xml, group.attachedPolicyArns());
        return xml;
    }

    /**
     * RoleDetail: Path, RoleName, RoleId, Arn, CreateDate, AssumeRolePolicyDocument,
     * InstanceProfileList, RolePolicyList, AttachedManagedPolicies, PermissionsBoundary, Tags,
     * RoleLastUsed. No Description, no MaxSessionDuration.
     */
    private Xml role(Xml xml, RoleSnapshot role, List<InstanceProfileSnapshot> profiles) {
        xml.element("Path", role.path())
                .element("RoleName", role.name())
                .element("RoleId", role.id())
                .element("Arn", role.arn())
                .element("CreateDate", role.createDate())
                .element(
                        "AssumeRolePolicyDocument",
                        render.document(role.assumeRolePolicyDocument()));
        xml.start("InstanceProfileList");
        profiles.forEach(p -> render.instanceProfile(xml.start("member"), p, false).end());
        xml.end();
        inline(xml, "RolePolicyList", role.inlinePolicies());
        attached(xml, role.attachedPolicyArns());
        boundary(xml, role.permissionsBoundaryArn());
        PrincipalXml.optionalTags(xml, role.tags());
        // the emulator never uses roles: RoleLastUsed is empty, as for a role never assumed
        xml.start("RoleLastUsed").end();
        return xml;
    }

    /**
     * ManagedPolicyDetail: PolicyName, PolicyId, Arn, Path, DefaultVersionId, AttachmentCount,
     * PermissionsBoundaryUsageCount, IsAttachable, Description, CreateDate, UpdateDate,
     * PolicyVersionList (every version, each with its document). No Tags.
     */
    private Xml policy(Xml xml, StoredPolicy policy) {
        xml.element("PolicyName", policy.name())
                .element("PolicyId", policy.id())
                .element("Arn", policy.arn())
                .element("Path", policy.path())
                .element("DefaultVersionId", policy.defaultVersionId())
                .element("AttachmentCount", policy.attachments().size())
                .element("PermissionsBoundaryUsageCount", 0)
                .element("IsAttachable", true)
                .element("Description", policy.description())
                .element("CreateDate", policy.createDate())
                .element("UpdateDate", policy.updateDate());
        xml.start("PolicyVersionList");
        for (Version v : policy.versions()) {
            xml.start("member")
                    .element("Document", render.document(v.document()))
                    .element("VersionId", v.id())
                    .element("IsDefaultVersion", v.id().equals(policy.defaultVersionId()))
                    .element("CreateDate", v.createDate())
                    .end();
        }
        xml.end();
        return xml;
    }

    /** PolicyDetail list: PolicyName and PolicyDocument of each inline policy. */
    private void inline(Xml xml, String name, Map<String, String> policies) {
        xml.start(name);
        policies.forEach(
                (policyName, document) ->
                        xml.start("member")
                                .element("PolicyName", policyName)
                                .element("PolicyDocument", render.document(document))
                                .end());
        xml.end();
    }

    /** AttachedManagedPolicies: AttachedPolicy members, PolicyName and PolicyArn. */
    private static void attached(Xml xml, List<String> arns) {
        xml.start("AttachedManagedPolicies");
        arns.forEach(
                arn ->
                        xml.start("member")
                                .element("PolicyName", PrincipalXml.policyName(arn))
                                .element("PolicyArn", arn)
                                .end());
        xml.end();
    }

    private static void boundary(Xml xml, String boundaryArn) {
        if (boundaryArn != null) {
            xml.start("PermissionsBoundary")
                    .element("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
                    .element("PermissionsBoundaryArn", boundaryArn)
                    .end();
        }
    }
}
