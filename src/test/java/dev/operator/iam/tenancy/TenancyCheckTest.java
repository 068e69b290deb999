package dev.operator.iam.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.operator.iam.config.OperatorConfig.UnselectedNamespaces;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attacks of the tenancy issue, each refused before any AWS call with the rule named, and the
 * positive controls that must keep working. Rules: TenantPolicy {@code team-a} for namespace {@code
 * team-a} of cluster {@code prod}: path {@code /prod/team-a/}, kinds Policy, Role, User, Group and
 * InstanceProfile, AWS managed ReadOnlyAccess allowed, boundary {@code tenant-boundary}.
 */
class TenancyCheckTest {

    private static final String ACCOUNT = "123456789012";
    private static final String BOUNDARY = "arn:aws:iam::" + ACCOUNT + ":policy/tenant-boundary";
    private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    private static final TenantRules RULES = rules(TenantPolicySpec.Adoption.Never, null);

    private static TenantRules rules(TenantPolicySpec.Adoption adoption, String namePrefix) {
        TenantPolicy p = policy("team-a", Map.of("team", "a"));
        p.getSpec().setKinds(List.of("Policy", "Role", "User", "Group", "InstanceProfile"));
        p.getSpec().setManagedPolicies(List.of("arn:aws:iam::aws:policy/ReadOnly*"));
        p.getSpec().setPermissionsBoundary(BOUNDARY);
        p.getSpec().setAdoption(adoption);
        p.getSpec().setNamePrefix(namePrefix);
        Governance g =
                Governances.of(
                        "team-a",
                        Map.of("team", "a"),
                        List.of(p),
                        "prod",
                        UnselectedNamespaces.DENY);
        return ((Governance.Governed) g).rules();
    }

