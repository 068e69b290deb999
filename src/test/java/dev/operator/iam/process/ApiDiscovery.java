package dev.operator.iam.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a real API server serves about itself and the mock server in CRUD mode does not: discovery
 * ({@code /api}, {@code /apis}, each group version's {@code APIResourceList}) and OpenAPI v3, for a
 * few core kinds and the custom resources of the CRDs given. kubectl needs both: discovery to map a
 * kind, a short name or a category ({@code kubectl get iam}) to a resource, and OpenAPI v3 to learn
 * that a kind's PATCH takes {@code fieldValidation} ({@code kubectl apply} refuses to send an
 * object it can neither have validated by the server nor validate itself) and for {@code kubectl
 * explain}. The documents are answers, not state: the mock server still stores the objects.
 */
final class ApiDiscovery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final List<String> VERBS =
            List.of(
                    "create",
                    "delete",
                    "deletecollection",
                    "get",
                    "list",
                    "patch",
                    "update",
                    "watch");

    /** A resource served by a group version. */
    record Resource(
            String group,
            String version,
            String plural,
            String singular,
            String kind,
            boolean namespaced,
            List<String> shortNames,
            List<String> categories,
            Map<String, Object> schema,
            boolean statusSubresource) {

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        /** {@code api/v1} or {@code apis/<group>/<version>}, without a leading slash. */
        String root() {
            return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
        }
    }

    /** What a sandbox needs of the core group: namespaces to create, and what describe reads. */
    private static final List<Resource> BUILT_IN =
            List.of(
                    core("namespaces", "namespace", "Namespace", false, "ns"),
                    core("secrets", "secret", "Secret", true),
                    core("configmaps", "configmap", "ConfigMap", true, "cm"),
                    core("events", "event", "Event", true, "ev"),
                    core("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"),
                    new Resource(
                            "apiextensions.k8s.io",
                            "v1",
                            "customresourcedefinitions",
                            "customresourcedefinition",
                            "CustomResourceDefinition",
                            false,
                            List.of("crd", "crds"),
                            List.of(),
                            null,
                            true),
                    new Resource(
                            "coordination.k8s.io",
                            "v1",
                            "leases",
                            "lease",
                            "Lease",
                            true,
                            List.of(),
                            List.of(),
                            null,
                            false));

    private volatile List<Resource> resources = BUILT_IN;

    /** Serves the custom resources of these CRDs (every served version) besides the core ones. */
    void serve(List<CustomResourceDefinition> crds) {
        List<Resource> all = new ArrayList<>(BUILT_IN);
        for (CustomResourceDefinition crd : crds) {
            CustomResourceDefinitionNames names = crd.getSpec().getNames();
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                if (Boolean.FALSE.equals(version.getServed())) {
                    continue;
                }
                all.add(
                        new Resource(
                                crd.getSpec().getGroup(),
                                version.getName(),
                                names.getPlural(),
                                names.getSingular(),
                                names.getKind(),
                                "Namespaced".equals(crd.getSpec().getScope()),
                                orEmpty(names.getShortNames()),
                                orEmpty(names.getCategories()),
                                version.getSchema() == null
                                        ? null
                                        : asMap(
                                                SERIALIZATION.convertValue(
                                                        version.getSchema().getOpenAPIV3Schema(),
                                                        Map.class)),
                                version.getSubresources() != null
                                        && version.getSubresources().getStatus() != null));
            }
        }
        resources = List.copyOf(all);
    }

    /**
     * OpenAPI v2 as kubectl before 1.27 reads it for client-side validation (protobuf only): a
     * document with {@code swagger: "2.0"} and no definitions, so that it finds no schema for our
     * kinds and skips validating them, as it does for any kind the server does not describe.
     */
    static MockResponse openApiV2() {
        byte[] swagger = "2.0".getBytes(StandardCharsets.UTF_8);
        byte[] document = new byte[2 + swagger.length];
        document[0] = 0x0A; // field 1 (swagger), length-delimited
        document[1] = (byte) swagger.length;
        System.arraycopy(swagger, 0, document, 2, swagger.length);
        return new MockResponse()
                .setResponseCode(200)
                // What the real server names it has an '@', which kubectl 1.20 cannot parse back.
                .setHeader("Content-Type", "application/octet-stream")
                .setBody(document);
    }

    List<Resource> resources() {
        return resources;
    }

    /**
     * The JSON answer to a GET of {@code path} (without its query), if it is a discovery or OpenAPI
     * document.
     */
    Optional<String> answer(String path) {
        String p =
                path.endsWith("/") && path.length() > 1
                        ? path.substring(0, path.length() - 1)
                        : path;
        if (p.equals("/api")) {
            return json(
                    ordered(
                            "kind", "APIVersions",
                            "versions", List.of("v1"),
                            "serverAddressByClientCIDRs", List.of()));
        }
        if (p.equals("/apis")) {
            return json(
                    ordered(
                            "kind", "APIGroupList",
                            "apiVersion", "v1",
                            "groups", groups().stream().map(this::apiGroup).toList()));
        }
        if (p.equals("/openapi/v3")) {
            Map<String, Object> paths = new LinkedHashMap<>();
            for (String root : roots()) {
                paths.put(root, Map.of("serverRelativeURL", "/openapi/v3/" + root));
            }
            return json(Map.of("paths", paths));
        }
        if (p.startsWith("/openapi/v3/")) {
            String root = p.substring("/openapi/v3/".length());
            return roots().contains(root) ? json(openApi(root)) : Optional.empty();
        }
        if (p.startsWith("/apis/") && p.indexOf('/', 6) < 0) {
            String group = p.substring(6);
            return groups().contains(group) ? json(apiGroup(group)) : Optional.empty();
        }
        String root = p.substring(1);
        return roots().contains(root) ? json(resourceList(root)) : Optional.empty();
    }

    private Set<String> groups() {
        Set<String> groups = new LinkedHashSet<>();
        resources.stream().map(Resource::group).filter(g -> !g.isEmpty()).forEach(groups::add);
        return groups;
    }

    private Set<String> roots() {
        Set<String> roots = new LinkedHashSet<>();
        resources.forEach(r -> roots.add(r.root()));
        return roots;
    }

    private Map<String, Object> apiGroup(String group) {
        List<Map<String, Object>> versions =
                resources.stream()
                        .filter(r -> r.group().equals(group))
                        .map(Resource::version)
                        .distinct()
                        .map(v -> ordered("groupVersion", group + "/" + v, "version", v))
                        .toList();
        return ordered(
                "kind",
                "APIGroup",
                "apiVersion",
                "v1",
                "name",
                group,
                "versions",
                versions,
                "preferredVersion",
                versions.get(0));
    }

    private Map<String, Object> resourceList(String root) {
        List<Map<String, Object>> list = new ArrayList<>();
        String groupVersion = null;
        for (Resource r : resources) {
            if (!r.root().equals(root)) {
                continue;
            }
            groupVersion = r.groupVersion();
            Map<String, Object> entry =
                    ordered(
                            "name", r.plural(),
                            "singularName", r.singular(),
                            "namespaced", r.namespaced(),
                            "kind", r.kind(),
                            "verbs", VERBS);
            if (!r.shortNames().isEmpty()) {
                entry.put("shortNames", r.shortNames());
            }
            if (!r.categories().isEmpty()) {
                entry.put("categories", r.categories());
            }
            list.add(entry);
            if (r.statusSubresource()) {
                list.add(
                        ordered(
                                "name", r.plural() + "/status",
                                "singularName", "",
                                "namespaced", r.namespaced(),
                                "kind", r.kind(),
                                "verbs", List.of("get", "patch", "update")));
            }
        }
        return ordered(
                "kind",
                "APIResourceList",
                "apiVersion",
                "v1",
                "groupVersion",
                groupVersion,
                "resources",
                list);
    }

    /**
     * An OpenAPI v3 document of one group version: each kind's schema (from its CRD, for {@code
     * kubectl explain}) and, for each kind, a PATCH operation that declares the {@code
     * fieldValidation} parameter, which is what kubectl looks for before it leaves validation to
     * the server. The mock server ignores the parameter: nothing is validated.
     */
    private Map<String, Object> openApi(String root) {
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Object> schemas = new LinkedHashMap<>();
        for (Resource r : resources) {
            if (!r.root().equals(root)) {
                continue;
            }
            Map<String, Object> gvk =
                    ordered("group", r.group(), "version", r.version(), "kind", r.kind());
            String schemaName =
                    (r.group().isEmpty() ? "io.k8s.api.core" : reversed(r.group()))
                            + "."
                            + r.version()
                            + "."
                            + r.kind();
            Map<String, Object> schema =
                    new LinkedHashMap<>(
                            r.schema() == null
                                    ? Map.of(
                                            "type",
                                            "object",
                                            "x-kubernetes-preserve-unknown-fields",
                                            true)
                                    : r.schema());
            schema.put("x-kubernetes-group-version-kind", List.of(gvk));
            schemas.put(schemaName, schema);
            Map<String, Object> patch =
                    ordered(
                            "operationId",
                            "patch" + r.kind(),
                            "x-kubernetes-action",
                            "patch",
                            "x-kubernetes-group-version-kind",
                            gvk,
                            "parameters",
                            List.of(
                                    ordered(
                                            "name", "fieldValidation",
                                            "in", "query",
                                            "schema", Map.of("type", "string")),
                                    ordered(
                                            "name", "fieldManager",
                                            "in", "query",
                                            "schema", Map.of("type", "string"))),
                            "responses",
                            Map.of(
                                    "200",
                                    Map.of(
                                            "description",
                                            "OK",
                                            "content",
                                            Map.of(
                                                    "application/json",
                                                    Map.of(
                                                            "schema",
                                                            Map.of(
                                                                    "$ref",
                                                                    "#/components/schemas/"
                                                                            + schemaName))))));
            String prefix = "/" + root + (r.namespaced() ? "/namespaces/{namespace}/" : "/");
            paths.put(prefix + r.plural() + "/{name}", Map.of("patch", patch));
        }
        return ordered(
                "openapi",
                "3.0.0",
                "info",
                Map.of("title", "Kubernetes", "version", "v1.30.0"),
                "paths",
                paths,
                "components",
                Map.of("schemas", schemas));
    }

    private static String reversed(String group) {
        List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
        java.util.Collections.reverse(parts);
        return String.join(".", parts);
    }

    private static Resource core(
            String plural, String singular, String kind, boolean namespaced, String... shortNames) {
        return new Resource(
                "",
                "v1",
                plural,
                singular,
                kind,
                namespaced,
                List.of(shortNames),
                List.of(),
                null,
                false);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** A map that keeps the order of its keys, so documents read like a real server's. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Optional<String> json(Object document) {
        try {
            return Optional.of(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a discovery document", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
