package dev.operator.iam.emulator;

import dev.operator.iam.emulator.StoredPolicy.Attachment;
import dev.operator.iam.emulator.StoredPolicy.EntityType;
import dev.operator.iam.emulator.StoredPolicy.Version;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** The managed-policy actions of the IAM API, rendered as IAM's XML. */
final class IamActions implements QueryService, ActionTable {

    private static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final Set<String> SCOPES = Set.of("All", "AWS", "Local");
    private static final Set<String> ENTITY_FILTERS =
            Set.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy");

    private final PolicyStore store;
    private final Map<String, Function<QueryRequest, Consumer<Xml>>> actions;
    private volatile DocumentEncoding documentEncoding = DocumentEncoding.URL_ENCODED;
    private volatile boolean tagsOmittedFromGetPolicy;

    IamActions(PolicyStore store) {
        this.store = store;
        this.actions =
                Map.ofEntries(
                        Map.entry("CreatePolicy", this::createPolicy),
                        Map.entry("GetPolicy", this::getPolicy),
                        Map.entry("DeletePolicy", this::deletePolicy),
                        Map.entry("ListPolicies", this::listPolicies),
                        Map.entry("CreatePolicyVersion", this::createPolicyVersion),
                        Map.entry("GetPolicyVersion", this::getPolicyVersion),
                        Map.entry("ListPolicyVersions", this::listPolicyVersions),
                        Map.entry("DeletePolicyVersion", this::deletePolicyVersion),
                        Map.entry("SetDefaultPolicyVersion", this::setDefaultPolicyVersion),
                        Map.entry("TagPolicy", this::tagPolicy),
                        Map.entry("UntagPolicy", this::untagPolicy),
                        Map.entry("ListPolicyTags", this::listPolicyTags),
                        Map.entry("ListEntitiesForPolicy", this::listEntitiesForPolicy));
    }

