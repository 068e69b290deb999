package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.accesskey.AccessKey;
import dev.operator.iam.accesskey.AccessKeySpec;
import dev.operator.iam.emulator.AccessKeySnapshot;
import dev.operator.iam.emulator.Hold;
import dev.operator.iam.emulator.UserSnapshot;
import dev.operator.iam.user.User;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The crash matrix of AccessKey: the process SIGKILLed while IAM holds the answer of
 * CreateAccessKey (the key exists, its secret is in no Secret: the hardest crash of the project),
 * of UpdateAccessKey, of DeleteAccessKey (the object's delete, and the deletion of the orphan a
 * first crash left), and of the CreateAccessKey that replaces a key whose Secret was deleted by
 * hand. Every cell ends with exactly one key of the user, whose secret is in the Secret, the orphan
 * gone; no CreateAccessKey is ever refused with LimitExceeded, so the operator never tried for a
 * third key (IAM's limit makes more than two impossible, so that is what "never more than two" can
 * mean).
 *
 * <p>Each AccessKey object is named like its user, so that the held call (which names the user) is
 * matched to its cell.
 */
class AccessKeyCrashMatrixIT extends CrashMatrix {

    private static final String THEIR_USER = "theirs-keyholder";

    private UserSnapshot theirUser;

    @Override
    protected String title() {
        return "AccessKey";
    }

    @Override
    protected String namespace() {
        return "matrix-accesskeys";
    }

    /** A user made outside the operator, and an AccessKey that names it: refused, no key. */
    @Override
    protected void seedNotOurs() {
        theirUser = emulator.seedUser(THEIR_USER, null, null);
        objects.create(accessKey(THEIR_USER, s -> s.setUserName(THEIR_USER)));
        objects.awaitReady(AccessKey.class, THEIR_USER, "False", "AlreadyExistsNotOwned", TIMEOUT);
    }

    @Override
    protected void assertNotOursUntouched() {
        assertThat(emulator.user(THEIR_USER)).contains(theirUser);
        assertThat(emulator.accessKeys(THEIR_USER)).isEmpty();
        assertOnlyRead("UserName", THEIR_USER);
        assertThat(
                        emulator.calls().stream()
                                .filter(c -> c.action().equals("CreateAccessKey"))
                                .filter(c -> "LimitExceeded".equals(c.errorCode())))
                .as("CreateAccessKey refused for a third key")
                .isEmpty();
    }

    // ------------------------------------------------------------------ the rounds

    @Test
    @Order(1)
    void createUpdateAndDeleteCrashedAtTheirCall() {
        crash(
                "create+update+delete",
                List.of(
                        new Cell(
                                "AccessKey",
                                "create",
                                "CreateAccessKey",
                                "k-create",
                                List.of(user("k-create")),
                                () -> objects.create(accessKey("k-create", byName("k-create"))),
                                () -> converged("k-create", "Active")),
                        new Cell(
                                "AccessKey",
                                "update",
                                "UpdateAccessKey",
                                "k-update",
                                List.of(
                                        user("k-update"),
                                        accessKey("k-update", byName("k-update"))),
                                () ->
                                        objects.edit(
                                                AccessKey.class,
                                                "k-update",
                                                k -> k.getSpec().setStatus("Inactive")),
                                () -> converged("k-update", "Inactive")),
                        new Cell(
                                "AccessKey",
                                "delete",
                                "DeleteAccessKey",
                                "k-delete",
                                List.of(
                                        user("k-delete"),
                                        accessKey("k-delete", byName("k-delete"))),
                                () -> objects.delete(AccessKey.class, "k-delete"),
                                () -> {
                                    objects.awaitGone(AccessKey.class, "k-delete", TIMEOUT);
                                    assertThat(emulator.accessKeys("k-delete")).isEmpty();
                                })));
    }

    @Test
    @Order(2)
    void aSecretLostByHandCrashedAtTheReplacingCreate() {
        crash(
                "secret-lost",
                List.of(
                        new Cell(
                                "AccessKey",
                                "update",
                                "CreateAccessKey",
                                "k-lost",
                                List.of(user("k-lost"), accessKey("k-lost", byName("k-lost"))),
                                () ->
                                        api.client()
                                                .secrets()
                                                .inNamespace(namespace())
                                                .withName("k-lost")
                                                .delete(),
                                () -> converged("k-lost", "Active"))));
    }

