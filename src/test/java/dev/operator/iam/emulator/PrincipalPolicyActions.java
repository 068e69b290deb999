package dev.operator.iam.emulator;

import dev.operator.iam.emulator.StoredPolicy.EntityType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The policy actions IAM offers alike for roles, users and groups: managed policy attachments
 * (Attach/Detach/ListAttachedRolePolicies, ...), inline policies (Put/Get/Delete/ListRolePolicies,
 * ...) and, for roles and users, permissions boundaries.
 */
final class PrincipalPolicyActions implements ActionTable {

    private final PrincipalStore store;
    private final PrincipalXml render;
    private final Map<String, Function<QueryRequest, Consumer<Xml>>> actions = new HashMap<>();

    PrincipalPolicyActions(PrincipalStore store, PrincipalXml render) {
        this.store = store;
        this.render = render;
        for (EntityType type : EntityType.values()) {
            String t = type.awsName();
            actions.put("Attach" + t + "Policy", request -> attach(type, request));
            actions.put("Detach" + t + "Policy", request -> detach(type, request));
            actions.put("ListAttached" + t + "Policies", request -> listAttached(type, request));
            actions.put("Put" + t + "Policy", request -> putInline(type, request));
            actions.put("Get" + t + "Policy", request -> getInline(type, request));
            actions.put("Delete" + t + "Policy", request -> deleteInline(type, request));
            actions.put("List" + t + "Policies", request -> listInline(type, request));
            if (type != EntityType.GROUP) {
                actions.put(
                        "Put" + t + "PermissionsBoundary", request -> putBoundary(type, request));
                actions.put(
                        "Delete" + t + "PermissionsBoundary",
                        request -> deleteBoundary(type, request));
            }
        }
    }

    @Override
    public Map<String, Function<QueryRequest, Consumer<Xml>>> actions() {
        return actions;
    }

    private Consumer<Xml> attach(EntityType type, QueryRequest request) {
        store.attachPolicy(type, name(type, request), request.required("PolicyArn"));
        return null;
    }

    private Consumer<Xml> detach(EntityType type, QueryRequest request) {
        store.detachPolicy(type, name(type, request), request.required("PolicyArn"));
        return null;
    }

    private Consumer<Xml> listAttached(EntityType type, QueryRequest request) {
        String pathPrefix = request.optional("PathPrefix").orElse("/");
        List<String> matching =
                store.attachedPolicies(type, name(type, request)).stream()
                        .filter(arn -> PrincipalXml.policyPath(arn).startsWith(pathPrefix))
                        .toList();
        Page<String> page = Page.of(matching, arn -> arn, request);
        return xml -> {
            PrincipalXml.attachedPolicies(xml, page.items());
            page.writeTruncation(xml);
        };
    }

    private Consumer<Xml> putInline(EntityType type, QueryRequest request) {
        store.putInlinePolicy(
                type,
                name(type, request),
                request.required("PolicyName"),
                request.required("PolicyDocument"));
        return null;
    }

    private Consumer<Xml> getInline(EntityType type, QueryRequest request) {
        String principal = name(type, request);
        Map.Entry<String, String> policy =
                store.inlinePolicy(type, principal, request.required("PolicyName"));
        String storedName = storedName(type, principal);
        return xml ->
                xml.element(type.awsName() + "Name", storedName)
                        .element("PolicyName", policy.getKey())
                        .element("PolicyDocument", render.document(policy.getValue()));
    }

    private Consumer<Xml> deleteInline(EntityType type, QueryRequest request) {
        store.deleteInlinePolicy(type, name(type, request), request.required("PolicyName"));
        return null;
    }

    private Consumer<Xml> listInline(EntityType type, QueryRequest request) {
        Page<String> page =
                Page.of(
                        store.inlinePolicyNames(type, name(type, request)),
                        PrincipalXml::nameKey,
                        request);
        return xml -> {
            PrincipalXml.strings(xml, "PolicyNames", page.items());
            page.writeTruncation(xml);
        };
    }

    private Consumer<Xml> putBoundary(EntityType type, QueryRequest request) {
        store.putPermissionsBoundary(
                type, name(type, request), request.required("PermissionsBoundary"));
        return null;
    }

    private Consumer<Xml> deleteBoundary(EntityType type, QueryRequest request) {
        store.deletePermissionsBoundary(type, name(type, request));
        return null;
    }

    private static String name(EntityType type, QueryRequest request) {
        return request.required(type.awsName() + "Name");
    }

    /** The principal's name as stored, which may differ in case from the one asked for. */
    private String storedName(EntityType type, String name) {
        return switch (type) {
            case ROLE -> store.role(name).name();
            case USER -> store.user(name).name();
            case GROUP -> store.group(name).name();
        };
    }
}
