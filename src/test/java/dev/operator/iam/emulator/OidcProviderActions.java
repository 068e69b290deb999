package dev.operator.iam.emulator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/** The OpenID Connect provider actions of the IAM API, rendered as IAM's XML. */
final class OidcProviderActions implements ActionTable {

    private static final String ARN = "OpenIDConnectProviderArn";

    private final PrincipalStore store;
    private final Map<String, Function<QueryRequest, Consumer<Xml>>> actions;

    OidcProviderActions(PrincipalStore store) {
        this.store = store;
        this.actions =
                Map.ofEntries(
                        Map.entry("CreateOpenIDConnectProvider", this::create),
                        Map.entry("GetOpenIDConnectProvider", this::get),
                        Map.entry("ListOpenIDConnectProviders", this::list),
                        Map.entry("AddClientIDToOpenIDConnectProvider", this::addClientId),
                        Map.entry("RemoveClientIDFromOpenIDConnectProvider", this::removeClientId),
                        Map.entry("UpdateOpenIDConnectProviderThumbprint", this::updateThumbprints),
                        Map.entry("DeleteOpenIDConnectProvider", this::delete));
    }

    @Override
    public Map<String, Function<QueryRequest, Consumer<Xml>>> actions() {
        return actions;
    }

    private Consumer<Xml> create(QueryRequest request) {
        OidcProviderSnapshot provider =
                store.createOidcProvider(
                        request.required("Url"),
                        request.members("ClientIDList"),
                        request.members("ThumbprintList"),
                        request.tags("Tags"));
        // IAM's answer: the ARN and the tags, "sorted by tag key" (CreateOpenIDConnectProvider
        // response elements); nothing of the URL, audiences or thumbprints it was given
        return xml -> {
            xml.element(ARN, provider.arn());
            PrincipalXml.optionalTags(xml, new TreeMap<>(provider.tags()));
        };
    }

    /** The URL comes back without its scheme, as IAM stores it. */
    private Consumer<Xml> get(QueryRequest request) {
        OidcProviderSnapshot provider = store.oidcProvider(request.required(ARN));
        return xml -> {
            xml.element("Url", provider.url());
            PrincipalXml.strings(xml, "ClientIDList", provider.clientIds());
            PrincipalXml.strings(xml, "ThumbprintList", provider.thumbprints());
            xml.element("CreateDate", provider.createDate());
            if (!provider.tags().isEmpty()) {
                PrincipalXml.tags(xml, provider.tags().entrySet());
            }
        };
    }

    /** IAM does not page this list. */
    private Consumer<Xml> list(QueryRequest request) {
        List<OidcProviderSnapshot> providers = store.oidcProviders();
        return xml -> {
            xml.start("OpenIDConnectProviderList");
            providers.forEach(provider -> xml.start("member").element("Arn", provider.arn()).end());
            xml.end();
        };
    }

    private Consumer<Xml> addClientId(QueryRequest request) {
        store.addClientId(request.required(ARN), request.required("ClientID"));
        return null;
    }

    private Consumer<Xml> removeClientId(QueryRequest request) {
        store.removeClientId(request.required(ARN), request.required("ClientID"));
        return null;
    }

    /** Replaces the whole list; the parameter is required, though it may be empty in IAM. */
    private Consumer<Xml> updateThumbprints(QueryRequest request) {
        store.updateThumbprints(request.required(ARN), request.members("ThumbprintList"));
        return null;
    }

    private Consumer<Xml> delete(QueryRequest request) {
        store.deleteOidcProvider(request.required(ARN));
        return null;
    }
}
