package dev.operator.iam.servicelinkedrole;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure parts of the ServiceLinkedRole kind: the diff and how a role is recognised. */
class ServiceLinkedRoleDiffTest {

    static Stream<Arguments> diffs() {
        return Stream.of(
                Arguments.of("same description", "Scaling for web", "Scaling for web", List.of()),
                Arguments.of(
                        "description changed in AWS",
                        "Scaling for web",
                        "changed by hand",
                        List.of("description")),
                Arguments.of(
                        "description wanted, AWS has none",
                        "Scaling for web",
                        null,
                        List.of("description")),
                Arguments.of(
                        "no description in the spec leaves the service's default alone",
                        null,
                        "Default Service-Linked Role enables access to AWS Services",
                        List.of()),
                Arguments.of(
                        "descriptions are compared exactly",
                        "Scaling for web",
                        "scaling for web",
                        List.of("description")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diffs")
    void diffComparesTheDescriptionOnlyWhenTheSpecHasOne(
            String reason, String desired, String observed, List<String> expected) {
        ServiceLinkedRoleSpec spec = new ServiceLinkedRoleSpec();
        spec.setAwsServiceName("autoscaling.amazonaws.com");
        spec.setDescription(desired);
        ObservedServiceLinkedRole role =
                new ObservedServiceLinkedRole(
                        "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
                        "AROAEXAMPLE",
                        "AWSServiceRoleForAutoScaling",
                        "/aws-service-role/autoscaling.amazonaws.com/",
                        observed,
                        Map.of(),
                        Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(ServiceLinkedRoleDiff.diff(spec, role).fields()).as(reason).isEqualTo(expected);
    }

    static Stream<Arguments> picks() {
        List<String> roles =
                List.of(
                        "AWSServiceRoleForAutoScaling_web",
                        "AWSServiceRoleForAutoScaling",
                        "AWSServiceRoleForAutoScaling_batch");
        return Stream.of(
                Arguments.of(
                        "no suffix: the role without one",
                        roles,
                        null,
                        "AWSServiceRoleForAutoScaling"),
                Arguments.of(
                        "a suffix: the role ending in it",
                        roles,
                        "web",
                        "AWSServiceRoleForAutoScaling_web"),
                Arguments.of(
                        "suffixes ignore case like IAM names",
                        roles,
                        "WEB",
                        "AWSServiceRoleForAutoScaling_web"),
                Arguments.of("a suffix nobody has", roles, "api", null),
                Arguments.of(
                        "no suffix, only suffixed roles exist",
                        List.of("AWSServiceRoleForAutoScaling_web"),
                        null,
                        null),
                Arguments.of(
                        "a suffix is matched whole, after the underscore",
                        List.of("AWSServiceRoleForAutoScaling_myweb"),
                        "web",
                        null),
                Arguments.of("no role at the path", List.of(), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("picks")
    void theRoleIsFoundByItsSuffix(
            String reason, List<String> names, String suffix, String expected) {
        assertThat(ServiceLinkedRoleNames.pick(names, suffix).orElse(null))
                .as(reason)
                .isEqualTo(expected);
    }

    @Test
    void theNaturalKeyNamesThePathAndTheSuffix() {
        assertThat(ServiceLinkedRoleNames.key("autoscaling.amazonaws.com", null))
                .isEqualTo("/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleFor*");
        assertThat(ServiceLinkedRoleNames.key("autoscaling.amazonaws.com", "web"))
                .isEqualTo("/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleFor*_web");
    }

    @Test
    void aRecordedArnPinsTheServiceAndTheSuffix() {
        String arn =
                "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_web";
        assertThat(ServiceLinkedRoleNames.arnMatches(arn, "autoscaling.amazonaws.com", "web"))
                .isTrue();
        assertThat(ServiceLinkedRoleNames.arnMatches(arn, "autoscaling.amazonaws.com", null))
                .as("suffix removed")
                .isFalse();
        assertThat(ServiceLinkedRoleNames.arnMatches(arn, "ecs.amazonaws.com", "web"))
                .as("another service")
                .isFalse();
        assertThat(ServiceLinkedRoleNames.arnMatches(arn, "autoscaling.amazonaws.com", "api"))
                .as("another suffix")
                .isFalse();
    }
}
