package dev.operator.iam.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.emulator.GroupSnapshot;
import dev.operator.iam.emulator.Hold;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.PrincipalTestSupport;
import io.fabric8.kubernetes.api.model.Event;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Group's life in AWS: create, update, drift, observe-only, delete and retain, bad specs. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class GroupLifecycleTest extends PrincipalTestSupport {

    @Test
    void recordsTheCreateIntentBeforeCreatingTheGroupThenAppliesItsPolicies() {
        String name = aws("developers");
        Hold createAnswer = emulator().faults().holdResponse("CreateGroup");

        createGroup(
                name,
                s -> {
                    s.setPolicies(List.of(READ_ONLY));
                    s.setInlinePolicies(Map.of("read", DOC_READ));
                });

        assertThat(createAnswer.awaitHeld(TIMEOUT)).as("CreateGroup reached IAM").isTrue();
        // IAM has created the group; the operator is still waiting for the answer. The intent
        // must already be in status: it is the only evidence that this group is ours.
        GroupStatus during = groups.get(name).getStatus();
        assertThat(emulator().group(name)).as("group in AWS while the answer is held").isPresent();
        assertThat(during.getCreateIntent())
                .as("status.createIntent during CreateGroup")
                .isNotNull();
        assertThat(during.getCreateIntent().getKey()).isEqualTo(name);
        assertThat(during.getArn()).as("status.arn during CreateGroup").isNull();
        createAnswer.release();

        Group ready = groups.awaitReady(name, true, "Created");
        GroupSnapshot inAws = awsGroup(name);
        assertThat(ready.getStatus().getArn()).isEqualTo(inAws.arn());
        assertThat(ready.getStatus().getId()).isEqualTo(inAws.id());
        assertThat(ready.getStatus().getCreateIntent()).as("intent cleared once created").isNull();
        assertThat(inAws.attachedPolicyArns()).containsExactly(READ_ONLY);
        assertThat(inAws.inlinePolicies()).containsOnlyKeys("read");
        assertThat(Conditions.find(ready.getStatus(), Conditions.ADOPTED).get().getStatus())
                .isEqualTo("False");
        assertThat(calls(name, "CreateGroup")).isEqualTo(1);
    }

    @Test
    void updatesManagedAndInlinePoliciesToTheSpec() {
        String name = aws("updated");
        createGroup(
                name,
                s -> {
                    s.setPolicies(List.of(READ_ONLY));
                    s.setInlinePolicies(Map.of("first", DOC_READ));
                });
        groups.awaitReady(name, true, "Created");

        groups.editSpec(
                name,
                s -> {
                    s.setPolicies(List.of(S3_READ, POWER_USER));
                    s.setInlinePolicies(Map.of("second", DOC_WRITE));
                });

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                readyOf(groups.get(name))
                                        .filter(c -> c.getObservedGeneration() == 2L)
                                        .filter(c -> c.getStatus().equals("True"))
                                        .isPresent());
        GroupSnapshot inAws = awsGroup(name);
        assertThat(inAws.attachedPolicyArns()).containsExactlyInAnyOrder(S3_READ, POWER_USER);
        assertThat(inAws.inlinePolicies()).containsOnlyKeys("second");
        assertThat(inAws.inlinePolicies().get("second")).contains("s3:PutObject");
        assertThat(readyOf(groups.get(name)).get().getReason()).isEqualTo("UpToDate");
    }

    @Test
    void revertsPoliciesChangedOutOfBand() {
        String name = aws("drifting");
        createGroup(
                name,
                s -> {
                    s.setPolicies(List.of(READ_ONLY));
                    s.setInlinePolicies(Map.of("read", DOC_READ));
                });
        groups.awaitReady(name, true, "Created");

        emulator().attachPolicyOutOfBand(POWER_USER, "Group", name);
        emulator().putInlinePolicyOutOfBand("Group", name, "extra", DOC_WRITE);
        emulator().putInlinePolicyOutOfBand("Group", name, "read", DOC_WRITE);

        groups.awaitReady(name, true, "DriftCorrected");
        GroupSnapshot inAws = awsGroup(name);
        assertThat(inAws.attachedPolicyArns()).containsExactly(READ_ONLY);
        assertThat(inAws.inlinePolicies()).containsOnlyKeys("read");
        assertThat(inAws.inlinePolicies().get("read")).contains("s3:GetObject");
    }

    @Test
    void reportsDriftWithoutRevertingItWhenAskedTo() {
        String name = aws("reported");
        createGroup(
                name,
                s -> s.setPolicies(List.of(READ_ONLY)),
                Map.of(ResourcePolicies.DRIFT_POLICY, "report"));
        groups.awaitReady(name, true, "Created");

        emulator().attachPolicyOutOfBand(POWER_USER, "Group", name);

        Group reported = groups.awaitReady(name, false, "DriftReported");
        assertThat(reported.getStatus().getDrift()).containsExactly("policies");
        groups.awaitObservedAgain(name);
        assertThat(awsGroup(name).attachedPolicyArns()).contains(POWER_USER);
        assertThat(calls(name, "DetachGroupPolicy")).isZero();
    }

    @Test
    void observeOnlyReportsAndNeverWrites() {
        String name = aws("observed");
        GroupSnapshot existing = emulator().seedGroup(name, "/");
        emulator().attachPolicyOutOfBand(POWER_USER, "Group", name);
        GroupSnapshot before = awsGroup(name);

        createGroup(
                name,
                s -> s.setPolicies(List.of(READ_ONLY)),
                Map.of(ResourcePolicies.MANAGEMENT_POLICY, "observe"));

        Group observed = groups.awaitReady(name, false, "DriftReported");
        assertThat(observed.getStatus().getArn()).isEqualTo(existing.arn());
        assertThat(observed.getStatus().getDrift()).containsExactly("policies");
        groups.awaitObservedAgain(name);
        groups.delete(name);
        groups.awaitGone(name);

        assertThat(awsGroup(name)).as("observe-only never changes AWS").isEqualTo(before);
        assertThat(actionsAbout(name))
                .as("only reads")
                .allMatch(a -> a.startsWith("Get") || a.startsWith("List"));
    }

    @Test
    void deletingRemovesPoliciesAndEveryMemberNamingTheOnesItDoesNotManage() {
        String name = aws("leaving");
        String contractor = aws("contractor");
        String ourUser = aws("ours");
        createGroup(
                name,
                s -> {
                    s.setPolicies(List.of(READ_ONLY));
                    s.setInlinePolicies(Map.of("read", DOC_READ));
                });
        groups.awaitReady(name, true, "Created");
        emulator().seedUser(contractor, null, Map.of("owner", "hr"));
        emulator().seedUser(ourUser, null, Map.of("iam.operator.dev/cluster", "default"));
        emulator().addUserToGroupOutOfBand(name, contractor);
        emulator().addUserToGroupOutOfBand(name, ourUser);

        groups.delete(name);

        groups.awaitGone(name);
        assertThat(emulator().group(name)).as("group deleted in AWS").isEmpty();
        assertThat(awsUser(contractor).groupNames()).as("the foreign user itself stays").isEmpty();
        assertThat(awsUser(ourUser).groupNames()).isEmpty();
        List<Event> events = events(name);
        assertThat(events)
                .filteredOn(e -> e.getMessage().contains("removed user"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getMessage()).contains(contractor).doesNotContain(ourUser);
                        });
        assertThat(calls(name, "DeleteGroup")).isEqualTo(1);
    }

    /**
     * CreateGroup succeeds, attaching the spec's policy fails: the group must stay ours (the intent
     * is its only proof until the GroupId is recorded), never be created twice, and converge once
     * the spec is fixed.
     */
    @Test
    void aGroupWhosePolicyCannotBeAttachedStaysOursAndConvergesOnceTheSpecIsFixed() {
        String name = aws("half-made");
        String missing = "arn:aws:iam::" + emulator().accountId() + ":policy/" + aws("missing");

        createGroup(name, s -> s.setPolicies(List.of(missing)));

        await().atMost(TIMEOUT)
                .until(
                        () -> {
                            Group g = groups.get(name);
                            return g.getStatus() != null
                                    && g.getStatus().getId() != null
                                    && readyOf(g)
                                            .map(c -> c.getReason().equals("AwsError"))
                                            .orElse(false);
                        });
        assertThat(groups.get(name).getStatus().getId())
                .as("recorded as ours despite the failed attachment")
                .isEqualTo(awsGroup(name).id());
        assertThat(readyOf(groups.get(name)).get().getMessage()).contains("NoSuchEntity");

        groups.editSpec(name, s -> s.setPolicies(List.of(READ_ONLY)));

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                readyOf(groups.get(name))
                                        .filter(c -> c.getStatus().equals("True"))
                                        .isPresent());
        assertThat(awsGroup(name).attachedPolicyArns()).containsExactly(READ_ONLY);
        assertThat(calls(name, "CreateGroup")).isEqualTo(1);
    }

    @Test
    void retainKeepsTheGroupInAws() {
        String name = aws("kept");
        createGroup(
                name,
                s -> s.setPolicies(List.of(READ_ONLY)),
                Map.of(ResourcePolicies.DELETION_POLICY, "retain"));
        groups.awaitReady(name, true, "Created");

        groups.delete(name);

        groups.awaitGone(name);
        assertThat(awsGroup(name).attachedPolicyArns()).containsExactly(READ_ONLY);
        assertThat(calls(name, "DeleteGroup")).isZero();
        assertThat(calls(name, "DetachGroupPolicy")).isZero();
    }

    @Test
    void anInvalidSpecIsReportedWithoutCallingAws() {
        String name = aws("invalid");

        createGroup(
                name,
                s -> {
                    s.setPolicies(List.of("ReadOnlyAccess"));
                    s.setInlinePolicies(
                            Map.of("bad", "{\"Version\":\"2012-10-17\",\"Statement\":"));
                });

        Group invalid = groups.awaitReady(name, false, "InvalidSpec");
        String message = readyOf(invalid).get().getMessage();
        assertThat(message).contains("spec.policies[0]").contains("arn:aws:iam::");
        assertThat(message).contains("spec.inlinePolicies[bad]");
        assertThat(actionsAbout(name)).as("no AWS call").isEmpty();
        assertThat(emulator().group(name)).isEmpty();
    }
}
