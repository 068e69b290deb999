package dev.operator.iam.servicelinkedrole;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What validation says about a spec, without any AWS call (the adapter gets no client). */
class ServiceLinkedRoleValidationTest {

    private static final String ROLE_ARN =
            "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

    private final ServiceLinkedRoleAdapter adapter = new ServiceLinkedRoleAdapter(null, null, null);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a service", "autoscaling.amazonaws.com", null, null, null, null),
                Arguments.of(
                        "a service and a suffix",
                        "autoscaling.amazonaws.com",
                        "web",
                        "For web",
                        null,
                        null),
                Arguments.of(
                        "no service", null, null, null, null, "spec.awsServiceName is required"),
                Arguments.of(
                        "a URL instead of a service principal",
                        "https://autoscaling.amazonaws.com",
                        null,
                        null,
                        null,
                        "is not a service principal"),
                Arguments.of(
                        "a suffix with a space",
                        "autoscaling.amazonaws.com",
                        "my web",
                        null,
                        null,
                        "spec.customSuffix"),
                Arguments.of(
                        "a suffix of 65 characters",
                        "autoscaling.amazonaws.com",
                        "a".repeat(65),
                        null,
                        null,
                        "at most 64"),
                Arguments.of(
                        "a description of 1001 characters",
                        "autoscaling.amazonaws.com",
                        null,
                        "d".repeat(1001),
                        null,
                        "at most 1000"),
                Arguments.of(
                        "the service changed after creation",
                        "ecs.amazonaws.com",
                        null,
                        null,
                        ROLE_ARN,
                        "immutable"),
                Arguments.of(
                        "a suffix added after creation",
                        "autoscaling.amazonaws.com",
                        "web",
                        null,
                        ROLE_ARN,
                        "immutable"),
                Arguments.of(
                        "unchanged after creation",
                        "autoscaling.amazonaws.com",
                        null,
                        "new description",
                        ROLE_ARN,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validationNamesTheProblem(
            String reason,
            String service,
            String suffix,
            String description,
            String recordedArn,
            String expectedProblem) {
        ServiceLinkedRole r = new ServiceLinkedRole();
        r.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace("ns").build());
        ServiceLinkedRoleSpec spec = new ServiceLinkedRoleSpec();
        spec.setAwsServiceName(service);
        spec.setCustomSuffix(suffix);
        spec.setDescription(description);
        r.setSpec(spec);
        r.status().setArn(recordedArn);

        List<String> problems = adapter.validate(r);

        if (expectedProblem == null) {
            assertThat(problems).as(reason).isEmpty();
        } else {
            assertThat(problems).as(reason).anyMatch(m -> m.contains(expectedProblem));
        }
    }
}
