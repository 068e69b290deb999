package dev.operator.iam.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.testing.IamEmulatorResource;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Role for pods: {@code spec.serviceAccounts} instead of a trust policy. The operator writes the
 * trust (IRSA through the cluster's OIDC provider, EKS Pod Identity pinned to the namespace) and
 * annotates the ServiceAccounts with the role's ARN — never one annotated by someone else — and
 * removes only what it wrote.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class RoleServiceAccountsTest extends RoleTestSupport {

    private static final String ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/TESTCLUSTER";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Role forServiceAccounts(String name, ServiceAccountTrust.Method method, String... sas) {
        Role r = role(name, null, Map.of());
        r.getSpec().setServiceAccounts(List.of(sas));
        r.getSpec().setServiceAccountTrust(method);
        return r;
    }

    /** Ready=True whatever the reason: Created, or UpToDate once a resync came first. */
    private Role awaitReadyTrue(String name) {
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                roles.ready(name)
                                        .map(c -> "True".equals(c.getStatus()))
                                        .orElse(false));
        Role role = roles.get(name);
        assertThat(callsOf("CreateRole", name)).hasSize(1);
        return role;
    }

    private void serviceAccount(String name, Map<String, String> annotations) {
        client.serviceAccounts()
                .inNamespace(namespace)
                .resource(
                        new ServiceAccountBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(namespace)
                                .withAnnotations(annotations)
                                .endMetadata()
                                .build())
                .create();
    }

    private Map<String, String> annotationsOf(String serviceAccount) {
        ServiceAccount sa =
                client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).get();
        Map<String, String> a = sa.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    private void awaitAnnotation(String serviceAccount, String value) {
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> {
                            Map<String, String> a = annotationsOf(serviceAccount);
                            if (value == null) {
                                assertThat(a).doesNotContainKey(ServiceAccountLinks.ROLE_ARN);
                            } else {
                                assertThat(a).containsEntry(ServiceAccountLinks.ROLE_ARN, value);
                            }
                        });
    }

    @Test
    void writesTheIrsaTrustForTheServiceAccountsAndAnnotatesThemAsTheyAppear() throws Exception {
        serviceAccount("api", Map.of());
        serviceAccount("taken", Map.of(ServiceAccountLinks.ROLE_ARN, "arn:aws:iam::1:role/other"));
        apply(forServiceAccounts("rsa-irsa", null, "api", "worker", "taken"));

        Role ready = awaitReadyTrue("rsa-irsa");
        String arn = ready.getStatus().getArn();

        JsonNode trust = JSON.readTree(awsRole("rsa-irsa").assumeRolePolicyDocument());
        JsonNode statement = trust.get("Statement").get(0);
        assertThat(trust.get("Statement")).hasSize(1);
        assertThat(statement.at("/Principal/Federated").asText())
                .isEqualTo("arn:aws:iam::123456789012:oidc-provider/" + ISSUER);
        assertThat(statement.get("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(statement.at("/Condition/StringEquals").get(ISSUER + ":sub"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "system:serviceaccount:" + namespace + ":api",
                        "system:serviceaccount:" + namespace + ":taken",
                        "system:serviceaccount:" + namespace + ":worker");
        assertThat(statement.at("/Condition/StringEquals").get(ISSUER + ":aud").asText())
                .isEqualTo("sts.amazonaws.com");

        awaitAnnotation("api", arn);
        assertThat(annotationsOf("api")).containsEntry(ServiceAccountLinks.WRITTEN_BY, "rsa-irsa");

        serviceAccount("worker", Map.of());
        awaitAnnotation("worker", arn);

        // Someone else's annotation is never overwritten.
        assertThat(annotationsOf("taken"))
                .containsEntry(ServiceAccountLinks.ROLE_ARN, "arn:aws:iam::1:role/other")
                .doesNotContainKey(ServiceAccountLinks.WRITTEN_BY);

        // Dropped from the list: the annotation it wrote goes, the others stay.
        roles.editSpec("rsa-irsa", s -> s.setServiceAccounts(List.of("worker", "taken")));
        awaitAnnotation("api", null);
        assertThat(annotationsOf("api")).doesNotContainKey(ServiceAccountLinks.WRITTEN_BY);
        assertThat(annotationsOf("worker")).containsEntry(ServiceAccountLinks.ROLE_ARN, arn);
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () ->
                                assertThat(
                                                JSON.readTree(
                                                                awsRole("rsa-irsa")
                                                                        .assumeRolePolicyDocument())
                                                        .at("/Statement/0/Condition/StringEquals")
                                                        .get(ISSUER + ":sub"))
                                        .hasSize(2));

        // The Role goes: so does every annotation it wrote, and only those.
        roles.delete("rsa-irsa");
        roles.awaitGone("rsa-irsa");
        awaitAnnotation("worker", null);
        assertThat(annotationsOf("taken"))
                .containsEntry(ServiceAccountLinks.ROLE_ARN, "arn:aws:iam::1:role/other");
        assertThat(emulator().role("rsa-irsa")).isEmpty();
    }

    @Test
    void podIdentityPinsTheNamespaceAndAnnotatesNothing() throws Exception {
        serviceAccount("pi", Map.of());
        apply(forServiceAccounts("rsa-pod", ServiceAccountTrust.Method.PodIdentity, "pi"));

        awaitReadyTrue("rsa-pod");

        JsonNode statement =
                JSON.readTree(awsRole("rsa-pod").assumeRolePolicyDocument())
                        .get("Statement")
                        .get(0);
        assertThat(statement.at("/Principal/Service").asText()).isEqualTo("pods.eks.amazonaws.com");
        assertThat(statement.get("Action"))
                .extracting(JsonNode::asText)
                .containsExactly("sts:AssumeRole", "sts:TagSession");
        assertThat(
                        statement
                                .at("/Condition/StringEquals")
                                .get("aws:RequestTag/kubernetes-namespace")
                                .asText())
                .isEqualTo(namespace);
        roles.awaitSyncedAgain("rsa-pod");
        assertThat(annotationsOf("pi")).doesNotContainKey(ServiceAccountLinks.ROLE_ARN);
    }

    @Test
    void aRetainedRoleKeepsItsAnnotationAndHandsItOver() {
        serviceAccount("kept", Map.of());
        Role role = forServiceAccounts("rsa-retain", null, "kept");
        role.getMetadata().setAnnotations(Map.of(ResourcePolicies.DELETION_POLICY, "retain"));
        apply(role);
        String arn = awaitReadyTrue("rsa-retain").getStatus().getArn();
        awaitAnnotation("kept", arn);

        roles.delete("rsa-retain");
        roles.awaitGone("rsa-retain");

        await().atMost(TIMEOUT)
                .untilAsserted(
                        () ->
                                assertThat(annotationsOf("kept"))
                                        .doesNotContainKey(ServiceAccountLinks.WRITTEN_BY)
                                        .containsEntry(ServiceAccountLinks.ROLE_ARN, arn));
        assertThat(emulator().role("rsa-retain")).isPresent();
    }

    @Test
    void refusesServiceAccountsBesideATrustPolicyWithoutCallingIam() {
        Role both = forServiceAccounts("rsa-both", null, "api");
        both.getSpec().setAssumeRolePolicyDocument(EC2_TRUST);
        apply(both);

        var ready = roles.awaitReady("rsa-both", false, "InvalidSpec");

        assertThat(readyOf(ready).orElseThrow().getMessage())
                .contains("spec.serviceAccounts and spec.assumeRolePolicyDocument cannot both");
        assertThat(callsOf("CreateRole", "rsa-both")).isEmpty();
    }
}
