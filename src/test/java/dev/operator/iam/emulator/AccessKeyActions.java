package dev.operator.iam.emulator;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The access key actions of the IAM API, as IAM's XML. The secret is written only in the
 * CreateAccessKey answer ({@code AccessKey} data type: "returned only in response to
 * CreateAccessKey"); ListAccessKeys answers {@code AccessKeyMetadata} (UserName, AccessKeyId,
 * Status, CreateDate); GetAccessKeyLastUsed answers UserName and {@code AccessKeyLastUsed} with
 * ServiceName and Region ({@code N/A} for a key never used) and LastUsedDate only once used.
 *
 * <p>Without UserName, IAM acts on the caller's own keys; the emulator has no caller, so UserName
 * is required (as for GetUser).
 */
final class AccessKeyActions implements ActionTable {

    private final PrincipalStore store;
    private final Map<String, Function<QueryRequest, Consumer<Xml>>> actions;

    AccessKeyActions(PrincipalStore store) {
        this.store = store;
        this.actions =
                Map.ofEntries(
                        Map.entry("CreateAccessKey", this::createAccessKey),
                        Map.entry("ListAccessKeys", this::listAccessKeys),
                        Map.entry("UpdateAccessKey", this::updateAccessKey),
                        Map.entry("DeleteAccessKey", this::deleteAccessKey),
                        Map.entry("GetAccessKeyLastUsed", this::getAccessKeyLastUsed));
    }

    @Override
    public Map<String, Function<QueryRequest, Consumer<Xml>>> actions() {
        return actions;
    }

    private Consumer<Xml> createAccessKey(QueryRequest request) {
        AccessKeySnapshot key = store.createAccessKey(request.required("UserName"));
        return xml ->
                xml.start("AccessKey")
                        .element("UserName", key.userName())
                        .element("AccessKeyId", key.accessKeyId())
                        .element("Status", key.status())
                        .element("SecretAccessKey", key.secretAccessKey())
                        .element("CreateDate", key.createDate())
                        .end();
    }

    /** IAM pages this list like the others; a user has two keys at most, so one page. */
    private Consumer<Xml> listAccessKeys(QueryRequest request) {
        var page =
                Page.of(
                        store.accessKeys(request.required("UserName")),
                        AccessKeySnapshot::accessKeyId,
                        request);
        return xml -> {
            xml.start("AccessKeyMetadata");
            page.items()
                    .forEach(
                            key ->
                                    xml.start("member")
                                            .element("UserName", key.userName())
                                            .element("AccessKeyId", key.accessKeyId())
                                            .element("Status", key.status())
                                            .element("CreateDate", key.createDate())
                                            .end());
            xml.end();
            page.writeTruncation(xml);
        };
    }

    private Consumer<Xml> updateAccessKey(QueryRequest request) {
        store.updateAccessKey(
                request.required("UserName"),
                request.required("AccessKeyId"),
                request.required("Status"));
        return null;
    }

    private Consumer<Xml> deleteAccessKey(QueryRequest request) {
        store.deleteAccessKey(request.required("UserName"), request.required("AccessKeyId"));
        return null;
    }

    private Consumer<Xml> getAccessKeyLastUsed(QueryRequest request) {
        AccessKeySnapshot key = store.accessKeyLastUsed(request.required("AccessKeyId"));
        return xml -> {
            xml.element("UserName", key.userName()).start("AccessKeyLastUsed");
            if (key.lastUsedDate() != null) {
                xml.element("LastUsedDate", key.lastUsedDate());
            }
            xml.element("ServiceName", key.lastUsedService())
                    .element("Region", key.lastUsedRegion())
                    .end();
        };
    }
}
