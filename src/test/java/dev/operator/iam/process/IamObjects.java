package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.api.Tag;
import dev.operator.iam.group.Group;
import dev.operator.iam.group.GroupSpec;
import dev.operator.iam.instanceprofile.InstanceProfile;
import dev.operator.iam.instanceprofile.InstanceProfileSpec;
import dev.operator.iam.oidc.OpenIDConnectProvider;
import dev.operator.iam.oidc.OpenIDConnectProviderSpec;
import dev.operator.iam.role.Role;
import dev.operator.iam.role.RoleSpec;
import dev.operator.iam.servicelinkedrole.ServiceLinkedRole;
import dev.operator.iam.servicelinkedrole.ServiceLinkedRoleSpec;
import dev.operator.iam.user.User;
import dev.operator.iam.user.UserSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Objects of every kind but Policy (for that one: {@link PolicyObjects}) for process-level tests:
 * building them, creating and changing them in the {@link MockApiServer}, reading their Ready
 * condition and waiting for it.
 */
public final class IamObjects {

    /** EC2 may assume the role: a valid trust policy for any test role. */
    public static final String TRUST = trust("ec2.amazonaws.com");

    /** An identity policy that allows s3:GetObject on everything. */
    public static final String DOCUMENT = PolicyObjects.document("s3:GetObject");

    public static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    public static final String S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    public static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";

    /** A SHA-1 thumbprint (40 hex digits). */
    public static final String THUMBPRINT_A = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";

    public static final String THUMBPRINT_B = "a031c46782e6e6c662c2c87c76da9aa62ccabd8e";

    private final KubernetesClient client;
    private final String namespace;

    IamObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public static IamObjects in(MockApiServer api, String namespace) {
        return new IamObjects(api.client(), namespace);
    }

    public String namespace() {
        return namespace;
    }

    /** A trust policy that lets {@code service} assume the role. */
    public static String trust(String service) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\""
                + service
                + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    // ------------------------------------------------------------------ building

    public Role role(String name, Consumer<RoleSpec> spec) {
        RoleSpec s = new RoleSpec();
        s.setAssumeRolePolicyDocument(TRUST);
        spec.accept(s);
        Role r = new Role();
        r.setSpec(s);
        return named(r, name);
    }

    public InstanceProfile instanceProfile(String name, Consumer<InstanceProfileSpec> spec) {
        InstanceProfileSpec s = new InstanceProfileSpec();
        spec.accept(s);
        InstanceProfile p = new InstanceProfile();
        p.setSpec(s);
        return named(p, name);
    }

    public User user(String name, Consumer<UserSpec> spec) {
        UserSpec s = new UserSpec();
        spec.accept(s);
        User u = new User();
        u.setSpec(s);
        return named(u, name);
    }

    public Group group(String name, Consumer<GroupSpec> spec) {
        GroupSpec s = new GroupSpec();
        spec.accept(s);
        Group g = new Group();
        g.setSpec(s);
        return named(g, name);
    }

    public OpenIDConnectProvider oidcProvider(
            String name, String url, Consumer<OpenIDConnectProviderSpec> spec) {
        OpenIDConnectProviderSpec s = new OpenIDConnectProviderSpec();
        s.setUrl(url);
        spec.accept(s);
        OpenIDConnectProvider p = new OpenIDConnectProvider();
        p.setSpec(s);
        return named(p, name);
    }

    public ServiceLinkedRole serviceLinkedRole(
            String name, String service, String suffix, Consumer<ServiceLinkedRoleSpec> spec) {
        ServiceLinkedRoleSpec s = new ServiceLinkedRoleSpec();
        s.setAwsServiceName(service);
        s.setCustomSuffix(suffix);
        spec.accept(s);
        ServiceLinkedRole r = new ServiceLinkedRole();
        r.setSpec(s);
        return named(r, name);
    }

    private <T extends ManagedResource<?, ?>> T named(T resource, String name) {
        resource.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        return resource;
    }

    /** Spec tags from key/value pairs, in order. */
    public static List<Tag> tags(Map<String, String> tags) {
        return new ArrayList<>(
                tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList());
    }

    public static List<ResourceReference> refs(String... names) {
        List<ResourceReference> refs = new ArrayList<>();
        for (String n : names) {
            refs.add(new ResourceReference(n));
        }
        return refs;
    }

