package dev.operator.iam.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.group.Group;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.PrincipalTestSupport;
import dev.operator.iam.testing.SlowResyncProfile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * References between objects: {@code groupRefs} of a User, {@code policyRefs} of a Group. The
 * resync interval is 10 minutes here, so a referrer that converges within the test's timeout was
 * woken by the watch on its target, not by a resync.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(SlowResyncProfile.class)
class UserGroupReferencesTest extends PrincipalTestSupport {

    @Test
    void aUserWaitsForItsGroupThenJoinsItWhenTheGroupIsReady() {
        String user = aws("ivan");
        String groupObject = aws("devs");
        String groupInAws = aws("Developers-Team");

        createUser(user, s -> s.setGroupRefs(List.of(new ResourceReference(groupObject))));

        User waiting = users.awaitReady(user, false, "WaitingForReference");
        assertThat(readyOf(waiting).get().getMessage())
                .contains("Group " + groupObject)
                .contains("spec.groupRefs[0]");
        assertThat(emulator().user(user)).as("no user created while waiting").isEmpty();
        assertThat(actionsAbout(user)).as("no AWS call while waiting").isEmpty();

        createGroup(groupObject, s -> s.setName(groupInAws));

        users.awaitReady(user, true, "Created");
        assertThat(awsUser(user).groupNames())
                .as("member of the group under its AWS name (spec.name of the Group)")
                .containsExactly(groupInAws);
    }

    @Test
    void aGroupWaitsForItsPolicyThenAttachesItWhenThePolicyIsReady() {
        String group = aws("auditors");
        String policy = aws("audit-read");

        createGroup(group, s -> s.setPolicyRefs(List.of(new ResourceReference(policy))));

        Group waiting = groups.awaitReady(group, false, "WaitingForReference");
        assertThat(readyOf(waiting).get().getMessage()).contains("Policy " + policy);
        assertThat(emulator().group(group)).isEmpty();

        client.resource(policy(policy, DOC_READ)).create();

        groups.awaitReady(group, true, "Created");
        Policy ready = client.resources(Policy.class).inNamespace(namespace).withName(policy).get();
        assertThat(awsGroup(group).attachedPolicyArns())
                .containsExactly(ready.getStatus().getArn());

        // Let go of the policy so that the Policy object can be deleted after the test.
        groups.editSpec(group, s -> s.setPolicyRefs(List.of()));
        await().atMost(TIMEOUT).until(() -> awsGroup(group).attachedPolicyArns().isEmpty());
        client.resource(ready).delete();
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                client.resources(Policy.class)
                                                .inNamespace(namespace)
                                                .withName(policy)
                                                .get()
                                        == null);
    }

    @Test
    void deletingAGroupAndItsMemberTogetherLeavesNothingOfOursInAws() {
        String group = aws("project");
        String user = aws("judy");
        createGroup(
                group,
                s -> {
                    s.setPolicies(List.of(READ_ONLY));
                    s.setInlinePolicies(Map.of("read", DOC_READ));
                });
        createUser(
                user,
                s -> {
                    s.setGroupRefs(List.of(new ResourceReference(group)));
                    s.setPolicies(List.of(S3_READ));
                });
        groups.awaitReady(group, true, "Created");
        users.awaitReady(user, true, "Created");
        assertThat(awsGroup(group).userNames()).containsExactly(user);

        groups.delete(group);
        users.delete(user);

        await().atMost(TIMEOUT).until(() -> groups.get(group) == null && users.get(user) == null);
        assertThat(emulator().group(group)).isEmpty();
        assertThat(emulator().user(user)).isEmpty();
    }

    @Test
    void theUserInGroupExampleConvergesWithItsPolicy() throws Exception {
        List<HasMetadata> applied = new ArrayList<>();
        for (String file : List.of("policy-s3-read-only.yaml", "user-in-group.yaml")) {
            try (InputStream in = Files.newInputStream(Path.of("examples", file))) {
                for (HasMetadata item : client.load(in).items()) {
                    item.getMetadata().setNamespace(namespace);
                    applied.add(client.resource(item).create());
                }
            }
        }
        assertThat(applied)
                .extracting(HasMetadata::getKind)
                .containsExactly("Policy", "Group", "User");

        groups.awaitReady("developers", true, "Created");
        users.awaitReady("alice", true, "Created");
        Policy policy =
                client.resources(Policy.class)
                        .inNamespace(namespace)
                        .withName("orders-bucket-read")
                        .get();
        assertThat(awsGroup("developers").attachedPolicyArns())
                .containsExactlyInAnyOrder(
                        "arn:aws:iam::aws:policy/ReadOnlyAccess", policy.getStatus().getArn());
        assertThat(awsUser("alice.smith").groupNames()).containsExactly("developers");
        assertThat(awsUser("alice.smith").tags()).containsEntry("team", "orders");

        // Leave the account as found: the group lets go of the policy, then the policy goes.
        groups.delete("developers");
        users.delete("alice");
        await().atMost(TIMEOUT).until(() -> emulator().group("developers").isEmpty());
        client.resource(policy).delete();
        await().atMost(TIMEOUT).until(() -> client.resource(policy).get() == null);
        assertThat(emulator().user("alice.smith")).isEmpty();
    }
}
