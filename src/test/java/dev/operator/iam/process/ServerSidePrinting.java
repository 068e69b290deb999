package dev.operator.iam.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Table} a real API server answers {@code kubectl get} with (server-side printing: the
 * CRD's {@code additionalPrinterColumns}), which the mock server does not. Without it kubectl
 * prints only NAME and AGE for a custom resource.
 */
final class ServerSidePrinting {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** {@code .a.b}, {@code .a[0]}, {@code .a[?(@.k=="v")]}: what printer columns use. */
    private static final Pattern SEGMENT =
            Pattern.compile(
                    "\\.([A-Za-z0-9_-]+)(?:\\[(?:(\\d+)|\\?\\(@\\.([A-Za-z0-9_-]+)==\"([^\"]*)\"\\))\\])?");

    private static final Pattern RESOURCE_PATH =
            Pattern.compile("/apis/([^/]+)/([^/]+)(?:/namespaces/[^/]+)?/([^/]+)(?:/([^/]+))?");

    private volatile Map<String, List<CustomResourceColumnDefinition>> columns = Map.of();

    void serve(List<CustomResourceDefinition> crds) {
        Map<String, List<CustomResourceColumnDefinition>> byResource = new LinkedHashMap<>();
        for (CustomResourceDefinition crd : crds) {
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                byResource.put(
                        crd.getSpec().getGroup()
                                + "/"
                                + version.getName()
                                + "/"
                                + crd.getSpec().getNames().getPlural(),
                        version.getAdditionalPrinterColumns() == null
                                ? List.of()
                                : List.copyOf(version.getAdditionalPrinterColumns()));
            }
        }
        columns = byResource;
    }

    /** Whether a GET of this path with this Accept header asks for a Table this class can make. */
    boolean wants(String path, String accept) {
        return accept != null && accept.contains("as=Table") && columnsOf(path).isPresent();
    }

    /** The Table of the object or list that the mock server answered. */
    String table(String path, String body) {
        List<CustomResourceColumnDefinition> defs = columnsOf(path).orElseThrow();
        Map<String, Object> answer = read(body);
        List<Map<String, Object>> objects = new ArrayList<>();
        if (answer.get("items") instanceof List<?> items) {
            items.forEach(item -> objects.add(asMap(item)));
        } else {
            objects.add(answer);
        }
        List<Map<String, Object>> columnDefinitions = new ArrayList<>();
        columnDefinitions.add(column("Name", "string", "name", 0));
        for (CustomResourceColumnDefinition def : defs) {
            columnDefinitions.add(
                    column(
                            def.getName(),
                            def.getType(),
                            def.getFormat() == null ? "" : def.getFormat(),
                            def.getPriority() == null ? 0 : def.getPriority()));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Instant now = Instant.now();
        for (Map<String, Object> object : objects) {
            Map<String, Object> metadata = asMap(object.get("metadata"));
            List<Object> cells = new ArrayList<>();
            cells.add(metadata.get("name"));
            for (CustomResourceColumnDefinition def : defs) {
                Object value = evaluate(object, def.getJsonPath());
                cells.add("date".equals(def.getType()) ? age(value, now) : value);
            }
            Map<String, Object> partial = new LinkedHashMap<>();
            partial.put("kind", "PartialObjectMetadata");
            partial.put("apiVersion", "meta.k8s.io/v1");
            partial.put("metadata", metadata);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cells", cells);
            row.put("object", partial);
            rows.add(row);
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.put(
                "metadata",
                answer.containsKey("items") ? answer.getOrDefault("metadata", Map.of()) : Map.of());
        table.put("columnDefinitions", columnDefinitions);
        table.put("rows", rows);
        try {
            return JSON.writeValueAsString(table);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Table", e);
        }
    }

    /** The value at a printer column's JSON path, or null; a list's first element's value. */
    static Object evaluate(Map<String, Object> object, String jsonPath) {
        Object current = object;
        Matcher m = SEGMENT.matcher(jsonPath);
        int at = 0;
        while (at < jsonPath.length()) {
            if (!m.find(at) || m.start() != at || !(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(m.group(1));
            if (m.group(2) != null) {
                current =
                        current instanceof List<?> list
                                        && list.size() > Integer.parseInt(m.group(2))
                                ? list.get(Integer.parseInt(m.group(2)))
                                : null;
            } else if (m.group(3) != null) {
                current = matching(current, m.group(3), m.group(4));
            }
            at = m.end();
        }
        return current;
    }

    /**
     * A date column as the API server shows it: the time since then, as {@code kubectl} prints ages
     * ({@code 42s}, {@code 3m12s}, {@code 5h}, {@code 3d}).
     */
    static Object age(Object timestamp, Instant now) {
        if (!(timestamp instanceof String text)) {
            return timestamp;
        }
        Instant then;
        try {
            then = Instant.parse(text);
        } catch (DateTimeParseException e) {
            return timestamp;
        }
        long seconds = Math.max(0, Duration.between(then, now).toSeconds());
        long minutes = seconds / 60;
        long hours = minutes / 60;
        if (seconds < 120) {
            return seconds + "s";
        } else if (minutes < 10) {
            return minutes + "m" + (seconds % 60 == 0 ? "" : (seconds % 60) + "s");
        } else if (hours < 3) {
            return minutes + "m";
        } else if (hours < 8) {
            return hours + "h" + (minutes % 60 == 0 ? "" : (minutes % 60) + "m");
        } else if (hours < 48) {
            return hours + "h";
        }
        return hours / 24 + "d";
    }

    private static Object matching(Object list, String field, String value) {
        if (!(list instanceof List<?> elements)) {
            return null;
        }
        for (Object element : elements) {
            if (element instanceof Map<?, ?> map && value.equals(String.valueOf(map.get(field)))) {
                return element;
            }
        }
        return null;
    }

    private Optional<List<CustomResourceColumnDefinition>> columnsOf(String path) {
        Matcher m = RESOURCE_PATH.matcher(path);
        if (!m.matches() || (m.group(4) != null && m.group(4).equals("status"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(columns.get(m.group(1) + "/" + m.group(2) + "/" + m.group(3)));
    }

    private static Map<String, Object> column(
            String name, String type, String format, int priority) {
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("name", name);
        column.put("type", type);
        column.put("format", format);
        column.put("description", "");
        column.put("priority", priority);
        return column;
    }

    private static Map<String, Object> read(String body) {
        try {
            return JSON.readValue(body, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a JSON object: " + body, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }
}
