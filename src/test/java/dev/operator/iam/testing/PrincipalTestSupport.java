package dev.operator.iam.testing;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.emulator.GroupSnapshot;
import dev.operator.iam.emulator.UserSnapshot;
import dev.operator.iam.group.Group;
import dev.operator.iam.group.GroupSpec;
import dev.operator.iam.user.User;
import dev.operator.iam.user.UserSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Helpers of the User and Group {@code @QuarkusTest} classes. AWS names carry the test's own number
 * ({@link #aws}), since the emulator is shared by every test of the run; objects are deleted after
 * each test so that their 2 s resyncs do not pile up on later tests.
 */
public abstract class PrincipalTestSupport extends OperatorTestSupport {

    public static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    public static final String S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    public static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";

    /** {@code base} made unique to this test: {@code developers} → {@code developers-17}. */
    protected String aws(String base) {
        return base + namespace.substring(namespace.lastIndexOf('-'));
    }

    @AfterEach
    void deleteObjectsOfThisTest() {
        for (Class<? extends ManagedResource<?, ?>> type : List.of(User.class, Group.class)) {
            client.resources(type).inNamespace(namespace).delete();
        }
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
        return client.resource(group(name, spec, annotations)).create();
    }

    protected Resource<Group> groupObject(String name) {
        return client.resources(Group.class).inNamespace(namespace).withName(name);
    }

    protected Group awaitGroup(String name, boolean status, String reason) {
        awaitCondition(() -> groupObject(name).get(), status, reason);
        return groupObject(name).get();
    }

    protected void editGroupSpec(String name, Consumer<GroupSpec> change) {
        groupObject(name)
                .edit(
                        g -> {
                            change.accept(g.getSpec());
                            return g;
                        });
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
        return client.resource(user(name, spec, annotations)).create();
    }

    protected Resource<User> userObject(String name) {
        return client.resources(User.class).inNamespace(namespace).withName(name);
    }

    protected User awaitUser(String name, boolean status, String reason) {
        awaitCondition(() -> userObject(name).get(), status, reason);
        return userObject(name).get();
    }

    protected void editUserSpec(String name, Consumer<UserSpec> change) {
        userObject(name)
                .edit(
                        u -> {
                            change.accept(u.getSpec());
                            return u;
                        });
    }

    protected UserSnapshot awsUser(String name) {
        return emulator()
                .user(name)
                .orElseThrow(() -> new AssertionError("no user " + name + " in AWS"));
    }

    // ----------------------------------------------------------------------------------- common

    protected void annotate(
            Resource<? extends ManagedResource<?, ?>> object, String key, String value) {
        object.edit(
                o -> {
                    Map<String, String> a =
                            new HashMap<>(
                                    o.getMetadata().getAnnotations() == null
                                            ? Map.of()
                                            : o.getMetadata().getAnnotations());
                    if (value == null) {
                        a.remove(key);
                    } else {
                        a.put(key, value);
                    }
                    o.getMetadata().setAnnotations(a);
                    return o;
                });
    }

    protected static Optional<Condition> readyOf(ManagedResource<?, ?> o) {
        return o == null || o.getStatus() == null
                ? Optional.empty()
                : Conditions.find(o.getStatus(), Conditions.READY);
    }

    private static void awaitCondition(
            java.util.function.Supplier<? extends ManagedResource<?, ?>> get,
            boolean status,
            String reason) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            Optional<Condition> c = readyOf(get.get());
                            return c.isPresent()
                                    && c.get().getStatus().equals(status ? "True" : "False")
                                    && c.get().getReason().equals(reason);
                        });
    }

    /** The ownership tags the operator writes for an object of this test. */
    protected Map<String, String> ownershipTagsOf(ManagedResource<?, ?> o) {
        return Map.of(
                "iam.operator.dev/cluster",
                "default",
                "iam.operator.dev/namespace",
                namespace,
                "iam.operator.dev/name",
                o.getMetadata().getName(),
                "iam.operator.dev/uid",
                o.getMetadata().getUid());
    }

    /**
     * Waits until the operator observed {@code awsName} twice more with {@code observeAction}
     * ({@code GetGroup}, {@code GetUser}): resyncs ran, so a wrong write would have happened.
     */
    protected void awaitResyncs(String awsName, String observeAction) {
        long before =
                emulator().calls().stream().filter(c -> isCall(c, observeAction, awsName)).count();
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                emulator().calls().stream()
                                                .filter(c -> isCall(c, observeAction, awsName))
                                                .count()
                                        >= before + 2);
    }

    private static boolean isCall(
            dev.operator.iam.emulator.RecordedCall c, String action, String awsName) {
        return c.action().equals(action) && c.params().containsValue(awsName);
    }

    /** How many calls of {@code action} named {@code awsName} the emulator received. */
    protected long calls(String awsName, String action) {
        return emulator().calls().stream().filter(c -> isCall(c, action, awsName)).count();
    }

    /** Every call that named {@code awsName}, oldest first, as {@code Action}. */
    protected List<String> actionsAbout(String awsName) {
        return emulator().calls().stream()
                .filter(c -> c.params().containsValue(awsName))
                .map(dev.operator.iam.emulator.RecordedCall::action)
                .toList();
    }
}
