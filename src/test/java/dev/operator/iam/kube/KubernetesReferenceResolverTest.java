package dev.operator.iam.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.engine.ReferenceResolver.State;
import dev.operator.iam.engine.ReferenceResolver.Target;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a referrer may rely on, read from the target object as the API server holds it. */
class KubernetesReferenceResolverTest {

    private static final String ARN = "arn:aws:iam::123456789012:policy/app-read";

    private static GenericKubernetesResource object(Map<String, Object> status) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setMetadata(new ObjectMetaBuilder().withName("app-read").withNamespace("a").build());
        if (status != null) {
            r.setAdditionalProperty("status", status);
        }
        return r;
    }

    private static Map<String, Object> ready(String value, String reason) {
        return Map.of("type", "Ready", "status", value, "reason", reason, "message", "m");
    }

    @Test
    void aMissingObjectIsMissing() {
        assertThat(KubernetesReferenceResolver.targetOf(null).state()).isEqualTo(State.MISSING);
    }

    @Test
    void anObjectWithoutStatusOrReadyConditionIsNotReadyYet() {
        assertThat(KubernetesReferenceResolver.targetOf(object(null)))
                .isEqualTo(Target.notReady("not reconciled yet"));
        assertThat(KubernetesReferenceResolver.targetOf(object(Map.of("conditions", List.of()))))
                .isEqualTo(Target.notReady("not reconciled yet"));
    }

    @Test
    void aReadyObjectGivesItsArnAndAwsName() {
        Target t =
                KubernetesReferenceResolver.targetOf(
                        object(
                                Map.of(
                                        "arn",
                                        ARN,
                                        "name",
                                        "app-read",
                                        "conditions",
                                        List.of(ready("True", "Created")))));
        assertThat(t).isEqualTo(Target.ready(ARN, "app-read"));
    }

    @Test
    void aNotReadyObjectSaysWhy() {
        Target t =
                KubernetesReferenceResolver.targetOf(
                        object(
                                Map.of(
                                        "arn",
                                        ARN,
                                        "conditions",
                                        List.of(ready("False", "AwsError")))));
        assertThat(t.state()).isEqualTo(State.NOT_READY);
        assertThat(t.detail()).isEqualTo("Ready=False AwsError: m");
    }

    @Test
    void anObjectBeingDeletedIsNotReady() {
        GenericKubernetesResource r =
                object(Map.of("arn", ARN, "conditions", List.of(ready("True", "Created"))));
        r.getMetadata().setDeletionTimestamp("2026-11-25T00:00:00Z");
        assertThat(KubernetesReferenceResolver.targetOf(r))
                .isEqualTo(Target.notReady("being deleted"));
    }

    @Test
    void pluralsFollowTheCrdNames() {
        assertThat(KubernetesReferenceResolver.context("Policy").getPlural()).isEqualTo("policies");
        assertThat(KubernetesReferenceResolver.context("Role").getPlural()).isEqualTo("roles");
        assertThat(KubernetesReferenceResolver.context("Group").getPlural()).isEqualTo("groups");
    }
}
