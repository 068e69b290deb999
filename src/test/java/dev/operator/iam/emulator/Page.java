package dev.operator.iam.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list operation, paged the IAM way with {@code MaxItems} (default 100) and an opaque
 * {@code Marker}. The marker encodes the sort key of the first item not yet returned, so a listing
 * stays consistent when items are added or removed between pages.
 *
 * @param nextMarker {@code null} when this is the last page
 */
record Page<T>(List<T> items, String nextMarker) {

    private static final int DEFAULT_MAX_ITEMS = 100;
    private static final int MAX_MAX_ITEMS = 1000;

    /**
     * Sorts {@code all} by {@code key} (unique per item) and cuts the page the request asks for.
     */
    static <T> Page<T> of(List<T> all, Function<T, String> key, QueryRequest request) {
        int maxItems = maxItems(request);
        String from = request.optional("Marker").map(Page::decodeMarker).orElse("");
        List<T> remaining =
                all.stream()
                        .sorted(Comparator.comparing(key))
                        .filter(item -> key.apply(item).compareTo(from) >= 0)
                        .toList();
        if (remaining.size() <= maxItems) {
            return new Page<>(remaining, null);
        }
        return new Page<>(
                remaining.subList(0, maxItems), encodeMarker(key.apply(remaining.get(maxItems))));
    }

    boolean truncated() {
        return nextMarker != null;
    }

    /** Writes {@code IsTruncated} and, when there is a next page, {@code Marker}. */
    void writeTruncation(Xml xml) {
        xml.element("IsTruncated", truncated()).element("Marker", nextMarker);
    }

    private static int maxItems(QueryRequest request) {
        String value = request.optional("MaxItems").orElse(null);
        if (value == null) {
            return DEFAULT_MAX_ITEMS;
        }
        try {
            int maxItems = Integer.parseInt(value);
            if (maxItems >= 1 && maxItems <= MAX_MAX_ITEMS) {
                return maxItems;
            }
        } catch (NumberFormatException e) {
            // reported below like an out-of-range number
        }
        throw ServiceError.validation(
                "maxItems", value, "Member must have value between 1 and " + MAX_MAX_ITEMS);
    }

    private static String encodeMarker(String key) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeMarker(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ServiceError.invalidInput("Invalid Marker.");
        }
    }
}
