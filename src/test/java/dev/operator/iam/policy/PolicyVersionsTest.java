package dev.operator.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.operator.iam.policy.PolicyVersions.Version;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** IAM keeps at most five versions of a managed policy; the default one is never deleted. */
class PolicyVersionsTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** Version {@code vN}, created N days after T0. */
    private static Version v(int n) {
        return new Version("v" + n, false, T0.plusSeconds(86_400L * n));
    }

    private static Version defaultV(int n) {
        return new Version("v" + n, true, T0.plusSeconds(86_400L * n));
    }

    private static Version sameDay(int n, boolean isDefault) {
        return new Version("v" + n, isDefault, T0);
    }

    private static Arguments row(String reason, List<Version> versions, List<String> toDelete) {
        return argumentSet(reason, versions, toDelete);
    }

    static Stream<Arguments> limits() {
        return Stream.of(
                row("no versions: nothing to delete", List.of(), List.of()),
                row("only the default version: nothing to delete", List.of(defaultV(1)), List.of()),
                row(
                        "three versions: room for a fourth",
                        List.of(v(1), v(2), defaultV(3)),
                        List.of()),
                row(
                        "four versions: room for the fifth",
                        List.of(v(1), v(2), v(3), defaultV(4)),
                        List.of()),
                row(
                        "five versions, default newest: the oldest goes",
                        List.of(v(1), v(2), v(3), v(4), defaultV(5)),
                        List.of("v1")),
                row(
                        "five versions, default oldest: the oldest non-default goes",
                        List.of(defaultV(1), v(2), v(3), v(4), v(5)),
                        List.of("v2")),
                row(
                        "five versions, default in the middle: the oldest goes",
                        List.of(v(1), v(2), defaultV(3), v(4), v(5)),
                        List.of("v1")),
                row(
                        "listed out of order: the oldest by date goes, not the first listed",
                        List.of(v(4), defaultV(5), v(2), v(3), v(1)),
                        List.of("v1")),
                row(
                        "dates win over version numbers (a rolled-back default may be newer)",
                        List.of(
                                new Version("v1", false, T0.plusSeconds(500)),
                                new Version("v2", false, T0),
                                v(3),
                                v(4),
                                defaultV(5)),
                        List.of("v2")),
                row(
                        "equal dates: the lowest version number goes, compared as numbers",
                        List.of(
                                sameDay(10, false),
                                sameDay(9, false),
                                sameDay(11, false),
                                sameDay(12, false),
                                sameDay(13, true)),
                        List.of("v9")),
                row(
                        "equal dates, default has the lowest number: the next number goes",
                        List.of(
                                sameDay(9, true),
                                sameDay(10, false),
                                sameDay(11, false),
                                sameDay(12, false),
                                sameDay(13, false)),
                        List.of("v10")),
                row(
                        "a version without a date is deleted first",
                        List.of(v(1), new Version("v2", false, null), v(3), v(4), defaultV(5)),
                        List.of("v2")),
                row(
                        "six versions (over the quota): the two oldest non-default go",
                        List.of(defaultV(1), v(2), v(3), v(4), v(5), v(6)),
                        List.of("v2", "v3")));
    }

    @ParameterizedTest
    @MethodSource("limits")
    void makesRoomForOneMoreVersion(List<Version> versions, List<String> toDelete) {
        List<String> deleted = PolicyVersions.toDeleteBeforeCreate(versions);

        assertThat(deleted).containsExactlyElementsOf(toDelete);
        assertThat(versions.size() - deleted.size() + 1)
                .as("versions after the new one")
                .isLessThanOrEqualTo(PolicyVersions.MAX_VERSIONS);
        assertThat(versions)
                .filteredOn(Version::isDefault)
                .as("the default version is never deleted")
                .allSatisfy(d -> assertThat(deleted).doesNotContain(d.id()));
    }

    @Test
    void listsEveryNonDefaultVersionForDeletingThePolicy() {
        List<Version> versions = List.of(v(1), v(2), defaultV(3), v(4));

        assertThat(PolicyVersions.nonDefault(versions)).containsExactly("v1", "v2", "v4");
    }

    @Test
    void listsNoVersionWhenOnlyTheDefaultExists() {
        assertThat(PolicyVersions.nonDefault(List.of(defaultV(1)))).isEmpty();
    }

    @Test
    void readsVersionNumbersAsNumbersAndAnythingElseAsFirst() {
        assertThat(PolicyVersions.number("v12")).isEqualTo(12);
        assertThat(PolicyVersions.number("v1")).isEqualTo(1);
        assertThat(PolicyVersions.number("draft")).isEqualTo(-1);
        assertThat(PolicyVersions.number("")).isEqualTo(-1);
        assertThat(PolicyVersions.number(null)).isEqualTo(-1);
    }
}
