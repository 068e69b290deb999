package dev.operator.iam.emulator;

import dev.operator.iam.emulator.PrincipalStore.Taggable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * TagRole/UntagRole/ListRoleTags and their user, instance profile and OpenID Connect provider
 * counterparts. (Groups cannot be tagged in IAM.)
 */
final class TagActions implements ActionTable {

    private final PrincipalStore store;
    private final Map<String, Function<QueryRequest, Consumer<Xml>>> actions = new HashMap<>();

    TagActions(PrincipalStore store) {
        this.store = store;
        register("Role", Taggable.ROLE, "RoleName");
        register("User", Taggable.USER, "UserName");
        register("InstanceProfile", Taggable.INSTANCE_PROFILE, "InstanceProfileName");
        register("OpenIDConnectProvider", Taggable.OIDC_PROVIDER, "OpenIDConnectProviderArn");
    }

    @Override
    public Map<String, Function<QueryRequest, Consumer<Xml>>> actions() {
        return actions;
    }

    private void register(String entity, Taggable kind, String keyParameter) {
        actions.put(
                "Tag" + entity,
                request -> {
                    store.tag(kind, request.required(keyParameter), request.tags("Tags"));
                    return null;
                });
        actions.put(
                "Untag" + entity,
                request -> {
                    store.untag(kind, request.required(keyParameter), request.members("TagKeys"));
                    return null;
                });
        actions.put(
                "List" + entity + "Tags",
                request -> {
                    Map<String, String> tags = store.tags(kind, request.required(keyParameter));
                    Page<Map.Entry<String, String>> page =
                            Page.of(new ArrayList<>(tags.entrySet()), Map.Entry::getKey, request);
                    return xml -> {
                        PrincipalXml.tags(xml, page.items());
                        page.writeTruncation(xml);
                    };
                });
    }
}
