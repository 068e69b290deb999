package dev.operator.iam.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.role.Role;
import dev.operator.iam.role.RoleSpec;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.MetricsScraper;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many AWS accounts end to end (design.md, "Many AWS accounts"), against the mock API server and
 * the IAM emulator with several accounts: a namespace whose TenantPolicy names {@code aws.roleArn}
 * has its IAM in that role's account, through AssumeRole, and nowhere else.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class AccountsTest extends OperatorTestSupport {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    private static final String EC2_TRUST =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final TestObjects<Role, RoleSpec> roles = objects(Role.class, "GetRole");
    private final List<String> tenantPolicies = new java.util.ArrayList<>();

    @AfterEach
    void removeTheTenantPolicies() {
        tenantPolicies.forEach(n -> client.resources(TenantPolicy.class).withName(n).delete());
    }

    /** A fresh account with the operator's role in it, trusting the operator's account. */
    private String accountWithOperatorRole(String externalId) {
        String id = Long.toString(200_000_000_000L + ACCOUNTS.incrementAndGet());
        String condition =
                externalId == null
                        ? ""
                        : ",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\""
                                + externalId
                                + "\"}}";
        emulator()
                .account(id)
                .seedRole(
                        "iam-operator",
                        null,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Principal\":{\"AWS\":\"arn:aws:iam::"
                                + emulator().accountId()
                                + ":root\"},\"Action\":\"sts:AssumeRole\""
                                + condition
                                + "}]}",
                        null);
        return id;
    }

    private static String roleIn(String account) {
        return "arn:aws:iam::" + account + ":role/iam-operator";
    }

    /** Labels namespace {@code ns} and writes a TenantPolicy selecting it, naming the role. */
    private void tenant(String ns, String roleArn, String externalId) {
        String label = "acct-" + ns;
        client.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ns)
                                .addToLabels("tenant", label)
                                .endMetadata()
                                .build())
                .create();
        TenantPolicy p = new TenantPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(label).build());
        TenantPolicySpec spec = new TenantPolicySpec();
        spec.setNamespaceSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("tenant", label)).build());
        spec.getTrust().setServices(List.of("ec2.amazonaws.com"));
        if (roleArn != null) {
            TenantPolicySpec.Aws aws = new TenantPolicySpec.Aws();
            aws.setRoleArn(roleArn);
            aws.setExternalId(externalId);
            spec.setAws(aws);
        }
        p.setSpec(spec);
        client.resource(p).create();
        tenantPolicies.add(label);
    }

    private void changeRole(String ns, String roleArn) {
        client.resources(TenantPolicy.class)
                .withName("acct-" + ns)
                .edit(
                        p -> {
                            p.getSpec().getAws().setRoleArn(roleArn);
                            return p;
                        });
    }

    private Role role(String name) {
        Role r = new Role();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        RoleSpec spec = new RoleSpec();
        spec.setAssumeRolePolicyDocument(EC2_TRUST);
        r.setSpec(spec);
        return r;
    }

    private static void awaitReadyTrue(TestObjects<?, ?> objects, String name) {
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                objects.ready(name)
                                        .map(c -> "True".equals(c.getStatus()))
                                        .orElse(false));
    }

    private List<String> policyNames(IamEmulator account) {
        return account.policies().stream().map(PolicySnapshot::name).toList();
    }

    private List<String> roleNames(IamEmulator account) {
        return account.roles().stream().map(RoleSnapshot::name).toList();
    }

    @Test
    void aNamespaceMappedToAnotherAccountHasItsPolicyAndRoleOnlyThereAndDeletesThemThere() {
        String b = accountWithOperatorRole("ext-" + namespace);
        tenant(namespace, roleIn(b), "ext-" + namespace);
        String policyName = "p-" + namespace;
        String roleName = "r-" + namespace;
        client.resource(policy(policyName, DOC_READ)).create();
        client.resource(role(roleName)).create();

        awaitReadyTrue(policies, policyName);
        awaitReadyTrue(roles, roleName);

        String path = "/default/" + namespace + "/";
        assertThat(policies.get(policyName).getStatus().getArn())
                .isEqualTo("arn:aws:iam::" + b + ":policy" + path + policyName);
        assertThat(roles.get(roleName).getStatus().getArn())
                .isEqualTo("arn:aws:iam::" + b + ":role" + path + roleName);
        assertThat(policyNames(emulator().account(b))).containsExactly(policyName);
        assertThat(roleNames(emulator().account(b))).contains(roleName);
        assertThat(policyNames(emulator())).doesNotContain(policyName);
        assertThat(roleNames(emulator())).doesNotContain(roleName);
        // Every IAM call about them went to B: the operator's own account saw none.
        callLog().ifPresent(calls -> assertThat(calls.about(policyName)).isNotEmpty());
        assertThat(emulator().actionsByAccount().get(b)).contains("CreatePolicy", "CreateRole");
        assertThat(
                        MetricsScraper.value(
                                "iam_operator_aws_calls_total",
                                Map.of(
                                        "operation",
                                        "CreateRole",
                                        "outcome",
                                        "success",
                                        "account",
                                        b)))
                .isEqualTo(1);
        assertThat(
                        MetricsScraper.value(
                                "iam_operator_aws_budget_max_calls_per_second",
                                Map.of("account", b)))
                .as("B's budget has series of its own")
                .isPositive();
        assertThat(
                        MetricsScraper.value(
                                "iam_operator_aws_budget_wait_seconds_count",
                                Map.of("account", b, "priority", "change")))
                .as("B's calls waited for B's budget")
                .isPositive();

        policies.delete(policyName);
        roles.delete(roleName);
        policies.awaitGone(policyName);
        roles.awaitGone(roleName);
        assertThat(policyNames(emulator().account(b))).isEmpty();
        assertThat(roleNames(emulator().account(b))).containsExactly("iam-operator");
    }

    @Test
    void aNamespaceWithoutARoleUsesTheOperatorsOwnAccount() {
        tenant(namespace, null, null);
        String policyName = "own-" + namespace;
        client.resource(policy(policyName, DOC_READ)).create();

        awaitReadyTrue(policies, policyName);

        assertThat(policies.get(policyName).getStatus().getArn())
                .startsWith("arn:aws:iam::" + emulator().accountId() + ":policy/");
        assertThat(policyNames(emulator())).contains(policyName);
        assertThat(
                        MetricsScraper.value(
                                "iam_operator_aws_calls_total",
                                Map.of(
                                        "operation",
                                        "CreatePolicy",
                                        "outcome",
                                        "success",
                                        "account",
                                        emulator().accountId())))
                .isPositive();
    }

    @Test
    void aRoleThatCannotBeAssumedIsReportedOnTheTenantsObjectsWhileAnotherTenantWorks() {
        String b = accountWithOperatorRole("right-id");
        String denied = "denied-" + namespace;
        String working = namespace;
        tenant(denied, roleIn(b), "wrong-id");
        tenant(working, roleIn(b), "right-id");
        String name = "p-" + namespace;
        Policy refused = policy(name, DOC_READ);
        refused.getMetadata().setNamespace(denied);
        client.resource(refused).create();
        client.resource(policy(name, DOC_READ)).create();

        awaitReadyTrue(policies, name);
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                readyOf(policyIn(denied, name))
                                        .map(c -> "AwsError".equals(c.getReason()))
                                        .orElse(false));
        Condition ready = readyOf(policyIn(denied, name)).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");

        assertThat(ready.getMessage())
                .contains("cannot assume role " + roleIn(b))
                .contains("AccessDenied");
        // Nothing for the denied tenant anywhere: only the working tenant's policy exists, in B.
        assertThat(policyNames(emulator().account(b))).containsExactly(name).hasSize(1);
        assertThat(emulator().account(b).policies().get(0).path())
                .isEqualTo("/default/" + working + "/");
        assertThat(policyNames(emulator())).doesNotContain(name);
        client.resources(Policy.class).inNamespace(denied).withName(name).delete();
        await().atMost(TIMEOUT).until(() -> policyIn(denied, name) == null);
    }

    private Policy policyIn(String ns, String name) {
        return client.resources(Policy.class).inNamespace(ns).withName(name).get();
    }

    @Test
    void changingTheRoleCreatesNothingInTheNewAccountAndDeletesNothingInTheOld() {
        String b = accountWithOperatorRole(null);
        String c = accountWithOperatorRole(null);
        tenant(namespace, roleIn(b), null);
        String name = "moving-" + namespace;
        client.resource(policy(name, DOC_READ)).create();
        awaitReadyTrue(policies, name);

        changeRole(namespace, roleIn(c));

        policies.awaitReady(name, false, "AccountChanged");
        assertThat(policies.ready(name).orElseThrow().getMessage())
                .contains("lives in account " + b)
                .contains("now managed in account " + c)
                .contains("Set aws.roleArn back");
        assertThat(policyNames(emulator().account(c))).isEmpty();
        assertThat(policyNames(emulator().account(b))).containsExactly(name);

        policies.delete(name);
        policies.awaitGone(name);
        assertThat(policyNames(emulator().account(b))).containsExactly(name);
        assertThat(events(name))
                .anySatisfy(e -> assertThat(e.getMessage()).contains("was left in account " + b));
        assertThat(emulator().actionsByAccount().getOrDefault(c, List.of()))
                .doesNotContain("CreatePolicy", "DeletePolicy");
    }
}
