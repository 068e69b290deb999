package dev.operator.iam.tenancy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.controller.AdmissionWebhook;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicySpec;
import dev.operator.iam.role.Role;
import dev.operator.iam.role.RoleSpec;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.OperatorTestSupport;
import dev.operator.iam.testing.TestObjects;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenancy end to end in the operator, against the mock API server and the IAM emulator: each test
 * labels its own namespace and writes a TenantPolicy that selects only that label, so the other
 * tests (privileged by the test profile) are not governed by it.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class TenancyTest extends OperatorTestSupport {

    private static final String EC2_TRUST =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final TestObjects<Role, RoleSpec> roles = objects(Role.class, "GetRole");

    private String tenantLabel;
    private String boundaryArn;

    @BeforeEach
    void governThisNamespace() {
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
        boundaryArn =
                backend()
                        .seedPolicy("boundary-" + namespace, "/platform/", DOC_READ, Map.of())
                        .arn();
        TenantPolicy p = new TenantPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(tenantLabel).build());
        TenantPolicySpec spec = new TenantPolicySpec();
        spec.setNamespaceSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("tenant", tenantLabel)).build());
        spec.setPermissionsBoundary(boundaryArn);
        spec.getTrust().setServices(List.of("ec2.amazonaws.com"));
        p.setSpec(spec);
        client.resource(p).create();
    }

    @AfterEach
    void removeTheTenantPolicy() {
        client.resources(Role.class).inNamespace(namespace).delete();
        client.resources(Policy.class).inNamespace(namespace).delete();
        client.resources(TenantPolicy.class).withName(tenantLabel).delete();
    }

    private String tenantPath() {
        return "/default/" + namespace + "/";
    }

    private Role role(String name, List<String> policies) {
        Role r = new Role();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        RoleSpec spec = new RoleSpec();
        spec.setAssumeRolePolicyDocument(EC2_TRUST);
        spec.setPolicies(policies);
        r.setSpec(spec);
        return r;
    }

    /** Ready=True whatever the reason: Created, or UpToDate once a resync came first. */
    private static void awaitReadyTrue(TestObjects<?, ?> objects, String name) {
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                objects.ready(name)
                                        .map(c -> "True".equals(c.getStatus()))
                                        .orElse(false));
    }

    private static Condition readyCondition(
            TestObjects<?, ?> objects, String name, boolean status, String reason) {
        objects.awaitReady(name, status, reason);
        return objects.ready(name).orElseThrow();
    }

    @Test
    void aTenantsRoleIsCreatedAtItsPathWithItsPermissionsBoundary() {
        client.resource(role("app", List.of())).create();

        awaitReadyTrue(roles, "app");

        RoleSnapshot aws = emulator().role("app").orElseThrow();
        assertThat(aws.path()).isEqualTo(tenantPath());
        assertThat(aws.permissionsBoundaryArn()).isEqualTo(boundaryArn);
    }

    @Test
    void aRoleAskingForAdministratorAccessIsNotPermittedAndNoIamCallNamesIt() {
        client.resource(role("admin", List.of("arn:aws:iam::aws:policy/AdministratorAccess")))
                .create();

        Condition ready = readyCondition(roles, "admin", false, "NotPermitted");

        assertThat(ready.getMessage())
                .contains("TenantPolicy " + tenantLabel)
                .contains("AdministratorAccess");
        assertThat(emulator().role("admin")).isEmpty();
        callLog().ifPresent(calls -> assertThat(calls.about("admin")).isEmpty());
    }

    @Test
    void aRoleWhoseInlinePolicyGrantsADeniedActionIsNotPermittedAndNeverReachesIam() {
        Role r = role("passer", List.of());
        r.getSpec()
                .setInlinePolicies(
                        Map.of(
                                "pass",
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Pass\","
                                        + "\"Effect\":\"Allow\",\"Action\":\"IAM:Pass*\","
                                        + "\"Resource\":\"*\"}]}"));
        client.resource(r).create();

        Condition ready = readyCondition(roles, "passer", false, "NotPermitted");

        assertThat(ready.getMessage())
                .contains("denies actions matching \"iam:*\"")
                .contains("statement \"Pass\" of spec.inlinePolicies[pass]")
                .contains("\"IAM:Pass*\"");
        assertThat(emulator().role("passer")).isEmpty();
        callLog().ifPresent(calls -> assertThat(calls.about("passer")).isEmpty());
    }

    @Test
    void aTenantsRoleForItsServiceAccountsPassesTheTrustRulesWhileAHandWrittenWildcardDoesNot() {
        Role pods = role("pods", List.of());
        pods.getSpec().setAssumeRolePolicyDocument(null);
        pods.getSpec().setServiceAccounts(List.of("api"));
        client.resource(pods).create();
        Role open = role("open", List.of());
        open.getSpec()
                .setAssumeRolePolicyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}");
        client.resource(open).create();

        awaitReadyTrue(roles, "pods");
        Condition refused = readyCondition(roles, "open", false, "NotPermitted");

        assertThat(emulator().role("pods").orElseThrow().assumeRolePolicyDocument())
                .contains("system:serviceaccount:" + namespace + ":api");
        assertThat(refused.getMessage()).contains("trusts \"*\"");
        assertThat(emulator().role("open")).isEmpty();
    }

    @Test
    void tighteningATenantPolicyRefusesItsObjectsAndLeavesAwsAsItIs() {
        Policy p = new Policy();
        p.setMetadata(new ObjectMetaBuilder().withName("reader").withNamespace(namespace).build());
        PolicySpec spec = new PolicySpec();
        spec.setPolicyDocument(DOC_READ);
        p.setSpec(spec);
        client.resource(p).create();
        awaitReadyTrue(policies, "reader");
        String arn =
                client.resources(Policy.class)
                        .inNamespace(namespace)
                        .withName("reader")
                        .get()
                        .getStatus()
                        .getArn();
        Instant tightened = Instant.now();

        client.resources(TenantPolicy.class)
                .withName(tenantLabel)
                .edit(
                        t -> {
                            t.getSpec().setKinds(List.of("Role"));
                            return t;
                        });

        Condition ready = readyCondition(policies, "reader", false, "NotPermitted");
        assertThat(ready.getMessage()).contains("does not allow the kind Policy");
        assertThat(backend().policy(arn)).isPresent();
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(calls.since(tightened).about("reader"))
                                        .noneMatch(c -> !c.action().startsWith("Get")));
    }

    @Test
    void theTenantPolicyStatusSaysItIsValidAndWhichNamespacesItSelects() {
        await().atMost(TIMEOUT)
                .until(
                        () -> {
                            TenantPolicy p =
                                    client.resources(TenantPolicy.class)
                                            .withName(tenantLabel)
                                            .get();
                            return p.getStatus() != null
                                    && Boolean.TRUE.equals(p.getStatus().getValid())
                                    && p.getStatus()
                                            .getSelectedNamespaces()
                                            .equals(List.of(namespace));
                        });
    }

    @Test
    void theAdmissionWebhookRefusesWhatTheEngineRefusesWithTheSameRule() {
        Map<String, Object> refused =
                review(
                        "uid-1",
                        role("admin", List.of("arn:aws:iam::aws:policy/AdministratorAccess")));
        Map<String, Object> allowed = review("uid-2", role("fine", List.of()));

        Map<String, Object> no = post(refused);
        assertThat(no).containsEntry("uid", "uid-1").containsEntry("allowed", false);
        assertThat(no.get("status").toString())
                .contains("NotPermitted")
                .contains("TenantPolicy " + tenantLabel)
                .contains("AdministratorAccess");
        assertThat(post(allowed)).containsEntry("uid", "uid-2").containsEntry("allowed", true);
        Role everyone = role("everyone", List.of());
        everyone.getSpec()
                .setAssumeRolePolicyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"NotPrincipal\":{\"AWS\":\"111122223333\"},"
                                + "\"Action\":\"sts:AssumeRole\"}]}");
        Map<String, Object> trustRefused = post(review("uid-3", everyone));
        assertThat(trustRefused).containsEntry("allowed", false);
        assertThat(trustRefused.get("status").toString())
                .contains("NotPermitted")
                .contains("NotPrincipal");
        assertThat(emulator().role("admin")).isEmpty();
    }

    private Map<String, Object> review(String uid, Role role) {
        return Map.of(
                "apiVersion",
                "admission.k8s.io/v1",
                "kind",
                "AdmissionReview",
                "request",
                Map.of(
                        "uid",
                        uid,
                        "kind",
                        Map.of("group", "iam.operator.dev", "version", "v1alpha1", "kind", "Role"),
                        "resource",
                        Map.of(
                                "group",
                                "iam.operator.dev",
                                "version",
                                "v1alpha1",
                                "resource",
                                "roles"),
                        "namespace",
                        namespace,
                        "operation",
                        "CREATE",
                        "object",
                        role));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(Map<String, Object> review) {
        Map<String, Object> answer =
                given().contentType(ContentType.JSON)
                        .body(review)
                        .post(AdmissionWebhook.PATH)
                        .then()
                        .statusCode(200)
                        .extract()
                        .as(Map.class);
        assertThat(answer).containsEntry("kind", "AdmissionReview");
        return (Map<String, Object>) answer.get("response");
    }
}
