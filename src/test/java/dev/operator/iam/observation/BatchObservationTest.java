package dev.operator.iam.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.role.Role;
import dev.operator.iam.role.RoleTestSupport;
import dev.operator.iam.testing.IamCalls;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.MetricsScraper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Batch observation: a resync compares Roles and Policies with one GetAccountAuthorizationDetails
 * scan of the account instead of reading each; drift made in IAM is found in the scan and reverted;
 * what the scan leaves out (policy tags) is read at the slower {@code
 * iam-operator.unscanned-resync-interval} (6 s in the test profile, three resyncs).
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class BatchObservationTest extends RoleTestSupport {

    private static final String DOC_HOTFIX =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}\
            """;

    /** What a resync of one Policy or Role costs when it reads IAM on its own. */
    private static final Set<String> INDIVIDUAL_READS =
            Set.of(
                    "GetPolicy",
                    "GetPolicyVersion",
                    "ListAttachedRolePolicies",
                    "ListRolePolicies",
                    "GetRolePolicy");

    /** What the scan leaves out, read once per unscanned-resync-interval and object. */
    private static final Set<String> UNSCANNED_READS = Set.of("ListPolicyTags", "GetRole");

    @Test
    void aResyncOfManyObjectsCostsTheScanAndNoReadPerObject() {
        List<String> names = IntStream.range(0, 6).mapToObj(i -> "bulk-" + i).toList();
        names.forEach(n -> apply(policy("p-" + n, DOC_READ)));
        names.forEach(n -> apply(role("r-" + n)));
        names.forEach(n -> policies.awaitReady("p-" + n, true, "Created"));
        names.forEach(n -> roles.awaitReady("r-" + n, true, "Created"));
        // The first resync after a create reads on its own (a write newer than any scan).
        names.forEach(n -> policies.awaitSyncedAgain("p-" + n, 2));
        names.forEach(n -> roles.awaitSyncedAgain("r-" + n, 2));
        Instant from = Instant.now();
        double snapshotObservations =
                MetricsScraper.value(
                        "iam_operator_observations_total",
                        Map.of("kind", "Policy", "source", "snapshot"));

        names.forEach(n -> policies.awaitSyncedAgain("p-" + n, 2));
        names.forEach(n -> roles.awaitSyncedAgain("r-" + n, 2));

        IamCalls window = callLog().orElseThrow().since(from).before(Instant.now());
        for (String n : names) {
            for (String object : List.of("p-" + n, "r-" + n)) {
                assertThat(window.actions(object))
                        .as(
                                "%s at resync: only what the scan leaves out is read on its own,"
                                        + " at its slower cadence",
                                object)
                        .doesNotContainAnyElementsOf(INDIVIDUAL_READS)
                        .allMatch(UNSCANNED_READS::contains);
            }
        }
        assertThat(window.all())
                .filteredOn(c -> c.action().equals("GetAccountAuthorizationDetails"))
                .isNotEmpty()
                .allSatisfy(
                        c ->
                                assertThat(c.params())
                                        .containsEntry("MaxItems", "1000")
                                        .containsValue("Role")
                                        .containsValue("LocalManagedPolicy"));
        assertThat(
                        MetricsScraper.value(
                                "iam_operator_observations_total",
                                Map.of("kind", "Policy", "source", "snapshot")))
                .isGreaterThanOrEqualTo(snapshotObservations + 2 * names.size());
        assertThat(
                        MetricsScraper.value(
                                "iam_operator_account_scans_total", Map.of("outcome", "success")))
                .isPositive();
    }

    @Test
    void aDocumentChangedInIamIsFoundInTheScanAndReverted() {
        apply(policy("scan-doc", DOC_READ));
        policies.awaitReady("scan-doc", true, "Created");
        policies.awaitSyncedAgain("scan-doc", 2);
        Instant changed = Instant.now();

        backend().putPolicyVersionOutOfBand(policyArn("scan-doc"), DOC_HOTFIX);

        await().atMost(TIMEOUT)
                .until(() -> awsPolicy("scan-doc").defaultDocument().equals(DOC_READ));
        policies.awaitReady("scan-doc", true, "DriftCorrected");
        IamCalls after = callLog().orElseThrow().since(changed);
        Instant corrected = firstCall(after, "scan-doc", "CreatePolicyVersion");
        assertThat(after.before(corrected).actions("scan-doc"))
                .as("found without reading the policy on its own")
                .doesNotContain("GetPolicy", "GetPolicyVersion");
    }

    @Test
    void aTrustPolicyChangedAndAPolicyDetachedInIamAreFoundInTheScanAndReverted() {
        Role object = role("scan-role");
        object.getSpec().setPolicies(List.of(SSM_CORE));
        apply(object);
        roles.awaitReady("scan-role", true, "Created");
        roles.awaitSyncedAgain("scan-role", 2);
        Instant changed = Instant.now();

        emulator().updateAssumeRolePolicyOutOfBand("scan-role", LAMBDA_TRUST);
        emulator().detachPolicyOutOfBand(SSM_CORE, "Role", "scan-role");

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                awsRole("scan-role").attachedPolicyArns().equals(List.of(SSM_CORE))
                                        && awsRole("scan-role")
                                                .assumeRolePolicyDocument()
                                                .equals(EC2_TRUST));
        IamCalls after = callLog().orElseThrow().since(changed);
        Instant corrected = firstCall(after, "scan-role", "UpdateAssumeRolePolicy");
        assertThat(after.before(corrected).actions("scan-role"))
                .as("found without reading the role on its own")
                .doesNotContain("ListAttachedRolePolicies", "ListRolePolicies");
    }

    @Test
    void aRoleTagRemovedInIamIsFoundInTheScanAndReverted() {
        Role created = apply(role("scan-tag", EC2_TRUST, Map.of(), new Tag("team", "a")));
        roles.awaitReady("scan-tag", true, "Created");
        roles.awaitSyncedAgain("scan-tag", 2);

        emulator().untagRoleOutOfBand("scan-tag", "team");

        await().atMost(TIMEOUT).until(() -> "a".equals(awsRole("scan-tag").tags().get("team")));
        assertThat(awsRole("scan-tag").tags()).containsAllEntriesOf(ownershipTags(created));
    }

    @Test
    void policyTagDriftIsFoundAtTheSlowerCadence() {
        apply(policy("tag-cadence", DOC_READ, Map.of(), new Tag("team", "a")));
        policies.awaitReady("tag-cadence", true, "Created");
        policies.awaitSyncedAgain("tag-cadence", 2);
        Instant changed = Instant.now();

        backend().untagPolicyOutOfBand(policyArn("tag-cadence"), "team");

        await().atMost(TIMEOUT)
                .until(() -> "a".equals(awsPolicy("tag-cadence").tags().get("team")));
        IamCalls after = callLog().orElseThrow().since(changed);
        Instant corrected = firstCall(after, "tag-cadence", "TagPolicy");
        assertThat(after.before(corrected).actions("tag-cadence"))
                .as("found by the policy's tag read, not a full read")
                .contains("ListPolicyTags")
                .doesNotContain("GetPolicy");
    }

    private static Instant firstCall(IamCalls calls, String name, String action) {
        return calls.about(name).stream()
                .filter(c -> c.action().equals(action))
                .map(RecordedCall::at)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " of " + name));
    }
}
