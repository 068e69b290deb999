package dev.operator.iam.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.UserSnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.OperatorTestSupport;
import dev.operator.iam.testing.PrincipalTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user is ours by the ownership tags CreateUser carried; everything else is refused. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class UserOwnershipTest extends PrincipalTestSupport {

    @Test
    void recoversAUserItCreatedBeforeACrashWithoutCreatingItAgain() {
        String name = aws("crashed");
        // What a process killed right after CreateUser leaves: our tags on the user, no status.
        User object =
                createUser(
                        name,
                        s -> s.setPolicies(List.of(READ_ONLY)),
                        Map.of(ResourcePolicies.PAUSED, "true"));
        users.awaitReady(name, false, "Paused");
        UserSnapshot leftBehind = emulator().seedUser(name, null, ownershipTags(object));

        users.annotate(name, ResourcePolicies.PAUSED, null);

        User recovered = users.awaitReady(name, true, "Recovered");
        assertThat(recovered.getStatus().getId()).isEqualTo(leftBehind.id());
        assertThat(awsUser(name).attachedPolicyArns()).containsExactly(READ_ONLY);
        // A new object creates first: IAM refused it (the name is taken) and nothing was made.
        assertThat(callsAbout(name))
                .filteredOn(c -> c.action().equals("CreateUser"))
                .hasSizeLessThanOrEqualTo(1)
                .allMatch(c -> "EntityAlreadyExists".equals(c.errorCode()));
    }

    @Test
    void refusesToTouchAUserItDoesNotOwn() {
        String name = aws("contractor");
        String group = aws("vendors");
        emulator().seedUser(name, null, Map.of("owner", "hr"));
        emulator().seedGroup(group, "/");
        emulator().addUserToGroupOutOfBand(group, name);
        emulator().attachPolicyOutOfBand(POWER_USER, "User", name);
        UserSnapshot foreign = awsUser(name);

        createUser(name, s -> s.setPolicies(List.of(READ_ONLY)));

        User refused = users.awaitReady(name, false, "AlreadyExistsNotOwned");
        assertThat(readyOf(refused).get().getMessage())
                .contains(foreign.arn())
                .contains(ResourcePolicies.ADOPTION_POLICY);
        users.awaitObservedAgain(name);
        users.delete(name);
        users.awaitGone(name);

        assertThat(awsUser(name)).as("untouched, also by the delete").isEqualTo(foreign);
        assertThat(callsAbout(name)).allMatch(OperatorTestSupport::onlyLookedAt);
    }

    @Test
    void adoptsAnExistingUserWhenAnnotatedAndEnforcesTheSpec() {
        String name = aws("legacy");
        String group = aws("old-group");
        UserSnapshot legacy = emulator().seedUser(name, null, Map.of("owner", "terraform"));
        emulator().seedGroup(group, "/");
        emulator().addUserToGroupOutOfBand(group, name);

        User object =
                createUser(
                        name,
                        s -> {
                            s.setPolicies(List.of(READ_ONLY));
                            s.setTags(List.of(new Tag("team", "a")));
                        },
                        Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt"));

        User adopted = users.awaitReady(name, true, "Adopted");
        assertThat(Conditions.find(adopted.getStatus(), Conditions.ADOPTED).get().getStatus())
                .isEqualTo("True");
        UserSnapshot inAws = awsUser(name);
        assertThat(inAws.id()).isEqualTo(legacy.id());
        assertThat(inAws.tags())
                .containsAllEntriesOf(ownershipTags(object))
                .containsEntry("team", "a")
                .doesNotContainKey("owner");
        assertThat(inAws.attachedPolicyArns()).containsExactly(READ_ONLY);
        assertThat(inAws.groupNames()).as("memberships follow the spec").isEmpty();
        // A new object creates first: IAM refused it (the name is taken) and nothing was made.
        assertThat(callsAbout(name))
                .filteredOn(c -> c.action().equals("CreateUser"))
                .hasSizeLessThanOrEqualTo(1)
                .allMatch(c -> "EntityAlreadyExists".equals(c.errorCode()));
    }
}
