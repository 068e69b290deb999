package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSelectionTest {

    private static final Map<String, Object> CREATED =
            Map.of(
                    "reason",
                    "Created",
                    "involvedObject",
                    Map.of("kind", "Policy", "name", "orders", "uid", "1"));

    @Test
    void selectsTheEventsOfOneObjectAsKubectlDescribeAsks() {
        EventSelection selection =
                EventSelection.of(
                                "fieldSelector=involvedObject.name%3Dorders%2CinvolvedObject.kind%3DPolicy"
                                    + "%2CinvolvedObject.uid%3D1&limit=500")
                        .orElseThrow();

        assertThat(selection.selects(CREATED)).isTrue();
        assertThat(selection.otherParameters()).isEqualTo("?limit=500");
        assertThat(
                        EventSelection.of("fieldSelector=involvedObject.name%3Dother")
                                .orElseThrow()
                                .selects(CREATED))
                .isFalse();
        assertThat(
                        EventSelection.of(
                                        "fieldSelector=reason!%3DCreated,involvedObject.kind=Policy")
                                .orElseThrow()
                                .selects(CREATED))
                .isFalse();
    }

    @Test
    void leavesOtherSelectionsToTheStore() {
        assertThat(EventSelection.of("fieldSelector=metadata.name%3Dx&limit=5")).isEmpty();
        assertThat(EventSelection.of("limit=5")).isEmpty();
        assertThat(EventSelection.isEventList("/api/v1/namespaces/default/events")).isTrue();
        assertThat(EventSelection.isEventList("/api/v1/events")).isTrue();
        assertThat(EventSelection.isEventList("/api/v1/namespaces/default/secrets")).isFalse();
    }

    @Test
    void answersAnEventListWithoutTheEventsNotSelected() {
        String list =
                EventSelection.of("fieldSelector=involvedObject.name%3Dorders")
                        .orElseThrow()
                        .filter(
                                "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":["
                                        + "{\"involvedObject\":{\"name\":\"orders\"}},"
                                        + "{\"involvedObject\":{\"name\":\"other\"}}]}");

        assertThat(list).contains("\"kind\":\"EventList\"", "orders").doesNotContain("other");
    }
}
