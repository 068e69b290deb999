package dev.operator.iam.role;

import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.instanceprofile.InstanceProfile;
import dev.operator.iam.instanceprofile.InstanceProfileSpec;
import dev.operator.iam.testing.OperatorTestSupport;
import dev.operator.iam.testing.TestObjects;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders of the Role and InstanceProfile {@code @QuarkusTest}s and the emulator's view of roles;
 * reading, editing and waiting go through {@link TestObjects} ({@link #roles}, {@link #profiles}).
 * Role names are global in the emulator, so every test uses names of its own.
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

    /** The Role objects of this test. */
    protected final TestObjects<Role, RoleSpec> roles = objects(Role.class, "GetRole");

    /** The InstanceProfile objects of this test. */
    protected final TestObjects<InstanceProfile, InstanceProfileSpec> profiles =
            objects(InstanceProfile.class, "GetInstanceProfile");

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

    // ---------------------------------------------------------------- common

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
     * Every call the emulator received that could change IAM: not a read (Get*, List*), and not a
     * Create that IAM refused because the name was taken (a new object creates without observing
     * first; the refusal changed nothing).
     */
    protected static boolean isWrite(RecordedCall call) {
        return !onlyLookedAt(call);
    }
}
