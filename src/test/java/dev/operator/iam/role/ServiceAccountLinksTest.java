package dev.operator.iam.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which ServiceAccount changes wake the Roles that name it. */
class ServiceAccountLinksTest {

    private static final String ARN = "arn:aws:iam::123456789012:role/app";

    private static ServiceAccount sa(Map<String, String> annotations) {
        return new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("api")
                .withNamespace("team-a")
                .withAnnotations(annotations)
                .endMetadata()
                .build();
    }

    private static final Map<String, String> OURS =
            Map.of(ServiceAccountLinks.ROLE_ARN, ARN, ServiceAccountLinks.WRITTEN_BY, "app");

    @Test
    void theOperatorsOwnWriteWakesNoRole() {
        assertThat(ServiceAccountLinks.mattersToRoles(sa(OURS), sa(Map.of()))).isFalse();
    }

    @Test
    void nothingChangedWakesNoRole() {
        assertThat(ServiceAccountLinks.mattersToRoles(sa(OURS), sa(OURS))).isFalse();
    }

    @Test
    void removingTheAnnotationOrAnotherOneChangingWakesTheRoles() {
        assertThat(ServiceAccountLinks.mattersToRoles(sa(Map.of()), sa(OURS)))
                .as("the annotation removed by hand: written again")
                .isTrue();
        assertThat(
                        ServiceAccountLinks.mattersToRoles(
                                sa(Map.of(ServiceAccountLinks.ROLE_ARN, "arn:aws:iam::1:role/x")),
                                sa(Map.of())))
                .as("someone else's annotation: reported")
                .isTrue();
        assertThat(
                        ServiceAccountLinks.mattersToRoles(
                                sa(
                                        Map.of(
                                                ServiceAccountLinks.ROLE_ARN,
                                                ARN,
                                                ServiceAccountLinks.WRITTEN_BY,
                                                "app",
                                                "team",
                                                "a")),
                                sa(OURS)))
                .as("another annotation changed too")
                .isTrue();
    }
}
