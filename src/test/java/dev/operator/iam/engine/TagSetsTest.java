package dev.operator.iam.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.operator.iam.api.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TagSetsTest {

    private static Arguments row(
            String reason,
            Map<String, String> desired,
            Map<String, String> observed,
            Map<String, String> toSet,
            Set<String> toRemove) {
        return argumentSet(reason, desired, observed, toSet, toRemove);
    }

    static Stream<Arguments> differences() {
        return Stream.of(
                row(
                        "equal sets need nothing",
                        Map.of("team", "a", "env", "prod"),
                        Map.of("env", "prod", "team", "a"),
                        Map.of(),
                        Set.of()),
                row("no tags on either side need nothing", Map.of(), Map.of(), Map.of(), Set.of()),
                row(
                        "a tag missing in AWS is set",
                        Map.of("team", "a"),
                        Map.of(),
                        Map.of("team", "a"),
                        Set.of()),
                row(
                        "a tag with another value in AWS is overwritten",
                        Map.of("team", "a"),
                        Map.of("team", "b"),
                        Map.of("team", "a"),
                        Set.of()),
                row(
                        "a tag only in AWS is removed",
                        Map.of("team", "a"),
                        Map.of("team", "a", "owner", "bob"),
                        Map.of(),
                        Set.of("owner")),
                row(
                        "an empty spec removes every tag in AWS",
                        Map.of(),
                        Map.of("team", "a", "owner", "bob"),
                        Map.of(),
                        Set.of("owner", "team")),
                row(
                        "an empty value is a value: set when AWS lacks the key",
                        Map.of("flag", ""),
                        Map.of(),
                        Map.of("flag", ""),
                        Set.of()),
                row(
                        "keys differing only in case are one tag, as in IAM: nothing to do",
                        Map.of("Team", "a"),
                        Map.of("team", "a"),
                        Map.of(),
                        Set.of()),
                row(
                        "a key in another case with another value is overwritten, never untagged"
                                + " (IAM would remove the tag the spec wants)",
                        Map.of("Team", "a"),
                        Map.of("team", "b"),
                        Map.of("Team", "a"),
                        Set.of()),
                row(
                        "set, overwrite and remove at once",
                        Map.of("a", "1", "b", "2"),
                        Map.of("b", "3", "c", "4"),
                        Map.of("a", "1", "b", "2"),
                        Set.of("c")));
    }

    @ParameterizedTest
    @MethodSource("differences")
    void comparesTagsAsSets(
            Map<String, String> desired,
            Map<String, String> observed,
            Map<String, String> toSet,
            Set<String> toRemove) {
        assertThat(TagSets.toSet(desired, observed)).as("to set").isEqualTo(toSet);
        assertThat(TagSets.toRemove(desired, observed)).as("to remove").isEqualTo(toRemove);
        assertThat(TagSets.differ(desired, observed))
                .as("differ")
                .isEqualTo(!toSet.isEmpty() || !toRemove.isEmpty());
    }

    @Test
    void readsSpecTagsIntoAMapKeepingTheirOrder() {
        List<Tag> tags =
                new ArrayList<>(
                        Arrays.asList(new Tag("z", "1"), new Tag("a", "2"), new Tag("m", "3")));

        assertThat(TagSets.toMap(tags))
                .containsExactly(Map.entry("z", "1"), Map.entry("a", "2"), Map.entry("m", "3"));
    }

    @Test
    void readsAMissingTagValueAsEmpty() {
        assertThat(TagSets.toMap(List.of(new Tag("flag", null))))
                .containsExactly(Map.entry("flag", ""));
    }

    @Test
    void readsNoTagListAsNoTags() {
        assertThat(TagSets.toMap(null)).isEmpty();
    }
}
