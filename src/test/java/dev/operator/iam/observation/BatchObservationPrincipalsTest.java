package dev.operator.iam.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.testing.IamCalls;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.PrincipalTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Users and Groups are observed through the account scan too: a membership removed and a policy
 * detached in IAM are found in it, without reading the user or the group on its own, and reverted.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class BatchObservationPrincipalsTest extends PrincipalTestSupport {

    @Test
    void aUserRemovedFromItsGroupInIamIsFoundInTheScanAndAddedBack() {
        String user = aws("scan-user");
        String group = aws("scan-group");
        emulator().seedGroup(group, "/");
        createUser(user, s -> s.setGroups(List.of(group)));
        users.awaitReady(user, true, "Created");
        users.awaitSyncedAgain(user, 2);
        Instant changed = Instant.now();

        emulator().removeUserFromGroupOutOfBand(group, user);

        await().atMost(TIMEOUT).until(() -> awsUser(user).groupNames().equals(List.of(group)));
        IamCalls after = callLog().orElseThrow().since(changed);
        Instant corrected = firstCall(after, user, "AddUserToGroup");
        assertThat(after.before(corrected).actions(user))
                .as("found without reading the user on its own")
                .doesNotContain("GetUser", "ListGroupsForUser");
    }

    @Test
    void aPolicyDetachedFromAGroupInIamIsFoundInTheScanAndAttachedAgain() {
        String group = aws("scan-detach");
        createGroup(group, s -> s.setPolicies(List.of(READ_ONLY)));
        groups.awaitReady(group, true, "Created");
        groups.awaitSyncedAgain(group, 2);
        Instant changed = Instant.now();

        emulator().detachPolicyOutOfBand(READ_ONLY, "Group", group);

        await().atMost(TIMEOUT)
                .until(() -> awsGroup(group).attachedPolicyArns().equals(List.of(READ_ONLY)));
        IamCalls after = callLog().orElseThrow().since(changed);
        Instant corrected = firstCall(after, group, "AttachGroupPolicy");
        assertThat(after.before(corrected).actions(group))
                .as("found without reading the group on its own")
                .doesNotContain("GetGroup", "ListAttachedGroupPolicies");
    }

    private static Instant firstCall(IamCalls calls, String name, String action) {
        return calls.about(name).stream()
                .filter(c -> c.action().equals(action))
                .map(RecordedCall::at)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " of " + name));
    }
}
