package dev.operator.iam.emulator;

import dev.operator.iam.emulator.PrincipalXml.View;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** The user and group actions of the IAM API (group memberships included), as IAM's XML. */
final class UserAndGroupActions implements ActionTable {

    private final PrincipalStore store;
    private final Map<String, Function<QueryRequest, Consumer<Xml>>> actions;

    UserAndGroupActions(PrincipalStore store) {
        this.store = store;
        this.actions =
                Map.ofEntries(
                        Map.entry("CreateUser", this::createUser),
                        Map.entry("GetUser", this::getUser),
                        Map.entry("ListUsers", this::listUsers),
                        Map.entry("DeleteUser", this::deleteUser),
                        Map.entry("CreateGroup", this::createGroup),
                        Map.entry("GetGroup", this::getGroup),
                        Map.entry("ListGroups", this::listGroups),
                        Map.entry("DeleteGroup", this::deleteGroup),
                        Map.entry("AddUserToGroup", this::addUserToGroup),
                        Map.entry("RemoveUserFromGroup", this::removeUserFromGroup),
                        Map.entry("ListGroupsForUser", this::listGroupsForUser));
    }

    @Override
    public Map<String, Function<QueryRequest, Consumer<Xml>>> actions() {
        return actions;
    }

    private Consumer<Xml> createUser(QueryRequest request) {
        UserSnapshot user =
                store.createUser(
                        request.required("UserName"),
                        request.optional("Path").orElse("/"),
                        request.optional("PermissionsBoundary").orElse(null),
                        request.tags("Tags"));
        return xml -> PrincipalXml.user(xml.start("User"), user, View.CREATED).end();
    }

    /**
     * Without UserName, IAM answers for the caller; the emulator checks no signatures and has no
     * caller, so UserName is required here.
     */
    private Consumer<Xml> getUser(QueryRequest request) {
        UserSnapshot user = store.user(request.required("UserName"));
        return xml -> PrincipalXml.user(xml.start("User"), user, View.DETAILED).end();
    }

    private Consumer<Xml> listUsers(QueryRequest request) {
        String pathPrefix = request.optional("PathPrefix").orElse("/");
        List<UserSnapshot> matching =
                store.users().stream().filter(user -> user.path().startsWith(pathPrefix)).toList();
        Page<UserSnapshot> page =
                Page.of(matching, user -> PrincipalXml.nameKey(user.name()), request);
        return xml -> {
            xml.start("Users");
            page.items()
                    .forEach(
                            user ->
                                    PrincipalXml.user(xml.start("member"), user, View.LISTED)
                                            .end());
            xml.end();
            page.writeTruncation(xml);
        };
    }

    private Consumer<Xml> deleteUser(QueryRequest request) {
        store.deleteUser(request.required("UserName"));
        return null;
    }

    private Consumer<Xml> createGroup(QueryRequest request) {
        GroupSnapshot group =
                store.createGroup(
                        request.required("GroupName"), request.optional("Path").orElse("/"));
        return xml -> PrincipalXml.group(xml.start("Group"), group).end();
    }

    /** The group and a page of its members. */
    private Consumer<Xml> getGroup(QueryRequest request) {
        String name = request.required("GroupName");
        GroupSnapshot group = store.group(name);
        Page<UserSnapshot> page =
                Page.of(
                        store.groupMembers(name),
                        user -> PrincipalXml.nameKey(user.name()),
                        request);
        return xml -> {
            PrincipalXml.group(xml.start("Group"), group).end();
            xml.start("Users");
            page.items()
                    .forEach(
                            user ->
                                    PrincipalXml.user(xml.start("member"), user, View.LISTED)
                                            .end());
            xml.end();
            page.writeTruncation(xml);
        };
    }

    private Consumer<Xml> listGroups(QueryRequest request) {
        String pathPrefix = request.optional("PathPrefix").orElse("/");
        List<GroupSnapshot> matching =
                store.groups().stream()
                        .filter(group -> group.path().startsWith(pathPrefix))
                        .toList();
        return groupPage(matching, request);
    }

    private Consumer<Xml> deleteGroup(QueryRequest request) {
        store.deleteGroup(request.required("GroupName"));
        return null;
    }

    private Consumer<Xml> addUserToGroup(QueryRequest request) {
        store.addUserToGroup(request.required("GroupName"), request.required("UserName"));
        return null;
    }

    private Consumer<Xml> removeUserFromGroup(QueryRequest request) {
        store.removeUserFromGroup(request.required("GroupName"), request.required("UserName"));
        return null;
    }

    private Consumer<Xml> listGroupsForUser(QueryRequest request) {
        return groupPage(store.groupsForUser(request.required("UserName")), request);
    }

    private static Consumer<Xml> groupPage(List<GroupSnapshot> groups, QueryRequest request) {
        Page<GroupSnapshot> page =
                Page.of(groups, group -> PrincipalXml.nameKey(group.name()), request);
        return xml -> {
            xml.start("Groups");
            page.items().forEach(group -> PrincipalXml.group(xml.start("member"), group).end());
            xml.end();
            page.writeTruncation(xml);
        };
    }
}
