package dev.operator.iam.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A list of events selected by the fields of the object they are about ({@code
 * fieldSelector=involvedObject.name=…,involvedObject.uid=…}), as {@code kubectl describe} asks for
 * them. The mock server selects on a few metadata fields only, and answers such a list with no
 * events; here the list is taken whole from the store and filtered.
 */
record EventSelection(
        Map<String, String> equal, Map<String, String> notEqual, String otherParameters) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVENT_LIST = Pattern.compile("/api/v1(/namespaces/[^/]+)?/events");

    static boolean isEventList(String path) {
        return EVENT_LIST.matcher(path).matches();
    }

    /** The selection in this query string, if it selects on {@code involvedObject} fields. */
    static Optional<EventSelection> of(String query) {
        Map<String, String> equal = new LinkedHashMap<>();
        Map<String, String> notEqual = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        boolean selectsInvolvedObject = false;
        for (String parameter : query.split("&")) {
            if (!parameter.startsWith("fieldSelector=")) {
                others.add(parameter);
                continue;
            }
            String selector =
                    URLDecoder.decode(
                            parameter.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
            for (String term : selector.split(",")) {
                if (term.isBlank()) {
                    continue;
                }
                selectsInvolvedObject |= term.startsWith("involvedObject.");
                int not = term.indexOf("!=");
                if (not > 0) {
                    notEqual.put(term.substring(0, not), term.substring(not + 2));
                } else {
                    String[] parts = term.split("==?", 2);
                    equal.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
        }
        if (!selectsInvolvedObject) {
            return Optional.empty();
        }
        return Optional.of(
                new EventSelection(
                        equal, notEqual, others.isEmpty() ? "" : "?" + String.join("&", others)));
    }

    /** The event list answered by the store, without the events this selection excludes. */
    String filter(String eventList) {
        try {
            Map<String, Object> list = JSON.readValue(eventList, new TypeReference<>() {});
            if (list.get("items") instanceof List<?> items) {
                list.put("items", items.stream().filter(this::selects).toList());
            }
            // The store calls it a List; kubectl's typed client decodes only an EventList.
            list.put("kind", "EventList");
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not an event list: " + eventList, e);
        }
    }

    boolean selects(Object event) {
        for (Map.Entry<String, String> term : equal.entrySet()) {
            if (!Objects.equals(field(event, term.getKey()), term.getValue())) {
                return false;
            }
        }
        for (Map.Entry<String, String> term : notEqual.entrySet()) {
            if (Objects.equals(field(event, term.getKey()), term.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** A field by its dotted path, as text ("" when absent, as the API server compares it). */
    private static String field(Object object, String path) {
        Object current = object;
        for (String name : path.split("\\.")) {
            current = current instanceof Map<?, ?> map ? map.get(name) : null;
        }
        return current == null ? "" : String.valueOf(current);
    }
}
