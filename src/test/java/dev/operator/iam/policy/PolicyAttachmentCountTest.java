package dev.operator.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.role.Role;
import dev.operator.iam.role.RoleSpec;
import dev.operator.iam.role.RoleTestSupport;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.PrincipalTestSupport;
import dev.operator.iam.testing.SlowResyncProfile;
import dev.operator.iam.testing.TestObjects;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Policy's {@code status.attachmentCount} follows the Roles, Groups and Users that attach it
 * through {@code policyRefs} or by ARN in {@code policies}: refreshed when one of them has applied
 * its spec or is gone, not at the next resync (10 minutes in this profile, so only the watch on the
 * referrers can explain it).
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(SlowResyncProfile.class)
class PolicyAttachmentCountTest extends PrincipalTestSupport {

    private final TestObjects<Role, RoleSpec> roles = objects(Role.class, "GetRole");

    @Test
    void attachmentCountFollowsTheRolesGroupsAndUsersThatAttachAndDetachThePolicy() {
        String policy = "pac-shared";
        apply(policy(policy, DOC_READ));
        policies.awaitReady(policy, true, "Created");
        assertThat(attachmentCount(policy)).isZero();

        apply(role("pac-role", policy));
        roles.awaitReady("pac-role", true, "Created");
        awaitAttachmentCount(policy, 1);

        createGroup(aws("pac-group"), s -> s.setPolicyRefs(List.of(new ResourceReference(policy))));
        groups.awaitReady(aws("pac-group"), true, "Created");
        awaitAttachmentCount(policy, 2);

        // Named by ARN in policies rather than in policyRefs.
        String arn = policies.get(policy).getStatus().getArn();
        createUser(aws("pac-user"), s -> s.setPolicies(List.of(arn)));
        users.awaitReady(aws("pac-user"), true, "Created");
        awaitAttachmentCount(policy, 3);

        // A reference dropped from a spec: the Role detaches the policy, then the Policy recounts.
        roles.editSpec("pac-role", s -> s.setPolicyRefs(List.of()));
        awaitAttachmentCount(policy, 2);
        assertThat(emulator().role("pac-role").orElseThrow().attachedPolicyArns()).isEmpty();

        groups.delete(aws("pac-group"));
        groups.awaitGone(aws("pac-group"));
        awaitAttachmentCount(policy, 1);

        users.delete(aws("pac-user"));
        users.awaitGone(aws("pac-user"));
        awaitAttachmentCount(policy, 0);
    }

    private Role role(String name, String policyRef) {
        Role r = new Role();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        RoleSpec spec = new RoleSpec();
        spec.setAssumeRolePolicyDocument(RoleTestSupport.EC2_TRUST);
        spec.setPolicyRefs(List.of(new ResourceReference(policyRef)));
        r.setSpec(spec);
        return r;
    }

    private Integer attachmentCount(String name) {
        return policies.get(name).getStatus().getAttachmentCount();
    }

    private void awaitAttachmentCount(String name, int expected) {
        await().alias("status.attachmentCount of Policy " + name + " = " + expected)
                .atMost(TIMEOUT)
                .until(() -> Integer.valueOf(expected).equals(attachmentCount(name)));
    }
}
