package dev.operator.iam.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.aws.AccountSnapshots;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.role.Role;
import dev.operator.iam.role.RoleTestSupport;
import dev.operator.iam.testing.IamCalls;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.SlowUnscannedProfile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * After a restart the operator knows nothing of what the account scan leaves out (a policy's tags,
 * a role's Description and MaxSessionDuration). For objects whose status records them in sync it
 * presumes them as the spec wants and reads them at a random time within {@code
 * iam-operator.unscanned-resync-interval} (an hour here, so that no read at that cadence falls into
 * a wait; when it falls due is {@code AccountSnapshotsPresumptionTest}'s), so that a restart costs
 * the scan and not a read per object; nothing is ever written on a presumption. A restart is what
 * {@link AccountSnapshots#forgetUnscannedReads} forgets.
 */
@QuarkusTest
@TestProfile(SlowUnscannedProfile.class)
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class RestartObservationTest extends RoleTestSupport {

    private static final String DOC_HOTFIX =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}\
            """;

    @Inject AccountSnapshots snapshots;

    @Test
    void theFirstResyncsAfterARestartReadNothingTheScanLeavesOut() {
        apply(policy("rs-policy", DOC_READ, Map.of(), new Tag("team", "a")));
        Role role = role("rs-role");
        role.getSpec().setDescription("for the restart test");
        role.getSpec().setMaxSessionDuration(7200);
        apply(role);
        policies.awaitReady("rs-policy", true, "Created");
        roles.awaitReady("rs-role", true, "Created");
        policies.awaitSyncedAgain("rs-policy", 2);
        roles.awaitSyncedAgain("rs-role", 2);
        Instant restarted = Instant.now();

        snapshots.forgetUnscannedReads();

        policies.awaitSyncedAgain("rs-policy", 2);
        roles.awaitSyncedAgain("rs-role", 2);
        policies.awaitReady("rs-policy", true, "UpToDate");
        roles.awaitReady("rs-role", true, "UpToDate");
        IamCalls window = callLog().orElseThrow().since(restarted);
        assertThat(window.actions("rs-policy"))
                .as("the policy's tags are presumed as the spec wants, not read, after a restart")
                .doesNotContain("ListPolicyTags", "GetPolicy", "GetPolicyVersion")
                .doesNotContain("TagPolicy", "UntagPolicy", "CreatePolicyVersion");
        assertThat(window.actions("rs-role"))
                .as("the role's description and session duration are presumed, not read")
                .doesNotContain("GetRole", "UpdateRole", "TagRole");
    }

    @Test
    void aRestartPresumesNothingOfAnObjectWhoseStatusIsNotInSync() {
        apply(
                policy(
                        "rs-reported",
                        DOC_READ,
                        Map.of(ResourcePolicies.DRIFT_POLICY, "report"),
                        new Tag("team", "a")));
        policies.awaitReady("rs-reported", true, "Created");
        backend().putPolicyVersionOutOfBand(policyArn("rs-reported"), DOC_HOTFIX);
        policies.awaitReady("rs-reported", false, "DriftReported");
        long mark = policies.finishedReconciles("rs-reported");
        Instant restarted = Instant.now();

        snapshots.forgetUnscannedReads();

        policies.awaitReconciles("rs-reported", mark + 2);
        assertThat(callLog().orElseThrow().since(restarted).actions("rs-reported"))
                .as("drift on record: what the scan leaves out is read at once")
                .contains("ListPolicyTags");
    }

    @Test
    void aDifferenceFoundOnAPresumptionIsReadForRealBeforeAnythingIsWritten() {
        apply(policy("rs-drift", DOC_READ, Map.of(), new Tag("team", "a")));
        policies.awaitReady("rs-drift", true, "Created");
        policies.awaitSyncedAgain("rs-drift", 2);
        Instant restarted = Instant.now();
        snapshots.forgetUnscannedReads();
        policies.awaitSyncedAgain("rs-drift", 1);

        // While the operator presumes the tags: someone changes the document and a tag.
        backend().untagPolicyOutOfBand(policyArn("rs-drift"), "team");
        backend().putPolicyVersionOutOfBand(policyArn("rs-drift"), DOC_HOTFIX);

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                awsPolicy("rs-drift").defaultDocument().equals(DOC_READ)
                                        && "a".equals(awsPolicy("rs-drift").tags().get("team")));
        List<RecordedCall> after = callLog().orElseThrow().since(restarted).about("rs-drift");
        assertThat(after.subList(0, indexOf(after, "CreatePolicyVersion")))
                .as("the tags were read before the document was written back")
                .extracting(RecordedCall::action)
                .contains("ListPolicyTags");
    }

    private static int indexOf(List<RecordedCall> calls, String action) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).action().equals(action)) {
                return i;
            }
        }
        throw new AssertionError("no " + action + " in " + calls);
    }
}
