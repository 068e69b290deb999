package dev.operator.iam.servicelinkedrole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.CreateIntent;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whose service-linked role it is (IAM takes no tags on it: the create intent and the recorded
 * RoleId decide), and what happens when AWS or the spec changes its description.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class ServiceLinkedRoleOwnershipAndDriftTest extends SlrTestSupport {

    @Test
    void recoversARoleCreatedAfterItsIntentWasRecordedWithoutCreatingItAgain() {
        apply(slr("crashed", null, Map.of(ResourcePolicies.PAUSED, "true")));
        slrs.awaitReady("crashed", false, "Paused");
        // What a process killed during CreateServiceLinkedRole left behind: the intent in status,
        // the role in AWS, nothing else.
        slrs.resource("crashed")
                .editStatus(
                        r -> {
                            r.getStatus()
                                    .setCreateIntent(
                                            new CreateIntent(
                                                    "/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleFor*_"
                                                            + suffix(),
                                                    Instant.now().toString()));
                            return r;
                        });
        RoleSnapshot leftBehind = emulator().seedServiceLinkedRole(AUTOSCALING, suffix());
        Instant resumed = Instant.now();

        slrs.annotate("crashed", ResourcePolicies.PAUSED, null);

        ServiceLinkedRole ready = slrs.awaitReady("crashed", true, "Recovered");
        assertThat(ready.getStatus().getId()).isEqualTo(leftBehind.id());
        assertThat(ready.getStatus().getArn()).isEqualTo(leftBehind.arn());
        assertThat(ready.getStatus().getCreateIntent()).isNull();
        assertThat(events("crashed")).anyMatch(e -> e.getReason().equals("Recovered"));
        // Ready: every resync is a finished reconcile.
        slrs.awaitSyncedAgain("crashed");
        assertThat(count(callsMentioning(suffix(), resumed), "CreateServiceLinkedRole")).isZero();
        assertThat(slrs.ready("crashed").get().getStatus())
                .as("still ours by its RoleId once the intent is gone")
                .isEqualTo("True");
    }

    @Test
    void refusesAServiceLinkedRoleItDidNotCreate() {
        // The service made its role itself, as ECS does on first use.
        RoleSnapshot foreign = emulator().seedServiceLinkedRole("ecs.amazonaws.com", null);
        Instant start = Instant.now();

        apply(slr("ecs", "ecs.amazonaws.com", null, "mine now", Map.of()));

        slrs.awaitReady("ecs", false, "AlreadyExistsNotOwned");
        assertThat(slrs.ready("ecs").get().getMessage())
                .contains(foreign.arn())
                .contains(ResourcePolicies.ADOPTION_POLICY);
        // Refused: status stays as it is, but every resync looks the role up again.
        slrs.awaitObservedAgain(foreign.name());
        slrs.resource("ecs").delete();
        slrs.awaitGone("ecs");
        assertThat(awsRole("AWSServiceRoleForECS")).as("left as it was").isEqualTo(foreign);
        assertThat(emulator().calls())
                .filteredOn(c -> !c.at().isBefore(start))
                .filteredOn(
                        c ->
                                c.params().values().stream()
                                        .anyMatch(
                                                v ->
                                                        v.contains("ecs.amazonaws.com")
                                                                || v.contains(
                                                                        "AWSServiceRoleForECS")))
                .isNotEmpty()
                .allMatch(SlrTestSupport::readOnly);
    }

    @Test
    void adoptsAnExistingRoleWhenAnnotatedAndSetsItsDescription() {
        RoleSnapshot existing = emulator().seedServiceLinkedRole(AUTOSCALING, suffix());

        apply(
                slr(
                        "adopted",
                        "Managed by the platform team",
                        Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt")));

        ServiceLinkedRole ready = slrs.awaitReady("adopted", true, "Adopted");
        assertThat(slrs.condition("adopted", Conditions.ADOPTED).get().getStatus())
                .isEqualTo("True");
        assertThat(ready.getStatus().getId()).isEqualTo(existing.id());
        assertThat(awsRole(roleName()).description()).isEqualTo("Managed by the platform team");
        assertThat(count(callsMentioning(suffix(), Instant.EPOCH), "CreateServiceLinkedRole"))
                .isZero();
    }

    @Test
    void correctsADescriptionChangedOutOfBand() {
        apply(slr("drifting", "Scaling for web", Map.of()));
        slrs.awaitReady("drifting", true, "Created");

        emulator().updateRoleDescriptionOutOfBand(roleName(), "changed by hand");

        await().atMost(TIMEOUT)
                .until(() -> "Scaling for web".equals(awsRole(roleName()).description()));
        slrs.awaitReady("drifting", true, "DriftCorrected");
        assertThat(slrs.get("drifting").getStatus().getDrift()).isEmpty();
        assertThat(count(callsMentioning(roleName(), Instant.EPOCH), "UpdateRole")).isEqualTo(1);
    }

    @Test
    void reportsADescriptionChangedOutOfBandWhenDriftPolicyIsReport() {
        apply(slr("reported", "Scaling for web", Map.of(ResourcePolicies.DRIFT_POLICY, "report")));
        slrs.awaitReady("reported", true, "Created");

        emulator().updateRoleDescriptionOutOfBand(roleName(), "changed by hand");

        slrs.awaitReady("reported", false, "DriftReported");
        assertThat(slrs.get("reported").getStatus().getDrift()).containsExactly("description");
        assertThat(slrs.get("reported").getStatus().getDescription()).isEqualTo("changed by hand");
        // Drift reported: every resync is a finished reconcile.
        slrs.awaitSyncedAgain("reported");
        assertThat(awsRole(roleName()).description()).isEqualTo("changed by hand");
        assertThat(count(callsMentioning(roleName(), Instant.EPOCH), "UpdateRole")).isZero();
    }

    @Test
    void appliesANewDescription() {
        apply(slr("changing", "first", Map.of()));
        slrs.awaitReady("changing", true, "Created");

        slrs.editSpec("changing", spec -> spec.setDescription("second"));

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                slrs.ready("changing")
                                        .filter(
                                                c ->
                                                        c.getStatus().equals("True")
                                                                && c.getObservedGeneration() == 2)
                                        .isPresent());
        assertThat(awsRole(roleName()).description()).isEqualTo("second");
        assertThat(slrs.get("changing").getStatus().getDescription()).isEqualTo("second");
        assertThat(count(callsMentioning(roleName(), Instant.EPOCH), "UpdateRole")).isEqualTo(1);
    }

    @Test
    void recoversWhenTheAnswerToCreateServiceLinkedRoleIsLostOnTheWire() {
        // The role is created, the answer never arrives; the SDK sends the call again and IAM says
        // the name "has been taken". The intent must keep the role ours.
        emulator().faults().dropConnection("CreateServiceLinkedRole");

        apply(slr("lost-answer", null, Map.of()));

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                slrs.ready("lost-answer")
                                        .filter(c -> c.getStatus().equals("True"))
                                        .isPresent());
        assertThat(slrs.ready("lost-answer").get().getReason()).isIn("Created", "Recovered");
        assertThat(slrs.get("lost-answer").getStatus().getId()).isEqualTo(awsRole(roleName()).id());
        Instant settled = Instant.now();
        // Ready: every resync is a finished reconcile.
        slrs.awaitSyncedAgain("lost-answer");
        assertThat(count(callsMentioning(suffix(), settled), "CreateServiceLinkedRole"))
                .as("no create loop")
                .isZero();
        assertThat(slrs.ready("lost-answer").get().getStatus()).isEqualTo("True");
    }

    @Test
    void refusesARoleTheServiceCreatedWhileTheOperatorsCreateWasOnItsWay() {
        // CreateServiceLinkedRole arrives, and before IAM handles it the service makes the role:
        // IAM answers "has been taken" to a single attempt, so the role is not ours.
        emulator().faults().latency("CreateServiceLinkedRole", java.time.Duration.ofSeconds(3));
        try {
            Instant start = Instant.now();
            apply(slr("raced", null, Map.of()));
            await().atMost(TIMEOUT)
                    .until(
                            () ->
                                    count(
                                                    callsMentioning(suffix(), start),
                                                    "CreateServiceLinkedRole")
                                            == 1);
            RoleSnapshot servicesOwn = emulator().seedServiceLinkedRole(AUTOSCALING, suffix());

            slrs.awaitReady("raced", false, "AlreadyExistsNotOwned");
            assertThat(slrs.get("raced").getStatus().getCreateIntent()).isNull();
            assertThat(slrs.get("raced").getStatus().getId()).isNull();
            assertThat(awsRole(roleName())).isEqualTo(servicesOwn);
        } finally {
            emulator().faults().latency("CreateServiceLinkedRole", java.time.Duration.ZERO);
        }
    }
}
