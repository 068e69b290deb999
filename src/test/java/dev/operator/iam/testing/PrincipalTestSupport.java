package dev.operator.iam.testing;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.emulator.GroupSnapshot;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.emulator.UserSnapshot;
import dev.operator.iam.group.Group;
import dev.operator.iam.group.GroupSpec;
import dev.operator.iam.user.User;
import dev.operator.iam.user.UserSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Builders of the User and Group {@code @QuarkusTest} classes. AWS names carry the test's own
 * number ({@link #aws}), since the emulator is shared by every test of the run; objects are deleted
 * after each test so that their 2 s resyncs do not pile up on later tests.
 */
public abstract class PrincipalTestSupport extends OperatorTestSupport {

    public static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    public static final String S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    public static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";

    /** The Group objects of this test. */
    protected final TestObjects<Group, GroupSpec> groups = objects(Group.class, "GetGroup");

    /** The User objects of this test. */
    protected final TestObjects<User, UserSpec> users = objects(User.class, "GetUser");

    /** {@code base} made unique to this test: {@code developers} → {@code developers-17}. */
    protected String aws(String base) {
        return base + namespace.substring(namespace.lastIndexOf('-'));
    }

    @AfterEach
    void deleteObjectsOfThisTest() {
        client.resources(User.class).inNamespace(namespace).delete();
        client.resources(Group.class).inNamespace(namespace).delete();
        try {
            await().atMost(TIMEOUT)
                    .until(
                            () ->
                                    client.resources(User.class)
                                                    .inNamespace(namespace)
                                                    .list()
                                                    .getItems()
                                                    .isEmpty()
                                            && client.resources(Group.class)
                                                    .inNamespace(namespace)
                                                    .list()
                                                    .getItems()
                                                    .isEmpty());
        } catch (RuntimeException e) {
            // Best effort: an object kept by a finalizer on purpose (a failing delete) stays.
        }
        emulator().faults().clear();
    }

    // ----------------------------------------------------------------------------------- groups

    protected Group group(String name, Consumer<GroupSpec> spec, Map<String, String> annotations) {
        Group g = new Group();
        g.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withAnnotations(annotations)
                        .build());
        GroupSpec s = new GroupSpec();
        spec.accept(s);
        g.setSpec(s);
        return g;
    }

    protected Group createGroup(String name, Consumer<GroupSpec> spec) {
        return createGroup(name, spec, Map.of());
    }

    protected Group createGroup(
            String name, Consumer<GroupSpec> spec, Map<String, String> annotations) {
        return apply(group(name, spec, annotations));
    }

    protected GroupSnapshot awsGroup(String name) {
        return emulator()
                .group(name)
                .orElseThrow(() -> new AssertionError("no group " + name + " in AWS"));
    }

    // ------------------------------------------------------------------------------------ users

    protected User user(String name, Consumer<UserSpec> spec, Map<String, String> annotations) {
        User u = new User();
        u.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withAnnotations(annotations)
                        .build());
        UserSpec s = new UserSpec();
        spec.accept(s);
        u.setSpec(s);
        return u;
    }

    protected User createUser(String name, Consumer<UserSpec> spec) {
        return createUser(name, spec, Map.of());
    }

    protected User createUser(
            String name, Consumer<UserSpec> spec, Map<String, String> annotations) {
        return apply(user(name, spec, annotations));
    }

    protected UserSnapshot awsUser(String name) {
        return emulator()
                .user(name)
                .orElseThrow(() -> new AssertionError("no user " + name + " in AWS"));
    }

    // ---------------------------------------------------------------------------- the call log

    private static boolean isCall(RecordedCall c, String action, String awsName) {
        return c.action().equals(action) && c.params().containsValue(awsName);
    }

    /** How many calls of {@code action} named {@code awsName} the emulator received. */
    protected long calls(String awsName, String action) {
        return emulator().calls().stream().filter(c -> isCall(c, action, awsName)).count();
    }

    /** Every call that named {@code awsName}, oldest first. */
    protected List<RecordedCall> callsAbout(String awsName) {
        return emulator().calls().stream().filter(c -> c.params().containsValue(awsName)).toList();
    }

    /** Every call that named {@code awsName}, oldest first, as {@code Action}. */
    protected List<String> actionsAbout(String awsName) {
        return emulator().calls().stream()
                .filter(c -> c.params().containsValue(awsName))
                .map(RecordedCall::action)
                .toList();
    }
}
