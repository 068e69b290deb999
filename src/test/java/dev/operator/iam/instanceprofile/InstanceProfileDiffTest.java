package dev.operator.iam.instanceprofile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure comparison of an InstanceProfile spec with the profile IAM holds. */
class InstanceProfileDiffTest {

    static final Map<String, String> TAGS = Map.of("iam.operator.dev/cluster", "default");

    static ObservedInstanceProfile holding(List<String> roles, Map<String, String> tags) {
        return new ObservedInstanceProfile(
                "arn:aws:iam::123456789012:instance-profile/web",
                "AIPAEXAMPLE",
                "web",
                "/",
                roles,
                tags,
                Instant.EPOCH);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("same role", "web-role", List.of("web-role"), TAGS, List.of()),
                Arguments.of(
                        "role names compare ignoring case, as IAM does",
                        "Web-Role",
                        List.of("web-role"),
                        TAGS,
                        List.of()),
                Arguments.of("no role wanted, none held", null, List.of(), TAGS, List.of()),
                Arguments.of(
                        "a role to add",
                        "web-role",
                        List.of(),
                        TAGS,
                        List.of(InstanceProfileDiff.ROLE)),
                Arguments.of(
                        "a role to replace",
                        "web-role",
                        List.of("old-role"),
                        TAGS,
                        List.of(InstanceProfileDiff.ROLE)),
                Arguments.of(
                        "a role to remove (spec has none)",
                        null,
                        List.of("old-role"),
                        TAGS,
                        List.of(InstanceProfileDiff.ROLE)),
                Arguments.of(
                        "a tag added out of band",
                        "web-role",
                        List.of("web-role"),
                        Map.of("iam.operator.dev/cluster", "default", "extra", "x"),
                        List.of(InstanceProfileDiff.TAGS)),
                Arguments.of(
                        "role and tags",
                        null,
                        List.of("web-role"),
                        Map.of(),
                        List.of(InstanceProfileDiff.ROLE, InstanceProfileDiff.TAGS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsExactlyTheFieldsThatDiffer(
            String why,
            String desiredRole,
            List<String> held,
            Map<String, String> awsTags,
            List<String> drift) {
        assertThat(InstanceProfileDiff.diff(desiredRole, TAGS, holding(held, awsTags)).fields())
                .as(why)
                .containsExactlyElementsOf(drift);
    }
}
