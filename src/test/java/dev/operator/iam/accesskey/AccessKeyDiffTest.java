package dev.operator.iam.accesskey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure comparison of an AccessKey spec with the key IAM holds and the Secret. */
class AccessKeyDiffTest {

    static final String ID = "AKIAEXAMPLEEXAMPLE01";

    static ObservedAccessKey key(String status, String secretKeyId) {
        return new ObservedAccessKey(
                "arn:aws:iam::123456789012:user/ci",
                ID,
                ID,
                "ci",
                status,
                Instant.EPOCH,
                List.of(),
                secretKeyId,
                null,
                null,
                null);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("active as asked, in the Secret", "Active", "Active", ID, List.of()),
                Arguments.of("inactive as asked", "Inactive", "Inactive", ID, List.of()),
                Arguments.of(
                        "made inactive out of band",
                        "Active",
                        "Inactive",
                        ID,
                        List.of(AccessKeyDiff.STATUS)),
                Arguments.of(
                        "to deactivate", "Inactive", "Active", ID, List.of(AccessKeyDiff.STATUS)),
                Arguments.of(
                        "the Secret was deleted",
                        "Active",
                        "Active",
                        null,
                        List.of(AccessKeyDiff.SECRET)),
                Arguments.of(
                        "the Secret holds another key",
                        "Active",
                        "Active",
                        "AKIAOTHEROTHEROTHER1",
                        List.of(AccessKeyDiff.SECRET)),
                Arguments.of(
                        "both",
                        "Inactive",
                        "Active",
                        null,
                        List.of(AccessKeyDiff.STATUS, AccessKeyDiff.SECRET)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void diff(String reason, String desired, String inIam, String inSecret, List<String> expected) {
        assertThat(AccessKeyDiff.diff(desired, key(inIam, inSecret)).fields())
                .as(reason)
                .containsExactlyElementsOf(expected);
    }

    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration DAY = Duration.ofDays(1);

    static ObservedAccessKey createdAt(Instant created, String secretKeyId) {
        return new ObservedAccessKey(
                "arn:aws:iam::123456789012:user/ci",
                ID,
                ID,
                "ci",
                "Active",
                created,
                List.of(),
                secretKeyId,
                null,
                null,
                null);
    }

    static Stream<Arguments> rotations() {
        AccessKeyDiff.Rotation daily =
                new AccessKeyDiff.Rotation(DAY, Duration.ofHours(1), null, null);
        Instant written = CREATED.plus(DAY);
        AccessKeyDiff.Rotation pending =
                new AccessKeyDiff.Rotation(
                        DAY, Duration.ofHours(1), "AKIAPREVIOUSPREVIOUS", written);
        return Stream.of(
                Arguments.of(
                        "no rotation asked",
                        AccessKeyDiff.Rotation.NONE,
                        CREATED.plus(DAY),
                        ID,
                        List.of()),
                Arguments.of(
                        "younger than the period",
                        daily,
                        CREATED.plus(Duration.ofHours(23)),
                        ID,
                        List.of()),
                Arguments.of(
                        "the period reached",
                        daily,
                        CREATED.plus(DAY),
                        ID,
                        List.of(AccessKeyDiff.ROTATION)),
                Arguments.of(
                        "the period reached but the Secret lost: the replacement is the rotation",
                        daily,
                        CREATED.plus(DAY),
                        null,
                        List.of(AccessKeyDiff.SECRET)),
                Arguments.of(
                        "a previous key inside its overlap: no rotation, nothing to delete",
                        pending,
                        written.plus(Duration.ofMinutes(59)),
                        ID,
                        List.of()),
                Arguments.of(
                        "the overlap over: the previous key goes (the current is not due again)",
                        pending,
                        written.plus(Duration.ofHours(1)),
                        ID,
                        List.of(AccessKeyDiff.PREVIOUS_KEY)),
                Arguments.of(
                        "a previous key of unknown age: deleted",
                        new AccessKeyDiff.Rotation(
                                DAY, Duration.ofHours(1), "AKIAPREVIOUSPREVIOUS", null),
                        CREATED,
                        ID,
                        List.of(AccessKeyDiff.PREVIOUS_KEY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rotations")
    void rotation(
            String reason,
            AccessKeyDiff.Rotation rotation,
            Instant now,
            String inSecret,
            List<String> expected) {
        Instant created = CREATED;
        if (rotation.previousKeyId() != null) {
            // the current key is the successor, made when the Secret was written
            created = rotation.secretWrittenAt() == null ? CREATED : rotation.secretWrittenAt();
        }
        assertThat(
                        AccessKeyDiff.diff("Active", createdAt(created, inSecret), rotation, now)
                                .fields())
                .as(reason)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void durationsInKubernetesStyleWithDaysOrIso8601() {
        assertThat(Durations.parse("2160h")).contains(Duration.ofHours(2160));
        assertThat(Durations.parse("90d")).contains(Duration.ofDays(90));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("P90D")).contains(Duration.ofDays(90));
        assertThat(Durations.parse("PT36H")).contains(Duration.ofHours(36));
        assertThat(Durations.parse("90")).isEmpty();
        assertThat(Durations.parse("ninety days")).isEmpty();
        assertThat(Durations.parse(null)).isEmpty();
    }

    @Test
    void theObservedKeyNeverPrintsItsSecret() {
        ObservedAccessKey made =
                new ObservedAccessKey(
                        "arn:aws:iam::123456789012:user/ci",
                        ID,
                        ID,
                        "ci",
                        "Active",
                        Instant.EPOCH,
                        List.of(),
                        ID,
                        null,
                        null,
                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

        assertThat(made.toString()).contains(ID).doesNotContain("wJalrXUtnFEMI");
    }
}
