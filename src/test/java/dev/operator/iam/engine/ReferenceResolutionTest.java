package dev.operator.iam.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.Reason;
import dev.operator.iam.engine.ReferenceResolver.Target;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step 3 of the loop: references are resolved before AWS is called, and wait until Ready. */
class ReferenceResolutionTest {

    private static final String POLICY_ARN = "arn:aws:iam::123456789012:policy/app-read";
    private static final Reference TO_POLICY =
            new Reference("Policy", "app-read", "spec.policyRefs[0]");
    private static final Reference TO_GROUP = new Reference("Group", "devs", "spec.groupRefs[0]");

    private final EngineHarness h = new EngineHarness(true);

    private FakeResource resource() {
        return FakeResource.of("app", "team-a", "uid-1", 1, "wanted", Map.of());
    }

    @Test
    void aMissingTargetMakesTheObjectWaitWithoutAnyAwsCall() {
        h.adapter.refersTo(TO_POLICY);
        FakeResource r = resource();

        UpdateControl<FakeResource> control = h.reconcile(r);

        assertThat(h.journal.awsCalls()).isEmpty();
        assertThat(Conditions.find(r.status(), Conditions.READY))
                .hasValueSatisfying(
                        c -> {
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getReason()).isEqualTo(Reason.WaitingForReference.name());
                            assertThat(c.getMessage())
                                    .contains("Policy app-read (spec.policyRefs[0]): not found");
                        });
        assertThat(control.getScheduleDelay()).contains(EngineHarness.RESYNC.toMillis());
        assertThat(h.references.lookups).containsExactly("team-a/Policy/app-read");
        assertThat(h.events.summaries()).hasSize(1);
    }

    @Test
    void namesEveryTargetThatIsNotReadyAndWhy() {
        h.adapter.refersTo(TO_POLICY, TO_GROUP);
        h.references.set("Policy", "app-read", Target.notReady("Ready=False AwsError: boom"));
        FakeResource r = resource();

        h.reconcile(r);

        assertThat(h.journal.awsCalls()).isEmpty();
        assertThat(r.status().getConditions().get(0).getMessage())
                .contains("Policy app-read (spec.policyRefs[0]): Ready=False AwsError: boom")
                .contains("Group devs (spec.groupRefs[0]): not found");
    }

    @Test
    void readyTargetsAreHandedToTheAdapterAndTheObjectConverges() {
        h.adapter.refersTo(TO_POLICY);
        FakeResource r = resource();
        h.reconcile(r);
        assertThat(h.adapter.aws()).isEmpty();

        h.references.set("Policy", "app-read", Target.ready(POLICY_ARN, "app-read"));
        h.reconcile(r);

        assertThat(h.adapter.aws()).containsKey("app");
        assertThat(h.adapter.resolvedArnsSeen()).containsExactly(POLICY_ARN);
        assertThat(Conditions.isTrue(r.status(), Conditions.READY)).isTrue();
        assertThat(r.status().getConditions().get(0).getReason()).isEqualTo(Reason.Created.name());
    }

    @Test
    void anObjectWithoutReferencesNeverAsksKubernetes() {
        h.reconcile(resource());

        assertThat(h.references.lookups).isEmpty();
        assertThat(h.adapter.aws()).containsKey("app");
    }
}
