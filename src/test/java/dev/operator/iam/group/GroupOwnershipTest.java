package dev.operator.iam.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.CreateIntent;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.emulator.GroupSnapshot;
import dev.operator.iam.emulator.Hold;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.PrincipalTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Groups carry no tags: whether a group is ours rests on the create intent recorded before
 * CreateGroup and on the GroupId recorded after. These tests pin down both sides of that: our own
 * interrupted creates are recovered, everything else is refused unless adoption is asked for.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class GroupOwnershipTest extends PrincipalTestSupport {

    @Test
    void recoversAGroupCreatedUnderItsIntentWithoutCreatingItAgain() {
        String name = aws("interrupted");
        // The object as a crashed process left it: the intent is in status, the group in AWS.
        createGroup(
                name,
                s -> s.setPolicies(List.of(READ_ONLY)),
                Map.of(ResourcePolicies.PAUSED, "true"));
        groups.awaitReady(name, false, "Paused");
        String requestedAt = Instant.now().toString();
        groups.resource(name)
                .editStatus(
                        g -> {
                            g.getStatus().setCreateIntent(new CreateIntent(name, requestedAt));
                            return g;
                        });
        GroupSnapshot leftBehind = emulator().seedGroup(name, "/");

        groups.annotate(name, ResourcePolicies.PAUSED, null);

        Group recovered = groups.awaitReady(name, true, "Recovered");
        assertThat(recovered.getStatus().getId()).isEqualTo(leftBehind.id());
        assertThat(recovered.getStatus().getCreateIntent()).isNull();
        assertThat(awsGroup(name).attachedPolicyArns())
                .as("the rest of the spec applied")
                .containsExactly(READ_ONLY);
        assertThat(calls(name, "CreateGroup")).isZero();
        assertThat(events(name)).anyMatch(e -> e.getReason().equals("Recovered"));
    }

    @Test
    void recoversWhenTheAnswerToCreateGroupIsLostOnTheWire() {
        String name = aws("lost-answer");
        // IAM commits the group and hangs up; the SDK retries and meets EntityAlreadyExists.
        emulator().faults().dropConnection("CreateGroup");

        createGroup(name, s -> s.setPolicies(List.of(READ_ONLY)));

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                readyOf(groups.get(name))
                                        .filter(c -> c.getStatus().equals("True"))
                                        .isPresent());
        Group ready = groups.get(name);
        // The SDK's retry met EntityAlreadyExists: the intent kept, the group recovered by it.
        assertThat(readyOf(ready).get().getReason()).isEqualTo("Recovered");
        assertThat(emulator().groups()).filteredOn(g -> g.name().equalsIgnoreCase(name)).hasSize(1);
        assertThat(ready.getStatus().getId()).isEqualTo(awsGroup(name).id());
        assertThat(awsGroup(name).attachedPolicyArns()).containsExactly(READ_ONLY);
        long creates = calls(name, "CreateGroup");
        groups.awaitObservedAgain(name);
        assertThat(calls(name, "CreateGroup")).as("no EntityAlreadyExists loop").isEqualTo(creates);
    }

    @Test
    void refusesAnExistingGroupItHasNoIntentFor() {
        String name = aws("someone-elses");
        String member = aws("member");
        emulator().seedGroup(name, "/");
        emulator().attachPolicyOutOfBand(POWER_USER, "Group", name);
        emulator().seedUser(member, null, Map.of());
        emulator().addUserToGroupOutOfBand(name, member);
        GroupSnapshot foreign = awsGroup(name);

        createGroup(name, s -> s.setPolicies(List.of(READ_ONLY)));

        Group refused = groups.awaitReady(name, false, "AlreadyExistsNotOwned");
        assertThat(readyOf(refused).get().getMessage())
                .contains(foreign.arn())
                .contains(ResourcePolicies.ADOPTION_POLICY);
        assertThat(refused.getStatus().getArn()).isNull();
        groups.awaitObservedAgain(name);
        groups.delete(name);
        groups.awaitGone(name);

        assertThat(awsGroup(name)).as("never touched, not even on delete").isEqualTo(foreign);
        assertThat(actionsAbout(name)).allMatch(a -> a.startsWith("Get") || a.startsWith("List"));
    }

    @Test
    void refusesAGroupCreatedByOthersBetweenItsObservationAndItsCreate() {
        String name = aws("race");
        // Hold the answer to the first GetGroup (NoSuchEntity) and create the group meanwhile:
        // the operator then sends CreateGroup with its intent recorded, and IAM answers
        // EntityAlreadyExists. That group is not ours, intent or not.
        Hold observation = emulator().faults().holdResponse("GetGroup");
        createGroup(name, s -> s.setPolicies(List.of(READ_ONLY)));
        assertThat(observation.awaitHeld(TIMEOUT)).isTrue();
        GroupSnapshot theirs = emulator().seedGroup(name, "/");
        observation.release();

        Group refused = groups.awaitReady(name, false, "AlreadyExistsNotOwned");

        List<RecordedCall> creates =
                emulator().calls().stream()
                        .filter(c -> c.action().equals("CreateGroup"))
                        .filter(c -> c.params().containsValue(name))
                        .toList();
        assertThat(creates)
                .singleElement()
                .satisfies(c -> assertThat(c.errorCode()).isEqualTo("EntityAlreadyExists"));
        assertThat(refused.getStatus().getCreateIntent())
                .as("the failed create's intent proves nothing and is dropped")
                .isNull();
        assertThat(refused.getStatus().getArn()).isNull();
        groups.awaitObservedAgain(name);
        assertThat(readyOf(groups.get(name)).get().getReason()).isEqualTo("AlreadyExistsNotOwned");
        assertThat(awsGroup(name)).isEqualTo(theirs);
        assertThat(calls(name, "CreateGroup")).as("no second CreateGroup").isEqualTo(1);
    }

    @Test
    void refusesAGroupWhoseNameDiffersOnlyInCase() {
        String name = aws("billing");
        GroupSnapshot foreign = emulator().seedGroup(name.toUpperCase(), "/");

        createGroup(name, s -> {});

        Group refused = groups.awaitReady(name, false, "AlreadyExistsNotOwned");
        assertThat(readyOf(refused).get().getMessage()).contains(foreign.arn());
        groups.awaitObservedAgain(name);
        assertThat(emulator().groups())
                .filteredOn(g -> g.name().equalsIgnoreCase(name))
                .containsExactly(foreign);
        assertThat(calls(name, "CreateGroup")).isZero();
    }

    @Test
    void adoptsAnExistingGroupWhenAnnotatedAndEnforcesTheSpec() {
        String name = aws("legacy");
        GroupSnapshot legacy = emulator().seedGroup(name, "/");
        emulator().attachPolicyOutOfBand(POWER_USER, "Group", name);
        emulator().putInlinePolicyOutOfBand("Group", name, "old", DOC_WRITE);

        createGroup(
                name,
                s -> {
                    s.setPolicies(List.of(READ_ONLY));
                    s.setInlinePolicies(Map.of("read", DOC_READ));
                },
                Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt"));

        Group adopted = groups.awaitReady(name, true, "Adopted");
        assertThat(Conditions.find(adopted.getStatus(), Conditions.ADOPTED).get().getStatus())
                .isEqualTo("True");
        assertThat(adopted.getStatus().getId()).isEqualTo(legacy.id());
        GroupSnapshot inAws = awsGroup(name);
        assertThat(inAws.attachedPolicyArns()).containsExactly(READ_ONLY);
        assertThat(inAws.inlinePolicies()).containsOnlyKeys("read");
        assertThat(calls(name, "CreateGroup")).isZero();

        // Adopted by GroupId: it stays ours on later resyncs, with no tag to prove it.
        groups.awaitObservedAgain(name);
        assertThat(readyOf(groups.get(name)).get().getStatus()).isEqualTo("True");
    }
}
