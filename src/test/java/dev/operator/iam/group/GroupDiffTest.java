package dev.operator.iam.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The group diff as a table: each row says why AWS does or does not differ from the spec. */
class GroupDiffTest {

    private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    private static final String APP = "arn:aws:iam::123456789012:policy/app";
    private static final String DOC =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    private static final String DOC_REORDERED =
            "{\"Statement\":{\"Resource\":[\"*\"],\"Action\":[\"s3:GetObject\"],\"Effect\":\"Allow\"},\"Version\":\"2012-10-17\"}";
    private static final String OTHER_DOC = DOC.replace("GetObject", "PutObject");

    static Stream<Arguments> cases() {
        return Stream.of(
                row("nothing asked, nothing there", List.of(), Map.of(), List.of(), Map.of()),
                row(
                        "same policies in another order",
                        List.of(READ_ONLY, APP),
                        Map.of(),
                        List.of(APP, READ_ONLY),
                        Map.of()),
                row(
                        "a policy attached out of band",
                        List.of(APP),
                        Map.of(),
                        List.of(APP, READ_ONLY),
                        Map.of(),
                        "policies"),
                row(
                        "a policy of the spec detached out of band",
                        List.of(APP, READ_ONLY),
                        Map.of(),
                        List.of(APP),
                        Map.of(),
                        "policies"),
                row(
                        "inline document equal once parsed (order, one-element lists)",
                        List.of(),
                        Map.of("read", DOC),
                        List.of(),
                        Map.of("read", DOC_REORDERED)),
                row(
                        "inline document changed out of band",
                        List.of(),
                        Map.of("read", DOC),
                        List.of(),
                        Map.of("read", OTHER_DOC),
                        "inlinePolicies"),
                row(
                        "inline policy added out of band",
                        List.of(),
                        Map.of(),
                        List.of(),
                        Map.of("extra", DOC),
                        "inlinePolicies"),
                row(
                        "inline policy of the spec missing",
                        List.of(),
                        Map.of("read", DOC),
                        List.of(),
                        Map.of(),
                        "inlinePolicies"),
                row(
                        "both differ, reported in field order",
                        List.of(APP),
                        Map.of("read", DOC),
                        List.of(),
                        Map.of(),
                        "policies",
                        "inlinePolicies"));
    }

    private static Arguments row(
            String reason,
            List<String> desiredArns,
            Map<String, String> desiredInline,
            List<String> attached,
            Map<String, String> inline,
            String... drift) {
        return Arguments.of(reason, desiredArns, desiredInline, attached, inline, List.of(drift));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void diff(
            String reason,
            List<String> desiredArns,
            Map<String, String> desiredInline,
            List<String> attached,
            Map<String, String> inline,
            List<String> expected) {
        GroupSpec spec = new GroupSpec();
        spec.setInlinePolicies(desiredInline);
        ObservedGroup observed =
                new ObservedGroup(
                        "arn:aws:iam::123456789012:group/dev",
                        "AGPAEXAMPLE",
                        "dev",
                        "/",
                        Instant.EPOCH,
                        attached,
                        inline,
                        List.of("someone"));

        assertThat(GroupDiff.diff(spec, desiredArns, observed).fields())
                .as(reason)
                .containsExactlyElementsOf(expected);
    }
}
