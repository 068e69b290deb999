package dev.operator.iam.aws;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * IAM's marker paging, written once: a List call answers one page, {@code IsTruncated} says whether
 * another follows, and its {@code Marker} is sent to get it. Pages are fetched lazily, so a search
 * that finds what it looks for on the first page makes one call.
 */
public final class Paging {

    /** One answer of a List call: its items, and the marker of the next page when truncated. */
    public record Page<T>(List<T> items, String nextMarker) {

        /** From an SDK answer's {@code items()}, {@code isTruncated()} and {@code marker()}. */
        public static <T> Page<T> of(List<T> items, Boolean truncated, String marker) {
            return new Page<>(items, Boolean.TRUE.equals(truncated) ? marker : null);
        }
    }

    private Paging() {}

    /**
     * Every item of every page, fetched as the stream is consumed.
     *
     * @param fetch the List call for a marker ({@code null} for the first page)
     */
    public static <T> Stream<T> all(Function<String, Page<T>> fetch) {
        Iterator<T> items =
                new Iterator<>() {
                    private Iterator<T> page = List.<T>of().iterator();
                    private String marker;
                    private boolean first = true;

                    @Override
                    public boolean hasNext() {
                        while (!page.hasNext() && (first || marker != null)) {
                            Page<T> next = fetch.apply(marker);
                            first = false;
                            marker = next.nextMarker();
                            page = next.items().iterator();
                        }
                        return page.hasNext();
                    }

                    @Override
                    public T next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return page.next();
                    }
                };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
    }
}
