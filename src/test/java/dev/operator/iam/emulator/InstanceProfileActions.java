package dev.operator.iam.emulator;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** The instance profile actions of the IAM API, rendered as IAM's XML. */
final class InstanceProfileActions implements ActionTable {

    private final PrincipalStore store;
    private final PrincipalXml render;
    private final Map<String, Function<QueryRequest, Consumer<Xml>>> actions;

    InstanceProfileActions(PrincipalStore store, PrincipalXml render) {
        this.store = store;
        this.render = render;
        this.actions =
                Map.ofEntries(
                        Map.entry("CreateInstanceProfile", this::createInstanceProfile),
                        Map.entry("GetInstanceProfile", this::getInstanceProfile),
                        Map.entry("ListInstanceProfiles", this::listInstanceProfiles),
                        Map.entry("AddRoleToInstanceProfile", this::addRole),
                        Map.entry("RemoveRoleFromInstanceProfile", this::removeRole),
                        Map.entry("DeleteInstanceProfile", this::deleteInstanceProfile));
    }

    @Override
    public Map<String, Function<QueryRequest, Consumer<Xml>>> actions() {
        return actions;
    }

    private Consumer<Xml> createInstanceProfile(QueryRequest request) {
        InstanceProfileSnapshot profile =
                store.createInstanceProfile(
                        request.required("InstanceProfileName"),
                        request.optional("Path").orElse("/"),
                        request.tags("Tags"));
        return xml -> render.instanceProfile(xml.start("InstanceProfile"), profile, false).end();
    }

    private Consumer<Xml> getInstanceProfile(QueryRequest request) {
        InstanceProfileSnapshot profile =
                store.instanceProfile(request.required("InstanceProfileName"));
        return xml -> render.instanceProfile(xml.start("InstanceProfile"), profile, true).end();
    }

    private Consumer<Xml> listInstanceProfiles(QueryRequest request) {
        String pathPrefix = request.optional("PathPrefix").orElse("/");
        List<InstanceProfileSnapshot> matching =
                store.instanceProfiles().stream()
                        .filter(profile -> profile.path().startsWith(pathPrefix))
                        .toList();
        Page<InstanceProfileSnapshot> page =
                Page.of(matching, profile -> PrincipalXml.nameKey(profile.name()), request);
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

    private Consumer<Xml> addRole(QueryRequest request) {
        store.addRoleToInstanceProfile(
                request.required("InstanceProfileName"), request.required("RoleName"));
        return null;
    }

    private Consumer<Xml> removeRole(QueryRequest request) {
        store.removeRoleFromInstanceProfile(
                request.required("InstanceProfileName"), request.required("RoleName"));
        return null;
    }

    private Consumer<Xml> deleteInstanceProfile(QueryRequest request) {
        store.deleteInstanceProfile(request.required("InstanceProfileName"));
        return null;
    }
}
