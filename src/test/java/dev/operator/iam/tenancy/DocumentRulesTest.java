package dev.operator.iam.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.operator.iam.config.OperatorConfig.UnselectedNamespaces;
import dev.operator.iam.role.ServiceAccountTrust;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a tenant's documents may grant and whom its roles may trust (issue: policy-content rules),
 * through {@link TenancyCheck#check}, the code path of the engine and the admission webhook. Each
 * row is a document, the verdict, and why it matters. Rules: TenantPolicy {@code team-a} for
 * namespace {@code team-a} of cluster {@code prod} (path {@code /prod/team-a/}), deniedActions as
 * given (the default {@code iam:*, sts:*, organizations:*, account:*} unless a row says otherwise),
 * trust.services {@code ec2.amazonaws.com}, trust.accounts {@code 111122223333}, the cluster's OIDC
 * provider {@code oidc.eks.eu-west-1.amazonaws.com/id/CLUSTER}.
 */
class DocumentRulesTest {

    static final String PROVIDER =
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/CLUSTER";
    static final String ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/CLUSTER";
    static final String OTHER_PROVIDER =
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OTHER";

    static TenantRules rules(List<String> deniedActions) {
        TenantPolicy p = TenancyCheckTest.policy("team-a", Map.of("team", "a"));
        if (deniedActions != null) {
            p.getSpec().setDeniedActions(deniedActions);
        }
        p.getSpec().getTrust().setServices(List.of("ec2.amazonaws.com"));
        p.getSpec().getTrust().setAccounts(List.of("111122223333"));
        Governance g =
                Governances.of(
                        "team-a",
                        Map.of("team", "a"),
                        List.of(p),
                        "prod",
                        UnselectedNamespaces.DENY,
                        PROVIDER);
        return ((Governance.Governed) g).rules();
    }

    static String allow(String actionJson, String resourceJson) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + actionJson
                + ",\"Resource\":"
                + resourceJson
                + "}]}";
    }

    static String allowNot(String notActionJson) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Broad\",\"Effect\":\"Allow\","
                + "\"NotAction\":"
                + notActionJson
                + ",\"Resource\":\"*\"}]}";
    }

    static String trust(String statementJson) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statementJson + "]}";
    }

    static String irsa(String conditionJson) {
        return trust(
                "{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                        + PROVIDER
                        + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":"
                        + conditionJson
                        + "}");
    }

    static String sub(String operator, String valueJson) {
        String aud = "\"" + ISSUER + ":aud\":\"sts.amazonaws.com\"";
        String subject = "\"" + ISSUER + ":sub\":" + valueJson;
        return operator.equals("StringEquals")
                ? "{\"StringEquals\":{" + subject + "," + aud + "}}"
                : "{\"" + operator + "\":{" + subject + "},\"StringEquals\":{" + aud + "}}";
    }

    private static Arguments permits(String why, List<String> denied, String document) {
        return argumentSet(why, false, denied, document, null);
    }

    private static Arguments refuses(
            String why, List<String> denied, String document, String messagePart) {
        return argumentSet(why, false, denied, document, messagePart);
    }

    private static Arguments trusts(String why, String document) {
        return argumentSet(why, true, null, document, null);
    }

    private static Arguments distrusts(String why, String document, String messagePart) {
        return argumentSet(why, true, null, document, messagePart);
    }

    static final String OWN_ROLE = "\"arn:aws:iam::123456789012:role/prod/team-a/app\"";
    static final List<String> CREATE_ONLY = List.of("iam:Create*");

    static Stream<Arguments> documents() {
        return Stream.of(
                // Actions: the wildcard and case rules of IAM, decided on the patterns.
                refuses(
                        "\"*\" grants every action, iam:* included",
                        null,
                        allow("\"*\"", "\"*\""),
                        "allows \"*\""),
                refuses(
                        "\"*:*\" is every service's every action",
                        null,
                        allow("\"*:*\"", "\"*\""),
                        "allows \"*:*\""),
                refuses(
                        "IAM compares actions ignoring case: IAM:Pass* is iam:PassRole",
                        null,
                        allow("\"IAM:Pass*\"", "\"*\""),
                        "\"iam:*\""),
                refuses(
                        "? stands for one character: i?m:* reaches iam:*",
                        null,
                        allow("\"i?m:*\"", "\"*\""),
                        "\"iam:*\""),
                refuses(
                        "a wildcard in the service prefix: *am:CreateUser",
                        null,
                        allow("\"*am:CreateUser\"", "\"*\""),
                        "\"iam:*\""),
                refuses(
                        "iam:Get* meets the denied iam:*",
                        null,
                        allow("\"iam:Get*\"", "\"*\""),
                        "\"iam:*\""),
                permits(
                        "iam:Get* cannot grant anything iam:Create* matches",
                        CREATE_ONLY,
                        allow("\"iam:Get*\"", "\"*\"")),
                refuses(
                        "iam:C* can grant iam:CreateUser, which iam:Create* denies",
                        CREATE_ONLY,
                        allow("\"iam:C*\"", "\"*\""),
                        "\"iam:Create*\""),
                refuses(
                        "iam:*User meets iam:Create* in iam:CreateUser",
                        CREATE_ONLY,
                        allow("\"iam:*User\"", "\"*\""),
                        "\"iam:Create*\""),
                permits(
                        "iam:?et* (Get, Set) cannot start with Create",
                        CREATE_ONLY,
                        allow("\"iam:?et*\"", "\"*\"")),
                refuses(
                        "sts:AssumeRole on * lets the workload become any role",
                        null,
                        allow("\"sts:AssumeRole\"", "\"*\""),
                        "\"sts:*\""),
                refuses(
                        "Action as a list: one denied entry among harmless ones",
                        null,
                        allow("[\"s3:GetObject\",\"organizations:LeaveOrganization\"]", "\"*\""),
                        "\"organizations:*\""),
                refuses(
                        "surrounding spaces do not hide an action",
                        null,
                        allow("\" iam:CreateUser \"", "\"*\""),
                        "\"iam:*\""),
                refuses(
                        "the dotless i folds to i when compared ignoring case",
                        null,
                        allow("\"\u0131am:*\"", "\"*\""),
                        "\"iam:*\""),
                permits(
                        "s3 actions are not denied",
                        null,
                        allow("[\"s3:GetObject\",\"s3:List*\"]", "\"arn:aws:s3:::orders/*\"")),
                permits(
                        "a service name that merely contains iam is another service",
                        null,
                        allow("\"xiam:Get*\"", "\"*\"")),
                permits(
                        "a Deny statement never grants, Deny * included",
                        null,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                                + "\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Allow\","
                                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"),
                permits(
                        "Statement as one object rather than a list is read the same",
                        null,
                        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                                + "\"Action\":\"dynamodb:*\",\"Resource\":\"*\"}}"),
                refuses(
                        "Statement as one object: its Allow iam:* is still refused",
                        null,
                        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                                + "\"Action\":\"iam:*\",\"Resource\":\"*\"}}",
                        "\"iam:*\""),
                // NotAction in an Allow grants everything it does not list.
                refuses(
                        "NotAction s3:* grants iam:* and everything else",
                        null,
                        allowNot("[\"s3:*\"]"),
                        "statement \"Broad\""),
                permits(
                        "NotAction covering every denied pattern grants none of them",
                        null,
                        allowNot("[\"iam:*\",\"sts:*\",\"organizations:*\",\"account:*\"]")),
                permits(
                        "NotAction with broader patterns in another case still covers them",
                        null,
                        allowNot("[\"IAM:*\",\"sts*\",\"organizations:*\",\"Account:*\"]")),
                refuses(
                        "NotAction iam:Get* leaves iam:CreateUser granted",
                        null,
                        allowNot("[\"iam:Get*\",\"sts:*\",\"organizations:*\",\"account:*\"]"),
                        "\"iam:*\""),
                refuses(
                        "NotAction missing one denied service (account:*)",
                        null,
                        allowNot("[\"iam:*\",\"sts:*\",\"organizations:*\"]"),
                        "\"account:*\""),
                permits(
                        "NotAction in a Deny only narrows",
                        null,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                                + "\"NotAction\":\"s3:*\",\"Resource\":\"*\"}]}"),
                // What tenants legitimately need: their own role handed to a service.
                permits(
                        "iam:PassRole on the tenant's own role (at its path) is allowed",
                        null,
                        allow("\"iam:PassRole\"", OWN_ROLE)),
                permits(
                        "iam:GetRole and iam:PassRole on every role below the tenant's path",
                        null,
                        allow(
                                "[\"iam:GetRole\",\"iam:PassRole\"]",
                                "\"arn:aws:iam::123456789012:role/prod/team-a/*\"")),
                refuses(
                        "iam:PassRole on every role would hand out other teams' roles",
                        null,
                        allow("\"iam:PassRole\"", "\"*\""),
                        "limit its Resource"),
                refuses(
                        "iam:PassRole on a path that only starts like the tenant's (team-ab)",
                        null,
                        allow(
                                "\"iam:PassRole\"",
                                "\"arn:aws:iam::123456789012:role/prod/team-a*\""),
                        "\"iam:*\""),
                refuses(
                        "iam:PassRole with a wildcard account is not the tenant's ARN",
                        null,
                        allow("\"iam:PassRole\"", "\"arn:aws:iam::*:role/prod/team-a/app\""),
                        "\"iam:*\""),
                refuses(
                        "iam:Pass* is a wildcard: only exact actions are excepted",
                        null,
                        allow("\"iam:Pass*\"", OWN_ROLE),
                        "\"iam:*\""),
                refuses(
                        "iam:UpdateAssumeRolePolicy on the tenant's own role would rewrite its"
                                + " trust past the rules",
                        null,
                        allow("\"iam:UpdateAssumeRolePolicy\"", OWN_ROLE),
                        "\"iam:*\""),
                refuses(
                        "iam:PassRole with NotResource grants every other role",
                        null,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"iam:PassRole\",\"NotResource\":"
                                + OWN_ROLE
                                + "}]}",
                        "\"iam:*\""),
                // Trust: whom a tenant's role may trust.
                distrusts(
                        "{\"AWS\": \"*\"} lets every AWS principal assume the role",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                                        + "\"Action\":\"sts:AssumeRole\"}"),
                        "trusts \"*\""),
                distrusts(
                        "Principal \"*\" is everyone",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":\"*\","
                                        + "\"Action\":\"sts:AssumeRole\"}"),
                        "trusts \"*\""),
                distrusts(
                        "a foreign account's root",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                                        + "\"arn:aws:iam::999988887777:root\"},"
                                        + "\"Action\":\"sts:AssumeRole\"}"),
                        "of account 999988887777"),
                trusts(
                        "an account of trust.accounts, by id and by role ARN",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"111122223333\","
                                        + "\"arn:aws:iam::111122223333:role/ci\"]},"
                                        + "\"Action\":\"sts:AssumeRole\"}")),
                distrusts(
                        "NotPrincipal in an Allow trusts everyone it does not list",
                        trust(
                                "{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":"
                                        + "\"111122223333\"},\"Action\":\"sts:AssumeRole\"}"),
                        "NotPrincipal"),
                trusts(
                        "a service of trust.services, in another case",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                                        + "\"EC2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}")),
                distrusts(
                        "a service not in trust.services (lambda)",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                                    + "\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}"),
                        "lambda.amazonaws.com"),
                distrusts(
                        "EKS Pod Identity without the namespace pinned: any namespace's pods",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                                        + "\"pods.eks.amazonaws.com\"},\"Action\":"
                                        + "[\"sts:AssumeRole\",\"sts:TagSession\"]}"),
                        "pods.eks.amazonaws.com"),
                trusts(
                        "EKS Pod Identity pinned to the namespace's session tag",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                                    + "\"pods.eks.amazonaws.com\"},\"Action\":"
                                    + "[\"sts:AssumeRole\",\"sts:TagSession\"],\"Condition\":"
                                    + "{\"StringEquals\":{\"aws:RequestTag/kubernetes-namespace\":"
                                    + "\"team-a\"}}}")),
                distrusts(
                        "EKS Pod Identity pinned to another namespace",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                                    + "\"pods.eks.amazonaws.com\"},\"Action\":"
                                    + "[\"sts:AssumeRole\",\"sts:TagSession\"],\"Condition\":"
                                    + "{\"StringEquals\":{\"aws:RequestTag/kubernetes-namespace\":"
                                    + "[\"team-a\",\"team-b\"]}}}"),
                        "pods.eks.amazonaws.com"),
                trusts(
                        "the cluster's provider for one ServiceAccount of the namespace",
                        irsa(sub("StringEquals", "\"system:serviceaccount:team-a:app\""))),
                distrusts(
                        "the cluster's provider for another namespace's ServiceAccount",
                        irsa(sub("StringEquals", "\"system:serviceaccount:team-b:app\"")),
                        ":sub to ServiceAccounts of namespace team-a"),
                distrusts(
                        "one value of the list reaching another namespace is enough to refuse",
                        irsa(
                                sub(
                                        "StringEquals",
                                        "[\"system:serviceaccount:team-a:app\","
                                                + "\"system:serviceaccount:team-b:app\"]")),
                        ":sub"),
                distrusts(
                        "StringLike system:serviceaccount:* matches every namespace",
                        irsa(sub("StringLike", "\"system:serviceaccount:*\"")),
                        ":sub"),
                trusts(
                        "StringLike system:serviceaccount:team-a:* stays in the namespace",
                        irsa(sub("StringLike", "\"system:serviceaccount:team-a:*\""))),
                distrusts(
                        "StringLike system:serviceaccount:team-a* reaches team-ab",
                        irsa(sub("StringLike", "\"system:serviceaccount:team-a*\"")),
                        ":sub"),
                distrusts(
                        "StringLike with ? in the namespace reaches team-b",
                        irsa(sub("StringLike", "\"system:serviceaccount:team-?:app\"")),
                        ":sub"),
                distrusts(
                        "StringEqualsIfExists lets a token without sub through",
                        irsa(sub("StringEqualsIfExists", "\"system:serviceaccount:team-a:app\"")),
                        ":sub"),
                distrusts(
                        "no :sub condition at all: every ServiceAccount of the cluster",
                        irsa("{\"StringEquals\":{\"" + ISSUER + ":aud\":\"sts.amazonaws.com\"}}"),
                        ":sub"),
                distrusts(
                        "a missing :aud accepts tokens minted for other audiences",
                        irsa(
                                "{\"StringEquals\":{\""
                                        + ISSUER
                                        + ":sub\":\"system:serviceaccount:team-a:app\"}}"),
                        ":aud"),
                trusts(
                        "condition keys compared ignoring case, as IAM does",
                        irsa(
                                "{\"StringEquals\":{\""
                                        + ISSUER.toUpperCase()
                                        + ":SUB\":\"system:serviceaccount:team-a:app\",\""
                                        + ISSUER
                                        + ":aud\":\"sts.amazonaws.com\"}}")),
                distrusts(
                        "another OIDC provider, whatever the condition",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                                        + OTHER_PROVIDER
                                        + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"}"),
                        "only one tenants may trust"),
                distrusts(
                        "the cluster's provider for sts:* (more than web identity)",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                                        + PROVIDER
                                        + "\"},\"Action\":\"sts:*\",\"Condition\":"
                                        + sub(
                                                "StringEquals",
                                                "\"system:serviceaccount:team-a:app\"")
                                        + "}"),
                        "may only be trusted for"),
                trusts(
                        "a Deny statement in a trust policy only narrows, even with *",
                        trust(
                                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\"},"
                                        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                                        + "\"111122223333\"},\"Action\":\"sts:AssumeRole\"}")),
                distrusts(
                        "a SAML provider (another federation)",
                        trust(
                                "{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":"
                                        + "\"arn:aws:iam::123456789012:saml-provider/corp\"},"
                                        + "\"Action\":\"sts:AssumeRoleWithSAML\"}"),
                        "saml-provider/corp"));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void decidesEachDocument(
            boolean trustPolicy, List<String> denied, String document, String messagePart) {
        TenancyFacts facts =
                trustPolicy
                        ? new TenancyFacts(
                                        "Role", "app", true, null, true, null, List.of(), List.of(),
                                        List.of())
                                .withTrustPolicy(document)
                        : TenancyFacts.of("Policy", "app")
                                .withPermissionDocuments(Map.of("spec.policyDocument", document));
        List<String> problems = TenancyCheck.check(facts, rules(denied), false, 0);
        if (messagePart == null) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0)).startsWith("TenantPolicy team-a ").contains(messagePart);
        }
    }

    @Test
    void namesTheStatementTheActionAndTheDeniedPattern() {
        String document =
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"s3:*\",\"Resource\":\"*\"},{\"Sid\":\"Admin\","
                        + "\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"IAM:Pass*\"],"
                        + "\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":\"sts:Assume*\","
                        + "\"Resource\":\"*\"}]}";
        List<String> problems =
                TenancyCheck.check(
                        TenancyFacts.of("Role", "app")
                                .withPermissionDocuments(
                                        Map.of("spec.inlinePolicies[admin]", document)),
                        rules(null),
                        false,
                        0);
        assertThat(problems)
                .containsExactly(
                        "TenantPolicy team-a denies actions matching \"iam:*\" in namespace team-a,"
                                + " and statement \"Admin\" of spec.inlinePolicies[admin] allows"
                                + " \"IAM:Pass*\", which can grant them: narrow the action",
                        "TenantPolicy team-a denies actions matching \"sts:*\" in namespace team-a,"
                                + " and statement 2 (counting from 0) of"
                                + " spec.inlinePolicies[admin] allows \"sts:Assume*\", which can"
                                + " grant them: narrow the action");
    }

    @Test
    void theTrustTheOperatorWritesForServiceAccountsPassesTheRules() {
        // The same generator the Role adapter uses; held to the same rules as a tenant's own.
        String irsa =
                ServiceAccountTrust.document(
                        "team-a",
                        List.of("app", "worker"),
                        ServiceAccountTrust.Method.Both,
                        PROVIDER);
        TenancyFacts facts = TenancyFacts.of("Role", "app").withTrustPolicy(irsa);
        assertThat(TenancyCheck.check(facts, rules(null), false, 0)).isEmpty();
        String elsewhere =
                ServiceAccountTrust.document(
                        "team-b", List.of("app"), ServiceAccountTrust.Method.Both, PROVIDER);
        assertThat(
                        TenancyCheck.check(
                                TenancyFacts.of("Role", "app").withTrustPolicy(elsewhere),
                                rules(null),
                                false,
                                0))
                .hasSize(2);
    }
}
