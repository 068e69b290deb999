package dev.operator.iam.api;

import static dev.operator.iam.api.ResourcePolicies.ADOPTION_POLICY;
import static dev.operator.iam.api.ResourcePolicies.DELETION_POLICY;
import static dev.operator.iam.api.ResourcePolicies.DRIFT_POLICY;
import static dev.operator.iam.api.ResourcePolicies.MANAGEMENT_POLICY;
import static dev.operator.iam.api.ResourcePolicies.PAUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.iam.api.ResourcePolicies.Adoption;
import dev.operator.iam.api.ResourcePolicies.Deletion;
import dev.operator.iam.api.ResourcePolicies.DriftHandling;
import dev.operator.iam.api.ResourcePolicies.InvalidAnnotationException;
import dev.operator.iam.api.ResourcePolicies.Management;
import dev.operator.iam.policy.Policy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every annotation value outside its set is refused with a message naming the annotation, the value
 * and the allowed values, never read as the default (docs/annotations.md). The engine turns the
 * refusal into {@code Ready=False, InvalidSpec} before any AWS call (ReconcileEngineTest).
 */
class ResourcePoliciesTest {

    static Stream<Arguments> valuesOutsideTheirSet() {
        return Stream.of(
                Arguments.of(ADOPTION_POLICY, "yes", "adopt, adopt-or-create"),
                Arguments.of(ADOPTION_POLICY, "true", "adopt, adopt-or-create"),
                Arguments.of(ADOPTION_POLICY, "", "adopt, adopt-or-create"),
                Arguments.of(DELETION_POLICY, "keep", "delete, retain"),
                Arguments.of(DELETION_POLICY, "orphan", "delete, retain"),
                Arguments.of(DELETION_POLICY, "", "delete, retain"),
                Arguments.of(MANAGEMENT_POLICY, "readonly", "full, observe"),
                Arguments.of(MANAGEMENT_POLICY, "observe-only", "full, observe"),
                Arguments.of(MANAGEMENT_POLICY, "", "full, observe"),
                Arguments.of(DRIFT_POLICY, "ignore", "correct, report"),
                Arguments.of(DRIFT_POLICY, "reportt", "correct, report"),
                Arguments.of(DRIFT_POLICY, "", "correct, report"),
                Arguments.of(PAUSED, "yes", "true, false"),
                Arguments.of(PAUSED, "1", "true, false"),
                Arguments.of(PAUSED, "", "true, false"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\" is invalid, allowed {2}")
    @MethodSource("valuesOutsideTheirSet")
    void aValueOutsideItsSetIsRefusedNamingTheAnnotationAndItsAllowedValues(
            String annotation, String value, String allowed) {
        assertThatThrownBy(() -> ResourcePolicies.of(annotated(annotation, value)))
                .isInstanceOf(InvalidAnnotationException.class)
                .hasMessage(
                        "annotation "
                                + annotation
                                + " has value \""
                                + value
                                + "\"; allowed: "
                                + allowed);
    }

    static Stream<Arguments> valuesInsideTheirSet() {
        ResourcePolicies defaults =
                new ResourcePolicies(
                        Optional.empty(),
                        Deletion.DELETE,
                        Management.FULL,
                        DriftHandling.CORRECT,
                        false);
        return Stream.of(
                Arguments.of(
                        ADOPTION_POLICY,
                        "adopt",
                        new ResourcePolicies(
                                Optional.of(Adoption.ADOPT),
                                Deletion.DELETE,
                                Management.FULL,
                                DriftHandling.CORRECT,
                                false)),
                Arguments.of(
                        ADOPTION_POLICY,
                        "adopt-or-create",
                        new ResourcePolicies(
                                Optional.of(Adoption.ADOPT_OR_CREATE),
                                Deletion.DELETE,
                                Management.FULL,
                                DriftHandling.CORRECT,
                                false)),
                Arguments.of(DELETION_POLICY, "delete", defaults),
                Arguments.of(
                        DELETION_POLICY,
                        "retain",
                        new ResourcePolicies(
                                Optional.empty(),
                                Deletion.RETAIN,
                                Management.FULL,
                                DriftHandling.CORRECT,
                                false)),
                Arguments.of(MANAGEMENT_POLICY, "full", defaults),
                Arguments.of(
                        MANAGEMENT_POLICY,
                        "observe",
                        new ResourcePolicies(
                                Optional.empty(),
                                Deletion.DELETE,
                                Management.OBSERVE,
                                DriftHandling.CORRECT,
                                false)),
                Arguments.of(DRIFT_POLICY, "correct", defaults),
                Arguments.of(
                        DRIFT_POLICY,
                        "report",
                        new ResourcePolicies(
                                Optional.empty(),
                                Deletion.DELETE,
                                Management.FULL,
                                DriftHandling.REPORT,
                                false)),
                Arguments.of(PAUSED, "false", defaults),
                Arguments.of(
                        PAUSED,
                        "true",
                        new ResourcePolicies(
                                Optional.empty(),
                                Deletion.DELETE,
                                Management.FULL,
                                DriftHandling.CORRECT,
                                true)));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("valuesInsideTheirSet")
    void aValueInsideItsSetIsRead(String annotation, String value, ResourcePolicies expected) {
        assertThat(ResourcePolicies.of(annotated(annotation, value))).isEqualTo(expected);
    }

    private static Policy annotated(String annotation, String value) {
        Policy p = new Policy();
        p.setMetadata(
                new ObjectMetaBuilder()
                        .withName("p")
                        .withNamespace("ns")
                        .withAnnotations(Map.of(annotation, value))
                        .build());
        return p;
    }
}
