package dev.operator.iam.accesskey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.emulator.AccessKeySnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.MetricsScraper;
import dev.operator.iam.user.User;
import io.fabric8.kubernetes.api.model.Event;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * Whose keys an AccessKey may make and touch: only for a user of the namespace, never deleting a
 * key it cannot prove it made; the secret nowhere but in the Secret; a User with keys is deleted
 * only after them.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class AccessKeyOwnershipTest extends AccessKeyTestSupport {

    @Test
    void refusesAUserTheOperatorDoesNotOwnAndMakesNoKey() {
        String user = aws("someone-else");
        emulator().seedUser(user, "/", null);

        createAccessKey("foreign-user", forUserName(user));

        AccessKey refused = keys.awaitReady("foreign-user", false, "AlreadyExistsNotOwned");
        assertThat(readyOf(refused).orElseThrow().getMessage())
                .contains("user arn:aws:iam::")
                .contains(user)
                .contains("not managed by this operator from namespace " + namespace);
        refusedKeys.awaitObservedAgain(user);
        assertThat(awsKeys(user)).isEmpty();
        assertThat(calls(user, "CreateAccessKey")).isZero();
        assertThat(secret("foreign-user")).isNull();
    }

    @Test
    void refusesAUserOfAnotherNamespace() {
        String user = aws("other-team");
        emulator()
                .seedUser(
                        user,
                        "/",
                        Map.of(
                                "iam.operator.dev/cluster", "default",
                                "iam.operator.dev/namespace", "other-team",
                                "iam.operator.dev/name", user));

        createAccessKey("stolen", forUserName(user));

        keys.awaitReady("stolen", false, "AlreadyExistsNotOwned");
        refusedKeys.awaitObservedAgain(user);
        assertThat(calls(user, "CreateAccessKey")).isZero();
    }

    @Test
    void withTwoKeysItDidNotMakeItWaitsNamingThemAndDeletesNeither() {
        String user = readyUser("full");
        AccessKeySnapshot first = emulator().seedAccessKey(user);
        AccessKeySnapshot second = emulator().seedAccessKey(user);

        createAccessKey("full-key", forUserName(user));

        AccessKey waiting = keys.awaitReady("full-key", false, "AlreadyExistsNotOwned");
        assertThat(readyOf(waiting).orElseThrow().getMessage())
                .contains(first.accessKeyId())
                .contains(second.accessKeyId())
                .contains("never deletes a key it cannot prove it made");
        assertThat(waiting.getStatus().getCreateIntent()).isNull();
        keys.awaitObservedAgain(user);
        assertThat(awsKeys(user))
                .extracting(AccessKeySnapshot::accessKeyId)
                .containsExactly(first.accessKeyId(), second.accessKeyId());
        assertThat(calls(user, "CreateAccessKey")).isZero();
        assertThat(calls(user, "DeleteAccessKey")).isZero();

        emulator().deleteAccessKeyOutOfBand(user, second.accessKeyId());

        AccessKey ready = keys.awaitReady("full-key", true, "Created");
        assertThat(awsKeys(user))
                .extracting(AccessKeySnapshot::accessKeyId)
                .containsExactly(first.accessKeyId(), ready.getStatus().getAccessKeyId());
        emulator().deleteAccessKeyOutOfBand(user, first.accessKeyId());
    }

    @Test
    void aKeyMadeBySomeoneElseBesideOursIsLeftAlone() {
        String user = readyUser("shared");
        AccessKeySnapshot theirs = emulator().seedAccessKey(user);

        createAccessKey("shared-key", forUserName(user));

        AccessKey ready = keys.awaitReady("shared-key", true, "Created");
        keys.awaitSyncedAgain("shared-key");
        assertThat(awsKeys(user))
                .extracting(AccessKeySnapshot::accessKeyId)
                .containsExactly(theirs.accessKeyId(), ready.getStatus().getAccessKeyId());
        keys.delete("shared-key");
        keys.awaitGone("shared-key");
        assertThat(awsKeys(user))
                .extracting(AccessKeySnapshot::accessKeyId)
                .containsExactly(theirs.accessKeyId());
        emulator().deleteAccessKeyOutOfBand(user, theirs.accessKeyId());
    }

    @Test
    void anAdoptionAnnotationIsInvalid() {
        String user = readyUser("adopter");

        apply(
                accessKey(
                        "adopted-key",
                        forUserName(user),
                        Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt")));

        AccessKey invalid = keys.awaitReady("adopted-key", false, "InvalidSpec");
        assertThat(readyOf(invalid).orElseThrow().getMessage())
                .contains("an access key cannot be adopted");
        keys.awaitRevalidated("adopted-key");
        assertThat(calls(user, "CreateAccessKey")).isZero();
    }

    @Test
    void aUserWithAnAccessKeyIsDeletedOnlyAfterTheKey() {
        String user = readyUser("leaving");
        createAccessKey("leaving-key", forUserRef(user));
        keys.awaitReady("leaving-key", true, "Created");

        users.delete(user);

        User blocked = users.awaitReady(user, false, "Deleting");
        assertThat(readyOf(blocked).orElseThrow().getMessage())
                .contains("must delete access keys first");
        assertThat(awsUser(user)).isNotNull();
        keys.delete("leaving-key");
        users.awaitGone(user);
        assertThat(emulator().user(user)).isEmpty();
    }

    @Test
    void theSecretNeverAppearsInLogsEventsStatusOrMetrics() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture =
                new Handler() {
                    @Override
                    public void publish(LogRecord record) {
                        lines.add(
                                record instanceof ExtLogRecord ext
                                        ? ext.getFormattedMessage() + " " + ext.getMdcCopy()
                                        : String.valueOf(record.getMessage()));
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            String user = readyUser("quiet");
            createAccessKey("quiet-key", forUserName(user));
            AccessKey ready = keys.awaitReady("quiet-key", true, "Created");
            keys.awaitSyncedAgain("quiet-key");
            String secret = awsKeys(user).get(0).secretAccessKey();

            assertThat(value(secret("quiet-key"), "AWS_SECRET_ACCESS_KEY")).isEqualTo(secret);
            assertThat(lines).as("log lines were captured").isNotEmpty();
            assertThat(lines).noneMatch(line -> line.contains(secret));
            assertThat(client.resource(ready).get().toString()).doesNotContain(secret);
            assertThat(
                            io.fabric8.kubernetes.client.utils.Serialization.asJson(
                                    keys.get("quiet-key")))
                    .doesNotContain(secret);
            assertThat(events("quiet-key")).isNotEmpty();
            assertThat(events("quiet-key"))
                    .extracting(Event::getMessage)
                    .noneMatch(m -> m.contains(secret));
            assertThat(MetricsScraper.scrape()).doesNotContain(secret);
        } finally {
            root.removeHandler(capture);
        }
    }
}
