package dev.operator.iam.accesskey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.tenancy.TenantPolicy;
import dev.operator.iam.tenancy.TenantPolicySpec;
import dev.operator.iam.testing.IamEmulatorResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AccessKey is a kind a TenantPolicy must list: with its default kinds a tenant gets no key and no
 * IAM call names the user; once the platform adds the kind, the key is made.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class AccessKeyTenancyTest extends AccessKeyTestSupport {

    private String tenantLabel;

    @BeforeEach
    void governThisNamespaceWithTheDefaultKinds() {
        tenantLabel = "t-" + namespace;
        client.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(namespace)
                                .addToLabels("tenant", tenantLabel)
                                .endMetadata()
                                .build())
                .create();
        TenantPolicy p = new TenantPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(tenantLabel).build());
        TenantPolicySpec spec = new TenantPolicySpec();
        spec.setNamespaceSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("tenant", tenantLabel)).build());
        p.setSpec(spec);
        client.resource(p).create();
    }

    @AfterEach
    void removeTheTenantPolicy() {
        client.resources(TenantPolicy.class).withName(tenantLabel).delete();
    }

    @Test
    void aTenantGetsNoKeyUntilItsTenantPolicyListsTheKind() {
        String user = aws("tenant-ci");
        // a user of this namespace, as a User object here would have made it
        emulator()
                .seedUser(
                        user,
                        "/",
                        Map.of(
                                "iam.operator.dev/cluster", "default",
                                "iam.operator.dev/namespace", namespace,
                                "iam.operator.dev/name", user));

        createAccessKey("tenant-key", forUserName(user));

        AccessKey refused = keys.awaitReady("tenant-key", false, "NotPermitted");
        assertThat(readyOf(refused).orElseThrow().getMessage())
                .contains("TenantPolicy " + tenantLabel)
                .contains("does not allow the kind AccessKey");
        assertThat(actionsAbout(user)).isEmpty();
        assertThat(secret("tenant-key")).isNull();

        client.resources(TenantPolicy.class)
                .withName(tenantLabel)
                .edit(
                        p -> {
                            p.getSpec().setKinds(List.of("Policy", "Role", "User", "AccessKey"));
                            return p;
                        });

        AccessKey ready = keys.awaitReady("tenant-key", true, "Created");
        assertThat(awsKeys(user))
                .singleElement()
                .satisfies(
                        k ->
                                assertThat(k.accessKeyId())
                                        .isEqualTo(ready.getStatus().getAccessKeyId()));
        keys.delete("tenant-key");
        keys.awaitGone("tenant-key");
        assertThat(awsKeys(user)).isEmpty();
    }
}
