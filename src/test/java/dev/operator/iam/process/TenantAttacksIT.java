package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.instanceprofile.InstanceProfile;
import dev.operator.iam.oidc.OpenIDConnectProvider;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicySpec;
import dev.operator.iam.role.Role;
import dev.operator.iam.tenancy.TenantPolicy;
import dev.operator.iam.tenancy.TenantPolicySpec;
import dev.operator.iam.user.User;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tenancy attacks against the packaged operator with default settings ({@code
 * unselected-namespaces: deny}): team-a, governed by a TenantPolicy, tries to take over or widen
 * what is not its own. Each attack ends {@code NotPermitted} (or {@code InvalidSpec} for the
 * reserved tag prefix) and no mutating IAM call names the victim, which stays as it was.
 */
class TenantAttacksIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ATTACKER = "team-a";
    private static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
    private static final String ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/CLUSTER";
    private static final String PROVIDER = "arn:aws:iam::123456789012:oidc-provider/" + ISSUER;

    /** Permissions documents a tenant might send to grant itself IAM or STS. */
    private static final Map<String, String> GRANTS =
            Map.of(
                    "grant-star", allow("\"*\""),
                    "grant-case", allow("\"IAM:Pass*\""),
                    "grant-wild", allow("\"i?m:Create*\""),
                    "grant-not",
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                    + "\"NotAction\":\"s3:*\",\"Resource\":\"*\"}]}",
                    "grant-sts", allow("[\"s3:GetObject\",\"sts:AssumeRole\"]"));

    /** Trust policies a tenant might write to let others in. */
    private static final Map<String, String> TRUSTS =
            Map.of(
                    "trust-everyone", trustOf("{\"AWS\":\"*\"}", "sts:AssumeRole", null),
                    "trust-foreign",
                            trustOf(
                                    "{\"AWS\":\"arn:aws:iam::999988887777:root\"}",
                                    "sts:AssumeRole",
                                    null),
                    "trust-team-b",
                            trustOf(
                                    "{\"Federated\":\"" + PROVIDER + "\"}",
                                    "sts:AssumeRoleWithWebIdentity",
                                    "{\"StringEquals\":{\""
                                            + ISSUER
                                            + ":sub\":\"system:serviceaccount:team-b:app\",\""
                                            + ISSUER
                                            + ":aud\":\"sts.amazonaws.com\"}}"),
                    "trust-any-sa",
                            trustOf(
                                    "{\"Federated\":\"" + PROVIDER + "\"}",
                                    "sts:AssumeRoleWithWebIdentity",
                                    "{\"StringLike\":{\""
                                            + ISSUER
                                            + ":sub\":\"system:serviceaccount:*\"},"
                                            + "\"StringEquals\":{\""
                                            + ISSUER
                                            + ":aud\":\"sts.amazonaws.com\"}}"));

    private static String allow(String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + action
                + ",\"Resource\":\"*\"}]}";
    }

    private static String trustOf(String principal, String action, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + principal
                + ",\"Action\":\""
                + action
                + "\""
                + (condition == null ? "" : ",\"Condition\":" + condition)
                + "}]}";
    }

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(
                    Map.of(
                            "IAM_OPERATOR_TENANCY_UNSELECTED_NAMESPACES", "deny",
                            "IAM_OPERATOR_RESYNC_INTERVAL", "2s",
                            "IAM_OPERATOR_CLUSTER_OIDC_PROVIDER_ARN", PROVIDER));

    private final IamObjects team = IamObjects.in(env.api(), ATTACKER);

    @Test
    void everyAttackOfATenantIsRefusedBeforeAnyCallReachesItsVictim() {
        env.api()
                .client()
                .namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ATTACKER)
                                .addToLabels("iam.operator.dev/tenant", "app")
                                .endMetadata()
                                .build())
                .create();
        TenantPolicy apps = new TenantPolicy();
        apps.setMetadata(new ObjectMetaBuilder().withName("app-teams").build());
        TenantPolicySpec spec = new TenantPolicySpec();
        spec.setNamespaceSelector(
                new LabelSelectorBuilder()
                        .withMatchLabels(Map.of("iam.operator.dev/tenant", "app"))
                        .build());
        spec.setKinds(List.of("Policy", "Role", "User", "InstanceProfile"));
        apps.setSpec(spec);
        env.api().client().resource(apps).create();

        env.emulator().seedRole("OrganizationAccountAccessRole", "/", IamObjects.TRUST, Map.of());
        env.emulator()
                .seedRole(
                        "team-b-app",
                        "/default/team-b/",
                        IamObjects.TRUST,
                        Map.of(
                                "iam.operator.dev/cluster", "default",
                                "iam.operator.dev/namespace", "team-b",
                                "iam.operator.dev/name", "team-b-app",
                                "iam.operator.dev/uid", "b"));
        String teamBPolicy =
                env.emulator()
                        .seedPolicy("secrets", "/default/team-b/", IamObjects.DOCUMENT, Map.of())
                        .arn();
        env.emulator().seedGroup("Admins", "/");
        env.startOperator("operator");

        team.create(
                adopting(
                        team.role(
                                "OrganizationAccountAccessRole",
                                s -> s.setAssumeRolePolicyDocument(IamObjects.TRUST))));
        team.create(
                adopting(
                        team.role(
                                "team-b-app",
                                s -> s.setAssumeRolePolicyDocument(IamObjects.TRUST))));
        team.create(
                team.role(
                        "escalate",
                        s -> {
                            s.setAssumeRolePolicyDocument(IamObjects.TRUST);
                            s.setPolicies(IamObjects.list(ADMIN));
                        }));
        team.create(
                team.role(
                        "borrow",
                        s -> {
                            s.setAssumeRolePolicyDocument(IamObjects.TRUST);
                            s.setPolicies(IamObjects.list(teamBPolicy));
                        }));
        team.create(team.user("ci", s -> s.setGroups(IamObjects.list("Admins"))));
        team.create(team.instanceProfile("hijack", s -> s.setRole("team-b-app")));
        team.create(
                team.oidcProvider(
                        "issuer",
                        "https://token.actions.githubusercontent.com",
                        s -> s.setClientIDs(IamObjects.list("sts.amazonaws.com"))));
        Policy tagged = new Policy();
        tagged.setMetadata(
                new ObjectMetaBuilder().withNamespace(ATTACKER).withName("owner").build());
        PolicySpec policySpec = new PolicySpec();
        policySpec.setPolicyDocument(IamObjects.DOCUMENT);
        policySpec.setTags(List.of(new Tag("IAM.Operator.Dev/namespace", "team-b")));
        tagged.setSpec(policySpec);
        team.create(tagged);

        GRANTS.forEach(
                (name, document) -> {
                    Policy p = new Policy();
                    p.setMetadata(
                            new ObjectMetaBuilder().withNamespace(ATTACKER).withName(name).build());
                    PolicySpec s = new PolicySpec();
                    s.setPolicyDocument(document);
                    p.setSpec(s);
                    team.create(p);
                    team.create(
                            team.role(
                                    name + "-inline",
                                    r -> {
                                        r.setAssumeRolePolicyDocument(IamObjects.TRUST);
                                        r.setInlinePolicies(Map.of("grant", document));
                                    }));
                });
        TRUSTS.forEach(
                (name, trust) ->
                        team.create(team.role(name, r -> r.setAssumeRolePolicyDocument(trust))));
        env.api()
                .client()
                .serviceAccounts()
                .inNamespace(ATTACKER)
                .resource(
                        new ServiceAccountBuilder()
                                .withNewMetadata()
                                .withName("app")
                                .withNamespace(ATTACKER)
                                .endMetadata()
                                .build())
                .create();
        team.create(
                team.role(
                        "pods",
                        r -> {
                            r.setAssumeRolePolicyDocument(null);
                            r.setServiceAccounts(List.of("app"));
                        }));

        team.awaitReady(
                Role.class, "OrganizationAccountAccessRole", "False", "NotPermitted", TIMEOUT);
        for (String name : GRANTS.keySet()) {
            team.awaitReady(Policy.class, name, "False", "NotPermitted", TIMEOUT);
            team.awaitReady(Role.class, name + "-inline", "False", "NotPermitted", TIMEOUT);
        }
        for (String name : TRUSTS.keySet()) {
            team.awaitReady(Role.class, name, "False", "NotPermitted", TIMEOUT);
        }
        team.awaitReady(Role.class, "team-b-app", "False", "NotPermitted", TIMEOUT);
        team.awaitReady(Role.class, "escalate", "False", "NotPermitted", TIMEOUT);
        team.awaitReady(Role.class, "borrow", "False", "NotPermitted", TIMEOUT);
        team.awaitReady(User.class, "ci", "False", "NotPermitted", TIMEOUT);
        team.awaitReady(InstanceProfile.class, "hijack", "False", "NotPermitted", TIMEOUT);
        team.awaitReady(OpenIDConnectProvider.class, "issuer", "False", "NotPermitted", TIMEOUT);
        team.awaitReady(Policy.class, "owner", "False", "InvalidSpec", TIMEOUT);

        for (String victim :
                List.of(
                        "OrganizationAccountAccessRole",
                        "team-b-app",
                        "Admins",
                        "secrets",
                        "escalate",
                        "borrow",
                        "ci",
                        "hijack",
                        "owner",
                        "grant-",
                        "trust-")) {
            assertThat(mutationsNaming(victim))
                    .as("mutating IAM calls naming %s", victim)
                    .isEmpty();
        }
        assertThat(env.emulator().role("OrganizationAccountAccessRole").orElseThrow().tags())
                .isEmpty();
        assertThat(env.emulator().role("team-b-app").orElseThrow().tags())
                .containsEntry("iam.operator.dev/namespace", "team-b");
        assertThat(env.emulator().oidcProviders()).isEmpty();

        // What a tenant is meant to do instead: a role for its pods, trust written by the operator.
        Role pods = team.awaitReady(Role.class, "pods", TIMEOUT);
        assertThat(env.emulator().role("pods").orElseThrow().assumeRolePolicyDocument())
                .contains("system:serviceaccount:team-a:app")
                .contains(PROVIDER);
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () ->
                                assertThat(
                                                env.api()
                                                        .client()
                                                        .serviceAccounts()
                                                        .inNamespace(ATTACKER)
                                                        .withName("app")
                                                        .get()
                                                        .getMetadata()
                                                        .getAnnotations())
                                        .containsEntry(
                                                "eks.amazonaws.com/role-arn",
                                                pods.getStatus().getArn()));
    }

    private static <T extends ManagedResource<?, ?>> T adopting(T resource) {
        resource.getMetadata().setAnnotations(Map.of(ResourcePolicies.ADOPTION_POLICY, "adopt"));
        return resource;
    }

    /** Calls other than reads whose parameters name {@code victim}. */
    private static List<RecordedCall> mutationsNaming(String victim) {
        return env.emulator().calls().stream()
                .filter(c -> !c.action().startsWith("Get") && !c.action().startsWith("List"))
                // The one role the tenant may have, whose trust names a "Principal" ("ci").
                .filter(c -> !"pods".equals(c.params().get("RoleName")))
                .filter(c -> c.params().values().stream().anyMatch(v -> v.contains(victim)))
                .toList();
    }
}
