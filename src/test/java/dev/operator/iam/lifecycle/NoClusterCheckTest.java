package dev.operator.iam.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoClusterCheckTest {

    @Test
    void outsideAPodWithOnlyTheInClusterDefaultThereIsNoCluster() {
        assertThat(NoClusterCheck.reason("https://kubernetes.default.svc/", null))
                .contains("KUBECONFIG")
                .contains("KUBERNETES_SERVICE_HOST is unset")
                .contains("./mvnw -q -Pdemo -DskipTests package exec:java");
    }

    @Test
    void inAPodTheInClusterDefaultIsTried() {
        assertThat(NoClusterCheck.reason("https://kubernetes.default.svc/", "10.96.0.1")).isNull();
    }

    @Test
    void aConfiguredApiServerIsTried() {
        assertThat(NoClusterCheck.reason("https://127.0.0.1:6443/", null)).isNull();
        assertThat(NoClusterCheck.reason("https://eks.example.com/", null)).isNull();
    }
}
