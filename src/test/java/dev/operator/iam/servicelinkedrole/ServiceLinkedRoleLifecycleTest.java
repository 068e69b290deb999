package dev.operator.iam.servicelinkedrole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.emulator.Hold;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.SdkBackend;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/** Creating and deleting service-linked roles; specs the operator refuses to act on. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class ServiceLinkedRoleLifecycleTest extends SlrTestSupport {

    @AfterEach
    void defaultDeletionSpeed() {
        emulator().serviceLinkedRoleDeletionPolls(1);
    }

    @Test
    void recordsTheCreateIntentBeforeCreatingTheRole() {
        Hold hold = emulator().faults().holdResponse("CreateServiceLinkedRole");
        apply(slr("asg", "Scaling for the web tier", Map.of()));

        assertThat(hold.awaitHeld(TIMEOUT)).as("CreateServiceLinkedRole sent").isTrue();
        ServiceLinkedRole inFlight = slrs.get("asg");
        hold.release();

        assertThat(inFlight.getStatus().getCreateIntent())
                .as("written before the create call")
                .isNotNull();
        assertThat(inFlight.getStatus().getCreateIntent().getKey())
                .isEqualTo(
                        "/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleFor*_"
                                + suffix());
        ServiceLinkedRole ready = slrs.awaitReady("asg", true, "Created");
        RoleSnapshot aws = awsRole(roleName());
        assertThat(aws.path()).isEqualTo("/aws-service-role/autoscaling.amazonaws.com/");
        assertThat(aws.awsServiceName()).isEqualTo(AUTOSCALING);
        assertThat(aws.description()).isEqualTo("Scaling for the web tier");
        assertThat(ready.getStatus().getArn()).isEqualTo(aws.arn());
        assertThat(ready.getStatus().getId()).isEqualTo(aws.id());
        assertThat(ready.getStatus().getName()).isEqualTo(roleName());
        assertThat(ready.getStatus().getCreateIntent()).as("cleared once recorded").isNull();
        assertThat(aws.tags()).as("the operator does not tag a service's role").isEmpty();
        List<RecordedCall> creates =
                callsMentioning(suffix(), Instant.EPOCH).stream()
                        .filter(c -> c.action().equals("CreateServiceLinkedRole"))
                        .toList();
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0).params())
                .containsEntry("AWSServiceName", AUTOSCALING)
                .containsEntry("CustomSuffix", suffix());
        // IAM's answer to CreateServiceLinkedRole has no Description: the one sent is recorded
        assertThat(count(callsMentioning(suffix(), Instant.EPOCH), "UpdateRole"))
                .as("no description 'corrected' right after the create")
                .isZero();
        assertThat(ready.getStatus().getDrift()).isNullOrEmpty();
    }

    @Test
    void createsAServicesDefaultRoleWithoutSuffixAndDeletesIt() {
        apply(slr("eks", "eks.amazonaws.com", null, null, Map.of()));

        ServiceLinkedRole ready = slrs.awaitReady("eks", true, "Created");
        assertThat(ready.getStatus().getName()).isEqualTo("AWSServiceRoleForAmazonEKS");
        assertThat(awsRole("AWSServiceRoleForAmazonEKS").path())
                .isEqualTo("/aws-service-role/eks.amazonaws.com/");

        slrs.resource("eks").delete();
        slrs.awaitGone("eks");
        assertThat(emulator().role("AWSServiceRoleForAmazonEKS")).isEmpty();
    }

    @Test
    void deletesThroughTheDeletionTaskItRecordedInStatus() {
        apply(slr("to-delete", null, Map.of()));
        slrs.awaitReady("to-delete", true, "Created");
        emulator().serviceLinkedRoleDeletionPolls(1000);

        slrs.resource("to-delete").delete();

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                slrs.ready("to-delete")
                                                .filter(c -> c.getReason().equals("Deleting"))
                                                .isPresent()
                                        && slrs.get("to-delete").getStatus().getDeletionTaskId()
                                                != null);
        String task = slrs.get("to-delete").getStatus().getDeletionTaskId();
        assertThat(slrs.ready("to-delete").get().getMessage()).contains("checking again");
        assertThat(awsRole(roleName())).as("still there while IAM deletes it").isNotNull();
        emulator().serviceLinkedRoleDeletionPolls(0);

        slrs.awaitGone("to-delete");
        assertThat(emulator().role(roleName())).isEmpty();
        assertThat(emulator().serviceLinkedRoleDeletionStatus(task)).isEqualTo("SUCCEEDED");
        List<RecordedCall> calls = callsMentioning(suffix(), Instant.EPOCH);
        assertThat(count(calls, "DeleteServiceLinkedRole")).as("one task").isEqualTo(1);
        List<RecordedCall> polls =
                calls.stream()
                        .filter(c -> c.action().equals("GetServiceLinkedRoleDeletionStatus"))
                        .toList();
        assertThat(polls).hasSizeGreaterThanOrEqualTo(2);
        assertThat(polls)
                .as("every poll asks about the same task")
                .allMatch(c -> task.equals(c.params().get("DeletionTaskId")));
    }

    @Test
    void reportsAFailedDeletionWithIamsReasonAndRetries() {
        apply(slr("in-use", null, Map.of()));
        slrs.awaitReady("in-use", true, "Created");
        emulator().serviceLinkedRoleDeletionPolls(1000);
        slrs.resource("in-use").delete();
        await().atMost(TIMEOUT)
                .until(() -> slrs.get("in-use").getStatus().getDeletionTaskId() != null);
        String firstTask = slrs.get("in-use").getStatus().getDeletionTaskId();
        String reason = "Auto Scaling group web-asg in eu-west-1 still uses the role";
        emulator().failServiceLinkedRoleDeletion(firstTask, reason);
        Hold secondAttempt = emulator().faults().holdResponse("DeleteServiceLinkedRole");
        emulator().serviceLinkedRoleDeletionPolls(0);

        // The failed task was reported before a new one was asked for.
        assertThat(secondAttempt.awaitHeld(TIMEOUT)).as("a new deletion is started").isTrue();
        ServiceLinkedRole reported = slrs.get("in-use");
        secondAttempt.release();
        assertThat(emulator().serviceLinkedRoleDeletionStatus(firstTask)).isEqualTo("FAILED");
        assertThat(reported.getStatus().getConditions())
                .anyMatch(
                        c ->
                                c.getType().equals("Ready")
                                        && c.getReason().equals("Deleting")
                                        && c.getMessage().contains(reason)
                                        && c.getMessage().contains("FAILED"));
        assertThat(events("in-use"))
                .anyMatch(
                        e ->
                                e.getType().equals("Warning")
                                        && e.getReason().equals("Deleting")
                                        && e.getMessage().contains(reason));

        slrs.awaitGone("in-use");
        assertThat(emulator().role(roleName())).isEmpty();
        assertThat(count(callsMentioning(suffix(), Instant.EPOCH), "DeleteServiceLinkedRole"))
                .isEqualTo(2);
    }

    @Test
    void retainsTheRoleWhenAskedTo() {
        apply(slr("kept", null, Map.of(ResourcePolicies.DELETION_POLICY, "retain")));
        slrs.awaitReady("kept", true, "Created");

        slrs.resource("kept").delete();

        slrs.awaitGone("kept");
        assertThat(awsRole(roleName())).isNotNull();
        assertThat(count(callsMentioning(suffix(), Instant.EPOCH), "DeleteServiceLinkedRole"))
                .isZero();
    }

    @Test
    void refusesASpecWithoutServiceAndCallsNoAws() {
        Instant start = Instant.now();
        apply(slr("no-service", null, suffix(), "invalid", Map.of()));

        slrs.awaitReady("no-service", false, "InvalidSpec");

        assertThat(slrs.ready("no-service").get().getMessage())
                .contains("spec.awsServiceName is required");
        slrs.awaitRevalidated("no-service");
        assertThat(callsMentioning(suffix(), start)).isEmpty();
        assertThat(emulator().calls())
                .filteredOn(c -> !c.at().isBefore(start))
                .noneMatch(
                        c ->
                                c.action().equals("CreateServiceLinkedRole")
                                        && !c.params().containsKey("AWSServiceName"))
                .noneMatch(
                        c ->
                                c.action().equals("ListRoles")
                                        && c.params()
                                                .getOrDefault("PathPrefix", "")
                                                .matches(".*(//|null).*"));

        slrs.resource("no-service").delete();
        slrs.awaitGone("no-service");
    }

    @Test
    void refusesToChangeTheServiceOfAnExistingRole() {
        apply(slr("moving", null, Map.of()));
        slrs.awaitReady("moving", true, "Created");
        Instant edited = Instant.now();

        slrs.editSpec(
                "moving",
                spec -> {
                    spec.setAwsServiceName("spot.amazonaws.com");
                    spec.setCustomSuffix(null);
                });

        slrs.awaitReady("moving", false, "InvalidSpec");
        assertThat(slrs.ready("moving").get().getMessage())
                .contains("immutable")
                .contains(roleName());
        slrs.awaitRevalidated("moving");
        assertThat(emulator().calls())
                .filteredOn(c -> !c.at().isBefore(edited))
                .noneMatch(
                        c ->
                                c.action().equals("CreateServiceLinkedRole")
                                        && "spot.amazonaws.com"
                                                .equals(c.params().get("AWSServiceName")));
        assertThat(awsRole(roleName())).isNotNull();
    }

    @Test
    void observeOnlyReportsAndNeverWrites() {
        RoleSnapshot existing = emulator().seedServiceLinkedRole(AUTOSCALING, suffix());
        Instant start = Instant.now();

        apply(
                slr(
                        "watched",
                        "a description AWS does not have",
                        Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe")));

        slrs.awaitReady("watched", false, "DriftReported");
        assertThat(slrs.get("watched").getStatus().getDrift()).containsExactly("description");
        slrs.resource("watched").delete();
        slrs.awaitGone("watched");
        assertThat(awsRole(roleName())).isEqualTo(existing);
        assertThat(callsMentioning(suffix(), start))
                .as("only looked at")
                .isNotEmpty()
                .allMatch(SlrTestSupport::readOnly);
    }

    @Test
    void aRestartedOperatorPollsTheDeletionTaskRecordedInStatusInsteadOfStartingAnother() {
        apply(slr("restarted", null, Map.of()));
        slrs.awaitReady("restarted", true, "Created");
        slrs.annotate("restarted", ResourcePolicies.PAUSED, "true");
        slrs.awaitReady("restarted", false, "Paused");
        emulator().serviceLinkedRoleDeletionPolls(1000);
        // What a previous process left behind: it started the deletion and recorded the task,
        // then died.
        String task;
        try (IamClient iam =
                IamClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .region(Region.AWS_GLOBAL)
                        .endpointOverride(emulator().endpoint())
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        SdkBackend.environmentCredentials()))
                        .build()) {
            task = iam.deleteServiceLinkedRole(b -> b.roleName(roleName())).deletionTaskId();
        }
        slrs.resource("restarted")
                .editStatus(
                        r -> {
                            r.getStatus().setDeletionTaskId(task);
                            return r;
                        });
        Instant handedOver = Instant.now();
        slrs.resource("restarted").delete();

        slrs.annotate("restarted", ResourcePolicies.PAUSED, null);

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                count(
                                                callsMentioning(task, handedOver),
                                                "GetServiceLinkedRoleDeletionStatus")
                                        > 0);
        emulator().serviceLinkedRoleDeletionPolls(0);
        slrs.awaitGone("restarted");
        assertThat(emulator().role(roleName())).isEmpty();
        assertThat(emulator().serviceLinkedRoleDeletionStatus(task)).isEqualTo("SUCCEEDED");
        List<RecordedCall> since = callsMentioning(suffix(), handedOver);
        assertThat(count(since, "DeleteServiceLinkedRole")).as("no second task").isZero();
        assertThat(since)
                .filteredOn(c -> c.action().equals("GetServiceLinkedRoleDeletionStatus"))
                .isNotEmpty()
                .allMatch(c -> task.equals(c.params().get("DeletionTaskId")));
    }
}