    /**
     * Two crashes in a row: at CreateAccessKey (an orphan is left), then, in the process started
     * after it, at the DeleteAccessKey that removes the orphan. The third process converges.
     */
    @Test
    @Order(3)
    void theOrphansDeletionCrashedToo() {
        withLogsOnFailure(
                () -> {
                    String name = "k-orphan";
                    objects.create(user(name));
                    objects.awaitReady(User.class, name, TIMEOUT);
                    Hold create = emulator.faults().holdResponse("CreateAccessKey");
                    objects.create(accessKey(name, byName(name)));
                    assertThat(create.awaitHeld(TIMEOUT)).as("CreateAccessKey held").isTrue();
                    operator.kill();
                    create.releaseWithDrop();
                    List<AccessKeySnapshot> orphans = emulator.accessKeys(name);
                    assertThat(orphans).as("the orphan, whose secret is lost").hasSize(1);

                    Hold delete = emulator.faults().holdResponse("DeleteAccessKey");
                    operator = start("after-create");
                    assertThat(delete.awaitHeld(TIMEOUT)).as("DeleteAccessKey held").isTrue();
                    operator.kill();
                    delete.releaseWithDrop();
                    emulator.faults().clear();
                    assertThat(emulator.accessKeys(name)).as("the orphan deleted").isEmpty();

                    operator = start("after-orphan-delete");
                    converged(name, "Active");
                    assertThat(emulator.accessKeys(name))
                            .extracting(AccessKeySnapshot::accessKeyId)
                            .doesNotContain(orphans.get(0).accessKeyId());
                    assertNotOursUntouched();
                });
    }

    /**
     * The Secret landed and the process died before the status write that records the key: the key
     * is found through the Secret the object controls, created after its intent, and recorded
     * ({@code Recovered}) without a second CreateAccessKey.
     */
    @Test
    @Order(4)
    void killedAfterTheSecretWriteBeforeTheStatusWrite() {
        withLogsOnFailure(
                () -> {
                    String name = "k-written";
                    objects.create(user(name));
                    objects.awaitReady(User.class, name, TIMEOUT);
                    RequestTrap statusWrite =
                            api.trapNext(
                                    "the status write that records the key of " + name,
                                    r ->
                                            r.path().endsWith("/accesskeys/" + name + "/status")
                                                    && r.body() != null
                                                    && r.body().contains("accessKeyId"));
                    objects.create(accessKey(name, byName(name)));
                    assertThat(statusWrite.awaitSprung(TIMEOUT)).as("status write").isTrue();
                    assertThat(api.client().secrets().inNamespace(namespace()).withName(name).get())
                            .as("the Secret, written before status")
                            .isNotNull();
                    operator.kill();

                    operator = start("after-secret-written");
                    objects.awaitReady(AccessKey.class, name, "True", "Recovered", TIMEOUT);
                    converged(name, "Active");
                    assertThat(calls("CreateAccessKey", "UserName", name)).isEqualTo(1);
                    assertThat(calls("DeleteAccessKey", "UserName", name)).isZero();
                    assertNotOursUntouched();
                });
    }

    /**
     * Rotation's CreateAccessKey held: the new key exists, the Secret still holds the old one. The
     * next process deletes the new key as the orphan of the interrupted rotation and rotates again.
     * The key rotates every few seconds from then on, so what is checked holds at any moment.
     */
    @Test
    @Order(5)
    void rotationCrashedAtItsCreate() {
        crash(
                "rotation-create",
                List.of(
                        new Cell(
                                "AccessKey",
                                "rotate",
                                "CreateAccessKey",
                                "k-rotate",
                                List.of(
                                        user("k-rotate"),
                                        accessKey("k-rotate", rotating("k-rotate", "1h"))),
                                () -> rotateEvery("k-rotate", "3s"),
                                () -> rotatingConvergedThenDeleted("k-rotate"))));
    }

    /**
     * Rotation's deletion of the previous key held: the next process finds it gone, and goes on.
     */
    @Test
    @Order(6)
    void rotationCrashedAtTheDeletionOfThePreviousKey() {
        crash(
                "rotation-retire",
                List.of(
                        new Cell(
                                "AccessKey",
                                "rotate",
                                "DeleteAccessKey",
                                "k-retire",
                                List.of(
                                        user("k-retire"),
                                        accessKey("k-retire", rotating("k-retire", "1h"))),
                                () -> rotateEvery("k-retire", "3s"),
                                () -> rotatingConvergedThenDeleted("k-retire"))));
    }