    @Override
    public Map<String, Function<QueryRequest, Consumer<Xml>>> actions() {
        return actions;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public Consumer<Xml> execute(QueryRequest request) {
        Function<QueryRequest, Consumer<Xml>> action = actions.get(request.action());
        if (action == null) {
            throw ServiceError.invalidAction(request);
        }
        return action.apply(request);
    }

    void documentEncoding(DocumentEncoding encoding) {
        this.documentEncoding = encoding;
    }

    /** Whether GetPolicy leaves the tags out, as some IAM emulators do. */
    void omitTagsFromGetPolicy(boolean omit) {
        this.tagsOmittedFromGetPolicy = omit;
    }

    private Consumer<Xml> createPolicy(QueryRequest request) {
        StoredPolicy policy =
                store.create(
                        request.required("PolicyName"),
                        request.optional("Path").orElse("/"),
                        request.required("PolicyDocument"),
                        request.optional("Description").orElse(null),
                        request.tags("Tags"));
        return xml -> writePolicy(xml.start("Policy"), policy, PolicyView.CREATED).end();
    }

    private Consumer<Xml> getPolicy(QueryRequest request) {
        StoredPolicy policy = store.get(request.required("PolicyArn"));
        StoredPolicy shown =
                tagsOmittedFromGetPolicy ? policy.withoutTags(policy.tags().keySet()) : policy;
        return xml -> writePolicy(xml.start("Policy"), shown, PolicyView.DETAILED).end();
    }

    private Consumer<Xml> deletePolicy(QueryRequest request) {
        store.delete(request.required("PolicyArn"));
        return null;
    }

    /** The emulator holds no AWS managed policies, so Scope=AWS always lists nothing. */
    private Consumer<Xml> listPolicies(QueryRequest request) {
        String scope = request.optional("Scope").orElse("All");
        if (!SCOPES.contains(scope)) {
            throw ServiceError.validation(
                    "scope", scope, "Member must satisfy enum value set: [All, AWS, Local]");
        }
        boolean onlyAttached = request.flag("OnlyAttached");
        String pathPrefix = request.optional("PathPrefix").orElse("/");
        List<StoredPolicy> matching =
                scope.equals("AWS")
                        ? List.of()
                        : store.list().stream()
                                .filter(policy -> policy.path().startsWith(pathPrefix))
                                .filter(policy -> !onlyAttached || !policy.attachments().isEmpty())
                                .toList();
        Page<StoredPolicy> page = Page.of(matching, StoredPolicy::arn, request);
        return xml -> {
            xml.start("Policies");
            page.items()
                    .forEach(
                            policy ->
                                    writePolicy(xml.start("member"), policy, PolicyView.LISTED)
                                            .end());
            xml.end();
            page.writeTruncation(xml);
        };
    }

    private Consumer<Xml> createPolicyVersion(QueryRequest request) {
        StoredPolicy policy =
                store.createVersion(
                        request.required("PolicyArn"),
                        request.required("PolicyDocument"),
                        request.flag("SetAsDefault"));
        Version created = policy.versions().get(policy.versions().size() - 1);
        return xml -> writeVersion(xml.start("PolicyVersion"), policy, created, false).end();
    }

    private Consumer<Xml> getPolicyVersion(QueryRequest request) {
        String versionId = request.required("VersionId");
        StoredPolicy policy = store.getWithVersion(request.required("PolicyArn"), versionId);
        Version version = policy.version(versionId).orElseThrow();
        return xml -> writeVersion(xml.start("PolicyVersion"), policy, version, true).end();
    }

    private Consumer<Xml> listPolicyVersions(QueryRequest request) {
        StoredPolicy policy = store.get(request.required("PolicyArn"));
        Page<Version> page = Page.of(policy.versions(), IamActions::versionSortKey, request);
        return xml -> {
            xml.start("Versions");
            page.items()
                    .forEach(
                            version ->
                                    writeVersion(xml.start("member"), policy, version, false)
                                            .end());
            xml.end();
            page.writeTruncation(xml);
        };
    }

    private Consumer<Xml> deletePolicyVersion(QueryRequest request) {
        store.deleteVersion(request.required("PolicyArn"), request.required("VersionId"));
        return null;
    }

    private Consumer<Xml> setDefaultPolicyVersion(QueryRequest request) {
        store.setDefaultVersion(request.required("PolicyArn"), request.required("VersionId"));
        return null;
    }

    private Consumer<Xml> tagPolicy(QueryRequest request) {
        store.tag(request.required("PolicyArn"), request.tags("Tags"));
        return null;
    }

    private Consumer<Xml> untagPolicy(QueryRequest request) {
        store.untag(request.required("PolicyArn"), request.members("TagKeys"));
        return null;
    }

    private Consumer<Xml> listPolicyTags(QueryRequest request) {
        StoredPolicy policy = store.get(request.required("PolicyArn"));
        Page<Map.Entry<String, String>> page =
                Page.of(new ArrayList<>(policy.tags().entrySet()), Map.Entry::getKey, request);
        return xml -> {
            writeTags(xml, page.items());
            page.writeTruncation(xml);
        };
    }

    private Consumer<Xml> listEntitiesForPolicy(QueryRequest request) {
        StoredPolicy policy = store.get(request.required("PolicyArn"));
        String filter = request.optional("EntityFilter").orElse(null);
        if (filter != null && !ENTITY_FILTERS.contains(filter)) {
            throw ServiceError.validation(
                    "entityFilter",
                    filter,
                    "Member must satisfy enum value set: " + ENTITY_FILTERS);
        }
        String pathPrefix = request.optional("PathPrefix").orElse("/");
        List<Attachment> matching =
                policy.attachments().stream()
                        .filter(attachment -> attachment.path().startsWith(pathPrefix))
                        .filter(
                                attachment ->
                                        filter == null
                                                || attachment.type().awsName().equals(filter))
                        .toList();
        Page<Attachment> page =
                Page.of(matching, a -> a.type().awsName() + "/" + a.name(), request);
        return xml -> {
            for (EntityType type : EntityType.values()) {
                // PolicyRoles / PolicyUsers / PolicyGroups with RoleName+RoleId, UserName+UserId,
                // ...
                xml.start("Policy" + type.awsName() + "s");
                page.items().stream()
                        .filter(attachment -> attachment.type() == type)
                        .forEach(
                                attachment ->
                                        xml.start("member")
                                                .element(type.awsName() + "Name", attachment.name())
                                                .element(type.awsName() + "Id", attachment.id())
                                                .end());
                xml.end();
            }
            page.writeTruncation(xml);
        };
    }

    /** Which of a policy's optional fields an answer includes. */
    private enum PolicyView {
        /**
         * CreatePolicy: the tags given, but no Description even when one was given (AWS CLI
         * create-policy example 2, "with a description", whose output has none).
         */
        CREATED,
        /** GetPolicy: Description and tags (Policy data type: Description is GetPolicy's). */
        DETAILED,
        /**
         * ListPolicies: neither Description (Policy data type) nor tags (ListPolicies' "return a
         * subset" note).
         */
        LISTED
    }

    /** The fields of IAM's Policy structure, as the action of {@code view} returns them. */
    private static Xml writePolicy(Xml xml, StoredPolicy policy, PolicyView view) {
        xml.element("PolicyName", policy.name())
                .element("PolicyId", policy.id())
                .element("Arn", policy.arn())
                .element("Path", policy.path())
                .element("DefaultVersionId", policy.defaultVersionId())
                .element("AttachmentCount", policy.attachments().size())
                .element("PermissionsBoundaryUsageCount", 0)
                .element("IsAttachable", true);
        if (view == PolicyView.DETAILED) {
            xml.element("Description", policy.description());
        }
        xml.element("CreateDate", policy.createDate()).element("UpdateDate", policy.updateDate());
        if (view != PolicyView.LISTED && !policy.tags().isEmpty()) {
            writeTags(xml, policy.tags().entrySet());
        }
        return xml;
    }

    /** The fields of IAM's PolicyVersion structure; only GetPolicyVersion includes the document. */
    private Xml writeVersion(Xml xml, StoredPolicy policy, Version version, boolean withDocument) {
        if (withDocument) {
            xml.element(
                    "Document",
                    documentEncoding == DocumentEncoding.URL_ENCODED
                            ? URLEncoder.encode(version.document(), StandardCharsets.UTF_8)
                            : version.document());
        }
        return xml.element("VersionId", version.id())
                .element("IsDefaultVersion", version.id().equals(policy.defaultVersionId()))
                .element("CreateDate", version.createDate());
    }

    private static void writeTags(Xml xml, Iterable<Map.Entry<String, String>> tags) {
        xml.start("Tags");
        tags.forEach(
                tag ->
                        xml.start("member")
                                .element("Key", tag.getKey())
                                .element("Value", tag.getValue())
                                .end());
        xml.end();
    }

    /** Orders v2 before v10. */
    private static String versionSortKey(Version version) {
        return String.format("%010d", Integer.parseInt(version.id().substring(1)));
    }
}
