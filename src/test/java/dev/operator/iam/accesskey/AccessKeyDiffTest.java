package dev.operator.iam.accesskey;

import static org.assertj.core.api.Assertions.assertThat;

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
                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

        assertThat(made.toString()).contains(ID).doesNotContain("wJalrXUtnFEMI");
    }
}