    private static Consumer<AccessKeySpec> rotating(String userName, String period) {
        return s -> {
            s.setUserName(userName);
            AccessKeySpec.Rotation r = new AccessKeySpec.Rotation();
            r.setPeriod(period);
            r.setOverlap("1s");
            s.setRotation(r);
        };
    }

    private void rotateEvery(String name, String period) {
        objects.edit(AccessKey.class, name, k -> k.getSpec().getRotation().setPeriod(period));
    }

    /**
     * {@link #rotatingConverged}, then the object is deleted (its keys with it), so that its
     * rotation calls stop before the next round sets its holds.
     */
    private void rotatingConvergedThenDeleted(String name) {
        rotatingConverged(name);
        objects.delete(AccessKey.class, name);
        objects.awaitGone(AccessKey.class, name, TIMEOUT);
        assertThat(emulator.accessKeys(name)).as("keys of %s after its deletion", name).isEmpty();
    }

    /**
     * At any moment of a key rotating every few seconds: at most two keys, the Secret's key is the
     * recorded one, a key of the user with the secret in the Secret; a key was deleted since.
     */
    private void rotatingConverged(String name) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> {
                            AccessKey k = objects.object(AccessKey.class, name).get();
                            List<AccessKeySnapshot> keys = emulator.accessKeys(name);
                            assertThat(keys).as("keys of %s", name).hasSizeLessThanOrEqualTo(2);
                            Secret secret =
                                    api.client()
                                            .secrets()
                                            .inNamespace(namespace())
                                            .withName(name)
                                            .get();
                            String id = decode(secret, "AWS_ACCESS_KEY_ID");
                            assertThat(k.getStatus().getAccessKeyId()).isEqualTo(id);
                            AccessKeySnapshot current =
                                    keys.stream()
                                            .filter(x -> x.accessKeyId().equals(id))
                                            .findFirst()
                                            .orElseThrow();
                            assertThat(decode(secret, "AWS_SECRET_ACCESS_KEY"))
                                    .isEqualTo(current.secretAccessKey());
                            assertThat(calls("DeleteAccessKey", "UserName", name))
                                    .isGreaterThanOrEqualTo(1);
                        });
    }

    // ------------------------------------------------------------------ objects

    private User user(String name) {
        return objects.user(name, s -> {});
    }

    private AccessKey accessKey(String name, Consumer<AccessKeySpec> spec) {
        AccessKeySpec s = new AccessKeySpec();
        spec.accept(s);
        AccessKey k = new AccessKey();
        k.setSpec(s);
        k.setMetadata(new ObjectMetaBuilder().withNamespace(namespace()).withName(name).build());
        return k;
    }

    private static Consumer<AccessKeySpec> byName(String userName) {
        return s -> s.setUserName(userName);
    }

    // ------------------------------------------------------------------ convergence

    /**
     * One key of the user, the object's, in the Secret with its secret, with this IAM status. An
     * object Ready before the crash may still show its old key for a moment: the state is awaited.
     */
    private void converged(String name, String status) {
        objects.awaitReady(AccessKey.class, name, TIMEOUT);
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> convergedNow(name, status));
    }

    private void convergedNow(String name, String status) {
        AccessKey ready = objects.awaitReady(AccessKey.class, name, TIMEOUT);
        List<AccessKeySnapshot> keys = emulator.accessKeys(name);
        assertThat(keys).as("keys of user %s", name).hasSize(1);
        AccessKeySnapshot key = keys.get(0);
        assertThat(ready.getStatus().getAccessKeyId()).isEqualTo(key.accessKeyId());
        assertThat(key.status()).as("IAM status of the key of %s", name).isEqualTo(status);
        Secret secret = api.client().secrets().inNamespace(namespace()).withName(name).get();
        assertThat(secret).as("Secret %s", name).isNotNull();
        assertThat(decode(secret, "AWS_ACCESS_KEY_ID")).isEqualTo(key.accessKeyId());
        assertThat(decode(secret, "AWS_SECRET_ACCESS_KEY")).isEqualTo(key.secretAccessKey());
        assertThat(ready.getStatus().getCreateIntent()).isNull();
    }

    private static String decode(Secret secret, String key) {
        return new String(
                Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