    static TenantPolicy policy(String name, Map<String, String> selector) {
        TenantPolicy p = new TenantPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(1L).build());
        TenantPolicySpec spec = new TenantPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(selector).build());
        p.setSpec(spec);
        return p;
    }

    private static TenancyFacts role(String path, String boundary, List<String> policies) {
        return new TenancyFacts(
                "Role", "app", true, path, true, boundary, policies, List.of(), List.of());
    }

    private static Arguments refused(
            String attack, TenancyFacts facts, boolean adoption, int ahead, String... rule) {
        return argumentSet(attack, facts, adoption, ahead, List.of(rule));
    }

    private static Arguments allowed(String control, TenancyFacts facts) {
        return argumentSet(control, facts, false, 0, List.of());
    }

    static Stream<Arguments> objects() {
        return Stream.of(
                refused(
                        "adopting a role the operator never created"
                                + " (OrganizationAccountAccessRole): adoption is Never",
                        role(null, null, List.of()),
                        true,
                        0,
                        "does not allow adoption",
                        "adoption-policy"),
                refused(
                        "a Role with AdministratorAccess attached by ARN",
                        role(null, null, List.of("arn:aws:iam::aws:policy/AdministratorAccess")),
                        false,
                        0,
                        "arn:aws:iam::aws:policy/AdministratorAccess",
                        "spec.policyRefs"),
                refused(
                        "attaching another team's policy by ARN",
                        role(
                                null,
                                null,
                                List.of("arn:aws:iam::" + ACCOUNT + ":policy/prod/team-b/secrets")),
                        false,
                        0,
                        "team-b/secrets"),
                refused(
                        "attaching a policy at the root path that merely carries the tenant's name",
                        role(
                                null,
                                null,
                                List.of("arn:aws:iam::" + ACCOUNT + ":policy/team-a-admin")),
                        false,
                        0,
                        "team-a-admin"),
                refused(
                        "a User added to a group by name (Admins)",
                        new TenancyFacts(
                                "User",
                                "ci",
                                true,
                                null,
                                true,
                                null,
                                List.of(),
                                List.of(),
                                List.of("Admins")),
                        false,
                        0,
                        "group Admins",
                        "spec.groupRefs"),
                refused(
                        "an InstanceProfile naming another team's role",
                        new TenancyFacts(
                                "InstanceProfile",
                                "web",
                                true,
                                null,
                                false,
                                null,
                                List.of(),
                                List.of("team-b-node"),
                                List.of()),
                        false,
                        0,
                        "role team-b-node",
                        "spec.roleRef"),
                refused(
                        "registering an OpenIDConnectProvider for any issuer: kind not allowed",
                        TenancyFacts.of("OpenIDConnectProvider", "oidc"),
                        false,
                        0,
                        "does not allow the kind OpenIDConnectProvider"),
                refused(
                        "adopting the cluster's service-linked role: kind not allowed",
                        TenancyFacts.of("ServiceLinkedRole", "AWSServiceRoleForEKS"),
                        true,
                        0,
                        "does not allow the kind ServiceLinkedRole"),
                refused(
                        "an access key for a user: kind off by default (a long-lived secret)",
                        TenancyFacts.of("AccessKey", "team-a-ci"),
                        false,
                        0,
                        "does not allow the kind AccessKey"),
                refused(
                        "an explicit path outside the tenant's path",
                        role("/", null, List.of()),
                        false,
                        0,
                        "spec.path is /",
                        "/prod/team-a/"),
                refused(
                        "another team's path",
                        role("/prod/team-b/", null, List.of()),
                        false,
                        0,
                        "/prod/team-b/"),
                refused(
                        "a path that only starts like the tenant's (no trailing slash match)",
                        role("/prod/team-ab/", null, List.of()),
                        false,
                        0,
                        "/prod/team-ab/"),
                refused(
                        "naming another permissions boundary",
                        role(null, "arn:aws:iam::" + ACCOUNT + ":policy/weak", List.of()),
                        false,
                        0,
                        "remove spec.permissionsBoundary"),
                refused(
                        "one object more than maxObjectsPerKind",
                        role(null, null, List.of()),
                        false,
                        100,
                        "at most 100 Role"),
                allowed("a Role at the tenant's path by default", role(null, null, List.of())),
                allowed(
                        "a Role below the tenant's path",
                        role("/prod/team-a/apps/", null, List.of())),
                allowed("a Role naming the tenant's own boundary", role(null, BOUNDARY, List.of())),
                allowed(
                        "attaching the tenant's own policy by ARN",
                        role(
                                null,
                                null,
                                List.of("arn:aws:iam::" + ACCOUNT + ":policy/prod/team-a/read"))),
                allowed(
                        "attaching an AWS managed policy the TenantPolicy allows",
                        role(null, null, List.of(READ_ONLY))),
                allowed(
                        "the 100th object of a kind",
                        new TenancyFacts(
                                "Policy", "p", true, null, false, null, List.of(), List.of(),
                                List.of())));
    }

    @ParameterizedTest
    @MethodSource("objects")
    void decidesEveryObjectBeforeAnyAwsCall(
            TenancyFacts facts, boolean adoption, int ahead, List<String> rule) {
        List<String> problems = TenancyCheck.check(facts, RULES, adoption, ahead);
        if (rule.isEmpty()) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0)).startsWith("TenantPolicy team-a ");
            rule.forEach(part -> assertThat(problems.get(0)).contains(part));
        }
    }

    /** An access key is a long-lived secret: a tenant gets the kind only when the platform says. */
    @Test
    void accessKeysAreAKindATenantPolicyMayAllowButNotAmongTheDefaults() {
        assertThat(Governances.KINDS).contains("AccessKey");
        assertThat(new TenantPolicySpec().effectiveKinds()).doesNotContain("AccessKey");
    }

    @Test
    void aNamePrefixIsRequiredIgnoringCaseAsIamNamesAre() {
        TenantRules prefixed = rules(TenantPolicySpec.Adoption.Never, "{namespace}-");
        assertThat(TenancyCheck.check(role(null, null, List.of()), prefixed, false, 0))
                .singleElement()
                .asString()
                .contains("start with team-a-");
        TenancyFacts named =
                new TenancyFacts(
                        "Role",
                        "TEAM-A-app",
                        true,
                        null,
                        true,
                        null,
                        List.of(),
                        List.of(),
                        List.of());
        assertThat(TenancyCheck.check(named, prefixed, false, 0)).isEmpty();
    }

    @Test
    void withinPathAdoptionAllowsTheAnnotationButClaimsOnlyTheTenantsResources() {
        TenantRules within = rules(TenantPolicySpec.Adoption.WithinPath, null);
        assertThat(TenancyCheck.check(role(null, null, List.of()), within, true, 0)).isEmpty();

        assertThat(
                        TenancyCheck.mayClaim(
                                within,
                                true,
                                "arn:aws:iam::" + ACCOUNT + ":role/OrganizationAccountAccessRole",
                                null))
                .get()
                .asString()
                .contains("only resources at /prod/team-a/");
        assertThat(
                        TenancyCheck.mayClaim(
                                within,
                                true,
                                "arn:aws:iam::" + ACCOUNT + ":role/prod/team-a/app",
                                "namespace team-b"))
                .get()
                .asString()
                .contains("belongs to namespace team-b");
        assertThat(
                        TenancyCheck.mayClaim(
                                within,
                                true,
                                "arn:aws:iam::" + ACCOUNT + ":role/prod/team-a/app",
                                null))
                .isEqualTo(Optional.empty());
    }

    @Test
    void aNamespaceNoTenantPolicySelectsIsRefusedUnderDenyAndFreeUnderPrivileged() {
        TenantPolicy other = policy("team-b", Map.of("team", "b"));
        assertThat(
                        Governances.of(
                                "team-a",
                                Map.of("team", "a"),
                                List.of(other),
                                "prod",
                                UnselectedNamespaces.DENY))
                .isInstanceOfSatisfying(
                        Governance.Refused.class,
                        r ->
                                assertThat(r.message())
                                        .contains("no TenantPolicy selects namespace team-a"));
        assertThat(
                        Governances.of(
                                "team-a",
                                Map.of("team", "a"),
                                List.of(other),
                                "prod",
                                UnselectedNamespaces.PRIVILEGED))
                .isInstanceOf(Governance.Privileged.class);
    }

    @Test
    void twoTenantPoliciesSelectingOneNamespaceRefuseItNamingBoth() {
        TenantPolicy a = policy("apps", Map.of("team", "a"));
        TenantPolicy b = policy("everyone", Map.of());
        assertThat(
                        Governances.of(
                                "team-a",
                                Map.of("team", "a"),
                                List.of(b, a),
                                "prod",
                                UnselectedNamespaces.PRIVILEGED))
                .isInstanceOfSatisfying(
                        Governance.Refused.class,
                        r -> assertThat(r.message()).contains("apps, everyone"));
    }

    @Test
    void anInvalidTenantPolicyGovernsNothingAndIsNeverReadAsPrivileged() {
        TenantPolicy broken = policy("broken", Map.of());
        broken.getSpec().setPath("no-slashes");
        broken.getSpec().setPrivileged(true);
        assertThat(
                        Governances.of(
                                "team-a",
                                Map.of(),
                                List.of(broken),
                                "prod",
                                UnselectedNamespaces.PRIVILEGED))
                .isInstanceOfSatisfying(
                        Governance.Refused.class,
                        r ->
                                assertThat(r.message())
                                        .contains("TenantPolicy broken")
                                        .contains("spec.path"));
    }

    @Test
    void aPrivilegedTenantPolicyAppliesNoRule() {
        TenantPolicy platform = policy("platform", Map.of("platform", "true"));
        platform.getSpec().setPrivileged(true);
        assertThat(
                        Governances.of(
                                "iam-system",
                                Map.of("platform", "true"),
                                List.of(platform),
                                "prod",
                                UnselectedNamespaces.DENY))
                .isInstanceOf(Governance.Privileged.class);
    }

    @Test
    void labelSelectorsFollowKubernetes() {
        var in =
                new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey("tier")
                        .withOperator("In")
                        .withValues("apps", "batch")
                        .endMatchExpression()
                        .addNewMatchExpression()
                        .withKey("frozen")
                        .withOperator("DoesNotExist")
                        .endMatchExpression()
                        .build();
        assertThat(Governances.selects(in, Map.of("tier", "apps"))).isTrue();
        assertThat(Governances.selects(in, Map.of("tier", "web"))).isFalse();
        assertThat(Governances.selects(in, Map.of("tier", "apps", "frozen", "yes"))).isFalse();
        assertThat(Governances.selects(new LabelSelectorBuilder().build(), Map.of())).isTrue();
        assertThat(Governances.selects(null, Map.of())).isFalse();
    }

    @Test
    void reportsEveryProblemOfAnInvalidTenantPolicy() {
        TenantPolicySpec spec = policy("x", Map.of()).getSpec();
        spec.setKinds(List.of("Policy", "Bucket"));
        spec.setPermissionsBoundary("not-an-arn");
        spec.setManagedPolicies(List.of("ReadOnlyAccess"));
        spec.setNamePrefix("bad prefix");
        assertThat(Governances.problems(spec))
                .hasSize(4)
                .anySatisfy(p -> assertThat(p).contains("Bucket"))
                .anySatisfy(p -> assertThat(p).contains("spec.permissionsBoundary"))
                .anySatisfy(p -> assertThat(p).contains("spec.managedPolicies"))
                .anySatisfy(p -> assertThat(p).contains("spec.namePrefix"));
    }
}
