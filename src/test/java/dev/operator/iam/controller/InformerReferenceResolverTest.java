package dev.operator.iam.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.engine.ReferenceResolver.State;
import dev.operator.iam.engine.ReferenceResolver.Target;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicyStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a referrer may rely on, read from the target object as the watch's cache holds it. */
class InformerReferenceResolverTest {

    private static final String ARN = "arn:aws:iam::123456789012:policy/app-read";

    private static Policy object(PolicyStatus status) {
        Policy p = new Policy();
        p.setMetadata(new ObjectMetaBuilder().withName("app-read").withNamespace("a").build());
        p.setStatus(status);
        return p;
    }

    private static PolicyStatus status(String arn, boolean ready, String reason) {
        PolicyStatus s = new PolicyStatus();
        s.setArn(arn);
        s.setName("app-read");
        Conditions.set(s, Conditions.READY, ready, reasonOf(reason), "m", 1L, Instant.now());
        return s;
    }

    private static dev.operator.iam.api.Reason reasonOf(String reason) {
        return dev.operator.iam.api.Reason.valueOf(reason);
    }

    @Test
    void aMissingObjectIsMissing() {
        assertThat(InformerReferenceResolver.targetOf(null).state()).isEqualTo(State.MISSING);
    }

    @Test
    void anObjectWithoutStatusOrReadyConditionIsNotReadyYet() {
        assertThat(InformerReferenceResolver.targetOf(object(null)))
                .isEqualTo(Target.notReady("not reconciled yet"));
        assertThat(InformerReferenceResolver.targetOf(object(new PolicyStatus())))
                .isEqualTo(Target.notReady("not reconciled yet"));
    }

    @Test
    void aReadyObjectGivesItsArnAndAwsName() {
        assertThat(InformerReferenceResolver.targetOf(object(status(ARN, true, "Created"))))
                .isEqualTo(Target.ready(ARN, "app-read"));
    }

    @Test
    void aNotReadyObjectSaysWhy() {
        Target t = InformerReferenceResolver.targetOf(object(status(ARN, false, "AwsError")));
        assertThat(t.state()).isEqualTo(State.NOT_READY);
        assertThat(t.detail()).isEqualTo("Ready=False AwsError: m");
    }

    @Test
    void aReadyObjectWithoutArnIsNotReady() {
        assertThat(
                        InformerReferenceResolver.targetOf(object(status(null, true, "Created")))
                                .state())
                .isEqualTo(State.NOT_READY);
    }

    @Test
    void anObjectBeingDeletedIsNotReady() {
        Policy p = object(status(ARN, true, "Created"));
        p.getMetadata().setDeletionTimestamp("2026-11-25T00:00:00Z");
        assertThat(InformerReferenceResolver.targetOf(p))
                .isEqualTo(Target.notReady("being deleted"));
    }
}
