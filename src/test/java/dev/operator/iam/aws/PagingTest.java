package dev.operator.iam.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.aws.Paging.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IAM's marker paging: every page in order, fetched only as far as the caller reads. */
class PagingTest {

    /** Three pages: [a, b] → m1 → [c] → m2 → [d], as a truncated List call answers them. */
    private final Map<String, Page<String>> pages =
            Map.of(
                    "", Page.of(List.of("a", "b"), true, "m1"),
                    "m1", Page.of(List.of("c"), true, "m2"),
                    "m2", Page.of(List.of("d"), false, "ignored"));

    private final List<String> markersSent = new ArrayList<>();

    private Page<String> fetch(String marker) {
        markersSent.add(marker);
        return pages.get(marker == null ? "" : marker);
    }

    @Test
    void readsEveryPageInOrderFollowingTheMarkers() {
        assertThat(Paging.all(this::fetch).toList()).containsExactly("a", "b", "c", "d");
        assertThat(markersSent).containsExactly(null, "m1", "m2");
    }

    @Test
    void stopsFetchingOnceTheCallerHasWhatItLooksFor() {
        assertThat(Paging.all(this::fetch).filter("b"::equals).findFirst()).contains("b");
        assertThat(markersSent).containsExactly((String) null);
    }

    @Test
    void aMarkerIsFollowedOnlyWhenTheAnswerIsTruncated() {
        assertThat(Page.of(List.of("x"), false, "m").nextMarker()).isNull();
        assertThat(Page.of(List.of("x"), null, "m").nextMarker()).isNull();
        assertThat(Page.of(List.of("x"), true, "m").nextMarker()).isEqualTo("m");
    }

    @Test
    void anEmptyPageWithAMarkerGoesOnToTheNext() {
        Map<String, Page<String>> gappy =
                Map.of(
                        "", Page.of(List.of(), true, "m1"),
                        "m1", Page.of(List.of("z"), false, null));
        assertThat(Paging.all(m -> gappy.get(m == null ? "" : m)).toList()).containsExactly("z");
    }
}
