package dev.operator.iam.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The user diff as a table. Every row starts from a user whose AWS state matches the spec exactly
 * and changes one side; the row says why the result is right.
 */
class UserDiffTest {

    private static final String BOUNDARY = "arn:aws:iam::123456789012:policy/boundary";
    private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    private static final String APP = "arn:aws:iam::123456789012:policy/app";
    private static final String DOC =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    private static final String DOC_REORDERED =
            "{\"Statement\":{\"Resource\":[\"*\"],\"Action\":[\"s3:GetObject\"],\"Effect\":\"Allow\"},\"Version\":\"2012-10-17\"}";

    private static final UserDiff.Desired DESIRED =
            new UserDiff.Desired(
                    BOUNDARY,
                    List.of(APP),
                    Map.of("read", DOC),
                    List.of("developers", "ops"),
                    Map.of("team", "a", "iam.operator.dev/cluster", "default"));

    private static final ObservedUser MATCHING =
            observed(
                    BOUNDARY,
                    List.of(APP),
                    Map.of("read", DOC),
                    List.of("developers", "ops"),
                    Map.of("team", "a", "iam.operator.dev/cluster", "default"));

    static Stream<Arguments> cases() {
        return Stream.of(
                row("AWS matches the spec", same(), o -> o),
                row(
                        "documents, policy order and group order compare semantically",
                        same(),
                        o ->
                                observed(
                                        BOUNDARY,
                                        List.of(APP),
                                        Map.of("read", DOC_REORDERED),
                                        List.of("ops", "developers"),
                                        o.tags())),
                row(
                        "group names compare ignoring case, as IAM does",
                        same(),
                        o ->
                                observed(
                                        BOUNDARY,
                                        o.attachedPolicyArns(),
                                        o.inlinePolicies(),
                                        List.of("Developers", "OPS"),
                                        o.tags())),
                row(
                        "boundary removed out of band",
                        same(),
                        o ->
                                observed(
                                        null,
                                        o.attachedPolicyArns(),
                                        o.inlinePolicies(),
                                        o.groups(),
                                        o.tags()),
                        "permissionsBoundary"),
                row(
                        "boundary removed from the spec",
                        d ->
                                new UserDiff.Desired(
                                        null,
                                        d.policyArns(),
                                        d.inlinePolicies(),
                                        d.groups(),
                                        d.tags()),
                        o -> o,
                        "permissionsBoundary"),
                row(
                        "foreign policy attached out of band",
                        same(),
                        o ->
                                observed(
                                        BOUNDARY,
                                        List.of(APP, READ_ONLY),
                                        o.inlinePolicies(),
                                        o.groups(),
                                        o.tags()),
                        "policies"),
                row(
                        "inline policy added out of band",
                        same(),
                        o ->
                                observed(
                                        BOUNDARY,
                                        o.attachedPolicyArns(),
                                        Map.of("read", DOC, "extra", DOC),
                                        o.groups(),
                                        o.tags()),
                        "inlinePolicies"),
                row(
                        "removed from a group out of band",
                        same(),
                        o ->
                                observed(
                                        BOUNDARY,
                                        o.attachedPolicyArns(),
                                        o.inlinePolicies(),
                                        List.of("developers"),
                                        o.tags()),
                        "groups"),
                row(
                        "added to a group out of band",
                        same(),
                        o ->
                                observed(
                                        BOUNDARY,
                                        o.attachedPolicyArns(),
                                        o.inlinePolicies(),
                                        List.of("developers", "ops", "admins"),
                                        o.tags()),
                        "groups"),
                row(
                        "tag value changed out of band",
                        same(),
                        o ->
                                observed(
                                        BOUNDARY,
                                        o.attachedPolicyArns(),
                                        o.inlinePolicies(),
                                        o.groups(),
                                        Map.of("team", "b", "iam.operator.dev/cluster", "default")),
                        "tags"),
                row(
                        "ownership tag removed out of band",
                        same(),
                        o ->
                                observed(
                                        BOUNDARY,
                                        o.attachedPolicyArns(),
                                        o.inlinePolicies(),
                                        o.groups(),
                                        Map.of("team", "a")),
                        "tags"),
                row(
                        "everything differs, reported in field order",
                        same(),
                        o -> observed(null, List.of(), Map.of(), List.of(), Map.of()),
                        "permissionsBoundary",
                        "policies",
                        "inlinePolicies",
                        "groups",
                        "tags"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void diff(
            String reason,
            UnaryOperator<UserDiff.Desired> desired,
            UnaryOperator<ObservedUser> observed,
            List<String> expected) {
        assertThat(UserDiff.diff(desired.apply(DESIRED), observed.apply(MATCHING)).fields())
                .as(reason)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void membershipJoinsAndLeavesIgnoringCase() {
        GroupMembership m =
                GroupMembership.diff(
                        List.of("Developers", "ops", "new"), List.of("developers", "old", "OPS"));
        assertThat(m.toAdd()).containsExactly("new");
        assertThat(m.toRemove()).containsExactly("old");
        assertThat(GroupMembership.diff(List.of("a"), List.of("A")).isEmpty()).isTrue();
    }

    private static UnaryOperator<UserDiff.Desired> same() {
        return d -> d;
    }

    private static Arguments row(
            String reason,
            UnaryOperator<UserDiff.Desired> desired,
            UnaryOperator<ObservedUser> observed,
            String... drift) {
        return Arguments.of(reason, desired, observed, List.of(drift));
    }

    private static ObservedUser observed(
            String boundary,
            List<String> attached,
            Map<String, String> inline,
            List<String> groups,
            Map<String, String> tags) {
        return new ObservedUser(
                "arn:aws:iam::123456789012:user/alice",
                "AIDAEXAMPLE",
                "alice",
                "/",
                Instant.EPOCH,
                boundary,
                attached,
                inline,
                groups,
                tags);
    }
}
