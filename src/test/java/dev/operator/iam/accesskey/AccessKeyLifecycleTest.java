package dev.operator.iam.accesskey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.emulator.AccessKeySnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An AccessKey's life: the key made for a User of the namespace and delivered into a Secret, its
 * IAM status, a Secret lost by hand, deletion and retain.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class AccessKeyLifecycleTest extends AccessKeyTestSupport {

    @Test
    void createsOneKeyForTheReferencedUserAndDeliversItIntoAnOwnedSecret() {
        String user = readyUser("ci");

        AccessKey created = createAccessKey("ci-key", forUserRef(user));

        AccessKey ready = keys.awaitReady("ci-key", true, "Created");
        AccessKeySnapshot inAws = awsKeys(user).get(0);
        assertThat(awsKeys(user)).hasSize(1);
        assertThat(ready.getStatus().getAccessKeyId()).isEqualTo(inAws.accessKeyId());
        assertThat(ready.getStatus().getUserName()).isEqualTo(user);
        assertThat(ready.getStatus().getCreateDate()).isEqualTo(inAws.createDate().toString());
        assertThat(ready.getStatus().getArn()).isEqualTo(awsUser(user).arn());
        Secret secret = secret("ci-key");
        assertThat(secret.getData()).containsOnlyKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        assertThat(value(secret, "AWS_ACCESS_KEY_ID")).isEqualTo(inAws.accessKeyId());
        assertThat(value(secret, "AWS_SECRET_ACCESS_KEY")).isEqualTo(inAws.secretAccessKey());
        OwnerReference owner = secret.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(owner.getKind()).isEqualTo("AccessKey");
        assertThat(owner.getController()).isTrue();
        assertThat(calls(user, "CreateAccessKey")).isEqualTo(1);
    }

    @Test
    void writesTheSecretNamedInTheSpecAndKeepsTheKeyThroughResyncs() {
        String user = readyUser("deploy");

        createAccessKey(
                "deploy-key",
                s -> {
                    s.setUserName(user);
                    s.setSecretName("deploy-credentials");
                });

        AccessKey ready = keys.awaitReady("deploy-key", true, "Created");
        keys.awaitSyncedAgain("deploy-key");
        assertThat(value(secret("deploy-credentials"), "AWS_ACCESS_KEY_ID"))
                .isEqualTo(ready.getStatus().getAccessKeyId());
        assertThat(secret("deploy-key")).isNull();
        assertThat(awsKeys(user)).hasSize(1);
        assertThat(calls(user, "CreateAccessKey")).isEqualTo(1);
        assertThat(keys.get("deploy-key").getStatus().getLastUsed().getServiceName())
                .isEqualTo("N/A");
    }

    @Test
    void reportsTheKeysLastUseAtTheNextResync() {
        String user = readyUser("reporter");
        createAccessKey("reporter-key", forUserName(user));
        String id = keys.awaitReady("reporter-key", true, "Created").getStatus().getAccessKeyId();

        emulator().useAccessKey(id, "s3", "eu-west-1");

        await().atMost(TIMEOUT)
                .until(
                        () -> {
                            var used = keys.get("reporter-key").getStatus().getLastUsed();
                            return used != null && "s3".equals(used.getServiceName());
                        });
        var used = keys.get("reporter-key").getStatus().getLastUsed();
        assertThat(used.getRegion()).isEqualTo("eu-west-1");
        assertThat(used.getDate()).isNotNull();
    }

    @Test
    void setsAndRestoresTheKeysIamStatus() {
        String user = readyUser("paused");

        createAccessKey(
                "inactive-key",
                s -> {
                    s.setUserName(user);
                    s.setStatus("Inactive");
                });

        keys.awaitReady("inactive-key", true, "Created");
        assertThat(awsKeys(user).get(0).status()).isEqualTo("Inactive");
        keys.editSpec("inactive-key", s -> s.setStatus(null));
        await().atMost(TIMEOUT).until(() -> awsKeys(user).get(0).status().equals("Active"));
        assertThat(awsKeys(user)).hasSize(1);
    }

    @Test
    void aSecretDeletedByHandGetsANewKeyAndTheOldKeyIsDeleted() {
        String user = readyUser("lost");
        createAccessKey("lost-key", forUserName(user));
        String first = keys.awaitReady("lost-key", true, "Created").getStatus().getAccessKeyId();

        client.secrets().inNamespace(namespace).withName("lost-key").delete();

        await().atMost(TIMEOUT)
                .until(
                        () -> {
                            Secret s = secret("lost-key");
                            return s != null && !value(s, "AWS_ACCESS_KEY_ID").equals(first);
                        });
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                !first.equals(keys.get("lost-key").getStatus().getAccessKeyId())
                                        && keys.ready("lost-key")
                                                .map(c -> c.getStatus().equals("True"))
                                                .orElse(false));
        List<AccessKeySnapshot> inAws = awsKeys(user);
        assertThat(inAws).hasSize(1);
        assertThat(inAws.get(0).accessKeyId())
                .isEqualTo(keys.get("lost-key").getStatus().getAccessKeyId())
                .isEqualTo(value(secret("lost-key"), "AWS_ACCESS_KEY_ID"));
        assertThat(value(secret("lost-key"), "AWS_SECRET_ACCESS_KEY"))
                .isEqualTo(inAws.get(0).secretAccessKey());
    }

    @Test
    void deletingTheObjectDeletesTheKeyAndTheSecret() {
        String user = readyUser("gone");
        createAccessKey("gone-key", forUserName(user));
        keys.awaitReady("gone-key", true, "Created");

        keys.delete("gone-key");

        keys.awaitGone("gone-key");
        assertThat(awsKeys(user)).isEmpty();
        assertThat(secret("gone-key")).isNull();
    }

    @Test
    void retainKeepsTheKeyAndTheSecretWithoutItsOwnerReference() {
        String user = readyUser("kept");
        apply(
                accessKey(
                        "kept-key",
                        forUserName(user),
                        Map.of(ResourcePolicies.DELETION_POLICY, "retain")));
        String id = keys.awaitReady("kept-key", true, "Created").getStatus().getAccessKeyId();

        keys.delete("kept-key");

        keys.awaitGone("kept-key");
        assertThat(awsKeys(user)).extracting(AccessKeySnapshot::accessKeyId).containsExactly(id);
        Secret secret = secret("kept-key");
        assertThat(value(secret, "AWS_ACCESS_KEY_ID")).isEqualTo(id);
        assertThat(secret.getMetadata().getOwnerReferences()).isEmpty();
        // the key outlives the object: the user cannot be deleted while it has it
        emulator().deleteAccessKeyOutOfBand(user, id);
    }

    @Test
    void recoversFromALostCreateAnswerWithExactlyOneKeyWhoseSecretIsInTheSecret() {
        String user = readyUser("dropped");
        emulator().faults().dropConnection("CreateAccessKey");

        createAccessKey("dropped-key", forUserName(user));

        AccessKey ready = keys.awaitReady("dropped-key", true, "Created");
        // The SDK does not resend it: the next reconcile deletes the orphan, then creates again.
        assertThat(calls(user, "CreateAccessKey")).isEqualTo(2);
        assertThat(calls(user, "DeleteAccessKey")).isEqualTo(1);
        List<AccessKeySnapshot> inAws = awsKeys(user);
        assertThat(inAws).hasSize(1);
        assertThat(inAws.get(0).accessKeyId()).isEqualTo(ready.getStatus().getAccessKeyId());
        assertThat(value(secret("dropped-key"), "AWS_SECRET_ACCESS_KEY"))
                .isEqualTo(inAws.get(0).secretAccessKey());
    }

    @Test
    void theCiExampleDeliversTheUsersKeyIntoItsSecret() throws Exception {
        List<HasMetadata> applied = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Path.of("examples", "access-key-ci.yaml"))) {
            for (HasMetadata item : client.load(in).items()) {
                item.getMetadata().setNamespace(namespace);
                applied.add(client.resource(item).create());
            }
        }
        assertThat(applied).extracting(HasMetadata::getKind).containsExactly("User", "AccessKey");

        AccessKey ready = keys.awaitReady("ci-deployer", true, "Created");

        Secret secret = secret("ci-deployer-credentials");
        assertThat(ready.getStatus().getUserName()).isEqualTo("ci-deployer");
        assertThat(value(secret, "AWS_ACCESS_KEY_ID"))
                .isEqualTo(ready.getStatus().getAccessKeyId())
                .isEqualTo(awsKeys("ci-deployer").get(0).accessKeyId());
        keys.delete("ci-deployer");
        keys.awaitGone("ci-deployer");
        users.delete("ci-deployer");
        users.awaitGone("ci-deployer");
        assertThat(emulator().user("ci-deployer")).isEmpty();
    }
}
