package dev.operator.iam.accesskey;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.emulator.AccessKeySnapshot;
import dev.operator.iam.testing.PrincipalTestSupport;
import dev.operator.iam.testing.TestObjects;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/** Builders and views of the AccessKey {@code @QuarkusTest} classes. */
abstract class AccessKeyTestSupport extends PrincipalTestSupport {

    /** The AccessKey objects of this test; observed with ListAccessKeys. */
    protected final TestObjects<AccessKey, AccessKeySpec> keys =
            objects(AccessKey.class, "ListAccessKeys");

    /**
     * The same objects, observed with GetUser: the one call of a reconcile that refuses a user the
     * operator does not own.
     */
    protected final TestObjects<AccessKey, AccessKeySpec> refusedKeys =
            objects(AccessKey.class, "GetUser");

    /** Deleted before the users of {@link PrincipalTestSupport}: IAM keeps a user with keys. */
    @AfterEach
    void deleteAccessKeysOfThisTest() {
        client.resources(AccessKey.class).inNamespace(namespace).delete();
        try {
            await().atMost(TIMEOUT)
                    .until(
                            () ->
                                    client.resources(AccessKey.class)
                                            .inNamespace(namespace)
                                            .list()
                                            .getItems()
                                            .isEmpty());
        } catch (RuntimeException e) {
            // Best effort, as for the other kinds.
        }
    }

    protected AccessKey accessKey(
            String name, Consumer<AccessKeySpec> spec, Map<String, String> annotations) {
        AccessKey k = new AccessKey();
        k.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withAnnotations(annotations)
                        .build());
        AccessKeySpec s = new AccessKeySpec();
        spec.accept(s);
        k.setSpec(s);
        return k;
    }

    protected AccessKey createAccessKey(String name, Consumer<AccessKeySpec> spec) {
        return apply(accessKey(name, spec, Map.of()));
    }

    /** A User object of this namespace, Ready; returns the user's AWS name. */
    protected String readyUser(String base) {
        String name = aws(base);
        createUser(name, s -> {});
        users.awaitReady(name, true, "Created");
        return name;
    }

    protected static Consumer<AccessKeySpec> forUserRef(String userObject) {
        return s -> s.setUserRef(new ResourceReference(userObject));
    }

    protected static Consumer<AccessKeySpec> forUserName(String userName) {
        return s -> s.setUserName(userName);
    }

    protected List<AccessKeySnapshot> awsKeys(String userName) {
        return emulator().accessKeys(userName);
    }

    protected Secret secret(String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    protected static String value(Secret secret, String key) {
        return new String(
                Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
