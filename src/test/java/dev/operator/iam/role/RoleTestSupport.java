package dev.operator.iam.role;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.instanceprofile.InstanceProfile;
import dev.operator.iam.instanceprofile.InstanceProfileSpec;
import dev.operator.iam.testing.OperatorTestSupport;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helpers of the Role and InstanceProfile {@code @QuarkusTest}s: objects of this test's namespace,
 * waits on their conditions, and the emulator's view of roles. Role names are global in the
 * emulator, so every test uses names of its own.
 */
public abstract class RoleTestSupport extends OperatorTestSupport {

    public static final String EC2_TRUST =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}\
            """;
    public static final String LAMBDA_TRUST = EC2_TRUST.replace("ec2", "lambda");
    public static final String SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    public static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    public static final String S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

    // ---------------------------------------------------------------- roles

    protected Role role(String name, String trust, Map<String, String> annotations, Tag... tags) {
        Role r = new Role();
        r.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withAnnotations(annotations)
                        .build());
        RoleSpec spec = new RoleSpec();
        spec.setAssumeRolePolicyDocument(trust);
        spec.setTags(Arrays.asList(tags));
        r.setSpec(spec);
        return r;
    }

    protected Role role(String name) {
        return role(name, EC2_TRUST, Map.of());
    }

    protected Role apply(Role r) {
        return client.resource(r).create();
    }

    protected Role getRole(String name) {
        return client.resources(Role.class).inNamespace(namespace).withName(name).get();
    }

    /** Changes the spec of the Role object as a user's kubectl edit would. */
    protected Role editRole(String name, java.util.function.Consumer<RoleSpec> change) {
        return retryingConflicts(
                () ->
                        client.resources(Role.class)
                                .inNamespace(namespace)
                                .withName(name)
                                .edit(
                                        r -> {
                                            change.accept(r.getSpec());
                                            return r;
                                        }));
    }

    /**
     * Runs an edit again when the operator wrote the object's status in between (409 Conflict), as
     * kubectl edit asks a user to.
     */
    protected static <T> T retryingConflicts(java.util.function.Supplier<T> edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return edit.get();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    protected void deleteRole(String name) {
        client.resources(Role.class).inNamespace(namespace).withName(name).delete();
    }

    protected void awaitRoleGone(String name) {
        await().atMost(TIMEOUT).until(() -> getRole(name) == null);
    }

    protected Role awaitRole(String name, boolean status, String reason) {
        awaitCondition(() -> getRole(name), Conditions.READY, status, reason);
        return getRole(name);
    }

    /** The role in the emulator; fails when there is none. */
    protected RoleSnapshot awsRole(String name) {
        return emulator()
                .role(name)
                .orElseThrow(() -> new AssertionError("no role " + name + " in AWS"));
    }

    // ---------------------------------------------------------------- instance profiles

    protected InstanceProfile profile(
            String name,
            String role,
            String roleRef,
            Map<String, String> annotations,
            Tag... tags) {
        InstanceProfile p = new InstanceProfile();
        p.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withAnnotations(annotations)
                        .build());
        InstanceProfileSpec spec = new InstanceProfileSpec();
        spec.setRole(role);
        spec.setRoleRef(roleRef == null ? null : new ResourceReference(roleRef));
        spec.setTags(Arrays.asList(tags));
        p.setSpec(spec);
        return p;
    }

    protected InstanceProfile apply(InstanceProfile p) {
        return client.resource(p).create();
    }

    protected InstanceProfile getProfile(String name) {
        return client.resources(InstanceProfile.class).inNamespace(namespace).withName(name).get();
    }

    protected InstanceProfile editProfile(
            String name, java.util.function.Consumer<InstanceProfileSpec> change) {
        return retryingConflicts(
                () ->
                        client.resources(InstanceProfile.class)
                                .inNamespace(namespace)
                                .withName(name)
                                .edit(
                                        p -> {
                                            change.accept(p.getSpec());
                                            return p;
                                        }));
    }

    protected void deleteProfile(String name) {
        client.resources(InstanceProfile.class).inNamespace(namespace).withName(name).delete();
    }

    protected void awaitProfileGone(String name) {
        await().atMost(TIMEOUT).until(() -> getProfile(name) == null);
    }

    protected InstanceProfile awaitProfile(String name, boolean status, String reason) {
        awaitCondition(() -> getProfile(name), Conditions.READY, status, reason);
        return getProfile(name);
    }

    // ---------------------------------------------------------------- common

    protected static void awaitCondition(
            java.util.function.Supplier<? extends ManagedResource<?, ?>> object,
            String type,
            boolean status,
            String reason) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            ManagedResource<?, ?> o = object.get();
                            if (o == null || o.getStatus() == null) {
                                return false;
                            }
                            Optional<Condition> c = Conditions.find(o.getStatus(), type);
                            return c.isPresent()
                                    && c.get().getStatus().equals(status ? "True" : "False")
                                    && c.get().getReason().equals(reason);
                        });
    }

    protected static Optional<Condition> conditionOf(ManagedResource<?, ?> o, String type) {
        return o == null || o.getStatus() == null
                ? Optional.empty()
                : Conditions.find(o.getStatus(), type);
    }

    /** The ownership tags the operator writes for an object of this test's namespace. */
    protected Map<String, String> ownedBy(HasMetadata object) {
        return Map.of(
                "iam.operator.dev/cluster",
                "default",
                "iam.operator.dev/namespace",
                namespace,
                "iam.operator.dev/name",
                object.getMetadata().getName(),
                "iam.operator.dev/uid",
                object.getMetadata().getUid());
    }

    /** The {@code Tags.member.N} of a recorded call, as a map. */
    protected static Map<String, String> tagsOf(RecordedCall call) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; call.params().containsKey("Tags.member." + i + ".Key"); i++) {
            tags.put(
                    call.params().get("Tags.member." + i + ".Key"),
                    call.params().getOrDefault("Tags.member." + i + ".Value", ""));
        }
        return tags;
    }

    /** The calls of this action naming {@code name}. */
    protected List<RecordedCall> callsOf(String action, String name) {
        return emulator().calls().stream()
                .filter(c -> c.action().equals(action))
                .filter(c -> c.params().values().stream().anyMatch(v -> v.equals(name)))
                .toList();
    }

    /**
     * Waits until the operator has observed {@code name} in AWS {@code times} more times (a Get
     * call of {@code getAction} naming it): proof that resyncs happened, without sleeping.
     */
    protected void awaitObservations(String getAction, String name, int times) {
        long before = callsOf(getAction, name).size();
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> callsOf(getAction, name).size() >= before + times);
    }

    /** Every call the emulator received that is not a read (Get*, List*). */
    protected static boolean isWrite(RecordedCall call) {
        return !(call.action().startsWith("Get") || call.action().startsWith("List"));
    }
}
