package dev.operator.iam.emulator;

import dev.operator.iam.emulator.PrincipalXml.View;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** The role actions of the IAM API, service-linked roles included, rendered as IAM's XML. */
final class RoleActions implements ActionTable {

    private final PrincipalStore store;
    private final PrincipalXml render;
    private final Map<String, Function<QueryRequest, Consumer<Xml>>> actions;

    RoleActions(PrincipalStore store, PrincipalXml render) {
        this.store = store;
        this.render = render;
        this.actions =
                Map.ofEntries(
                        Map.entry("CreateRole", this::createRole),
                        Map.entry("GetRole", this::getRole),
                        Map.entry("ListRoles", this::listRoles),
                        Map.entry("UpdateRole", this::updateRole),
                        Map.entry("UpdateRoleDescription", this::updateRoleDescription),
                        Map.entry("UpdateAssumeRolePolicy", this::updateAssumeRolePolicy),
                        Map.entry("DeleteRole", this::deleteRole),
                        Map.entry("ListInstanceProfilesForRole", this::listInstanceProfilesForRole),
                        Map.entry("CreateServiceLinkedRole", this::createServiceLinkedRole),
                        Map.entry("DeleteServiceLinkedRole", this::deleteServiceLinkedRole),
                        Map.entry(
                                "GetServiceLinkedRoleDeletionStatus",
                                this::getServiceLinkedRoleDeletionStatus));
    }

    @Override
    public Map<String, Function<QueryRequest, Consumer<Xml>>> actions() {
        return actions;
    }

    private Consumer<Xml> createRole(QueryRequest request) {
        RoleSnapshot role =
                store.createRole(
                        request.required("RoleName"),
                        request.optional("Path").orElse("/"),
                        request.required("AssumeRolePolicyDocument"),
                        request.optional("Description").orElse(null),
                        request.optional("MaxSessionDuration").orElse(null),
                        request.optional("PermissionsBoundary").orElse(null),
                        request.tags("Tags"));
        return xml -> render.role(xml.start("Role"), role, View.CREATED).end();
    }

    private Consumer<Xml> getRole(QueryRequest request) {
        RoleSnapshot role = store.role(request.required("RoleName"));
        return xml -> render.role(xml.start("Role"), role, View.DETAILED).end();
    }

    private Consumer<Xml> listRoles(QueryRequest request) {
        String pathPrefix = request.optional("PathPrefix").orElse("/");
        List<RoleSnapshot> matching =
                store.roles().stream().filter(role -> role.path().startsWith(pathPrefix)).toList();
        Page<RoleSnapshot> page =
                Page.of(matching, role -> PrincipalXml.nameKey(role.name()), request);
        return xml -> {
            xml.start("Roles");
            page.items().forEach(role -> render.role(xml.start("member"), role, View.LISTED).end());
            xml.end();
            page.writeTruncation(xml);
        };
    }

    private Consumer<Xml> updateRole(QueryRequest request) {
        store.updateRole(
                request.required("RoleName"),
                request.optional("Description").orElse(null),
                request.optional("MaxSessionDuration").orElse(null));
        return null;
    }

    private Consumer<Xml> updateRoleDescription(QueryRequest request) {
        RoleSnapshot role =
                store.updateRoleDescription(
                        request.required("RoleName"), request.required("Description"));
        return xml -> render.role(xml.start("Role"), role, View.DESCRIPTION_UPDATED).end();
    }

    private Consumer<Xml> updateAssumeRolePolicy(QueryRequest request) {
        store.updateAssumeRolePolicy(
                request.required("RoleName"), request.required("PolicyDocument"));
        return null;
    }

    private Consumer<Xml> deleteRole(QueryRequest request) {
        store.deleteRole(request.required("RoleName"));
        return null;
    }

    private Consumer<Xml> listInstanceProfilesForRole(QueryRequest request) {
        Page<InstanceProfileSnapshot> page =
                Page.of(
                        store.instanceProfilesForRole(request.required("RoleName")),
                        profile -> PrincipalXml.nameKey(profile.name()),
                        request);
        return xml -> {
            xml.start("InstanceProfiles");
            page.items()
                    .forEach(
                            profile ->
                                    render.instanceProfile(xml.start("member"), profile, false)
                                            .end());
            xml.end();
            page.writeTruncation(xml);
        };
    }

    private Consumer<Xml> createServiceLinkedRole(QueryRequest request) {
        RoleSnapshot role =
                store.createServiceLinkedRole(
                        request.required("AWSServiceName"),
                        request.optional("Description").orElse(null),
                        request.optional("CustomSuffix").orElse(null));
        return xml -> render.role(xml.start("Role"), role, View.CREATED).end();
    }

    private Consumer<Xml> deleteServiceLinkedRole(QueryRequest request) {
        String taskId = store.deleteServiceLinkedRole(request.required("RoleName"));
        return xml -> xml.element("DeletionTaskId", taskId);
    }

    private Consumer<Xml> getServiceLinkedRoleDeletionStatus(QueryRequest request) {
        PrincipalStore.DeletionStatus status =
                store.deletionStatus(request.required("DeletionTaskId"));
        return xml -> {
            xml.element("Status", status.status());
            if (status.reason() != null) {
                xml.start("Reason").element("Reason", status.reason());
                xml.start("RoleUsageList").end();
                xml.end();
            }
        };
    }
}