    /** A mutable map, as the specs' setters expect. */
    public static Map<String, String> map(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    public static List<String> list(String... values) {
        return new ArrayList<>(List.of(values));
    }

    // ------------------------------------------------------------------ the API server

    /** Creates the object; returns it as stored (with its UID). */
    public <T extends ManagedResource<?, ?>> T create(T resource) {
        return client.resource(resource).create();
    }

    @SuppressWarnings("unchecked")
    public <T extends ManagedResource<?, ?>> Resource<T> object(Class<T> kind, String name) {
        return client.resources(kind).inNamespace(namespace).withName(name);
    }

    /**
     * Changes the stored object (a spec change makes generation + 1). The operator writes status
     * concurrently, so a 409 Conflict (stale resourceVersion) is retried on the fresh object.
     */
    public <T extends ManagedResource<?, ?>> T edit(
            Class<T> kind, String name, Consumer<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return object(kind, name)
                        .edit(
                                r -> {
                                    change.accept(r);
                                    return r;
                                });
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    public <T extends ManagedResource<?, ?>> void delete(Class<T> kind, String name) {
        object(kind, name).delete();
    }

    public <T extends ManagedResource<?, ?>> Optional<Condition> ready(Class<T> kind, String name) {
        return Optional.ofNullable(object(kind, name).get())
                .map(ManagedResource::getStatus)
                .flatMap(s -> Conditions.find(s, Conditions.READY));
    }

    /**
     * Waits until Ready=True for the current generation, whatever the reason; returns the object.
     */
    public <T extends ManagedResource<?, ?>> T awaitReady(
            Class<T> kind, String name, Duration timeout) {
        String what = kind.getSimpleName() + " " + namespace + "/" + name;
        await().alias(what + " Ready=True for its current generation")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> {
                            T current = object(kind, name).get();
                            assertThat(current).as(what).isNotNull();
                            Condition ready = ready(kind, name).orElse(null);
                            assertThat(ready).as("Ready condition of %s", what).isNotNull();
                            assertThat(ready.getStatus())
                                    .as(
                                            "Ready of %s (reason %s: %s)",
                                            what, ready.getReason(), ready.getMessage())
                                    .isEqualTo("True");
                            assertThat(current.getStatus().getObservedGeneration())
                                    .as("status.observedGeneration of %s", what)
                                    .isEqualTo(current.getMetadata().getGeneration());
                        });
        return object(kind, name).get();
    }

    /** Waits until the Ready condition has this status and reason. */
    public <T extends ManagedResource<?, ?>> void awaitReady(
            Class<T> kind, String name, String status, String reason, Duration timeout) {
        String what = kind.getSimpleName() + " " + namespace + "/" + name;
        await().alias(what + " Ready=" + status + "/" + reason)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> {
                            Condition ready = ready(kind, name).orElse(null);
                            assertThat(ready).as("Ready condition of %s", what).isNotNull();
                            assertThat(ready.getStatus() + "/" + ready.getReason())
                                    .as("Ready status/reason (message: %s)", ready.getMessage())
                                    .isEqualTo(status + "/" + reason);
                        });
    }

    /** Waits until the object is gone from the API server (its finalizer removed). */
    public <T extends ManagedResource<?, ?>> void awaitGone(
            Class<T> kind, String name, Duration timeout) {
        await().alias(kind.getSimpleName() + " " + namespace + "/" + name + " deleted")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> object(kind, name).get() == null);
    }

    /** The ownership tags the operator writes on the AWS resource of {@code created}. */
    public static Map<String, String> ownershipTags(ManagedResource<?, ?> created) {
        return Map.of(
                "iam.operator.dev/cluster",
                "default",
                "iam.operator.dev/namespace",
                created.getMetadata().getNamespace(),
                "iam.operator.dev/name",
                created.getMetadata().getName(),
                "iam.operator.dev/uid",
                created.getMetadata().getUid());
    }

    /** Ownership tags plus the spec's tags: what a managed resource carries in AWS. */
    public static Map<String, String> expectedTags(
            ManagedResource<?, ?> created, List<Tag> specTags) {
        Map<String, String> expected = new HashMap<>(ownershipTags(created));
        if (specTags != null) {
            specTags.forEach(t -> expected.put(t.getKey(), t.getValue()));
        }
        return expected;
    }
}
