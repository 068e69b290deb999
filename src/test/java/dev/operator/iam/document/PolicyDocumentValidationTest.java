package dev.operator.iam.document;

import static dev.operator.iam.document.DocumentKind.IDENTITY_POLICY;
import static dev.operator.iam.document.DocumentKind.TRUST_POLICY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyDocumentValidationTest {

    /** JSON written with single quotes, to keep the tables readable. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static Arguments row(
            String reason, DocumentKind kind, String document, String expectedProblem) {
        return argumentSet(reason, kind, json(document), json(expectedProblem));
    }

    private static Arguments valid(String reason, DocumentKind kind, String document) {
        return argumentSet(reason, kind, json(document));
    }

    /** A row whose expected problem quotes Jackson, which uses single quotes itself. */
    private static Arguments jacksonRow(String reason, String document, String expectedProblem) {
        return argumentSet(reason, IDENTITY_POLICY, json(document), expectedProblem);
    }

    static Stream<Arguments> validDocuments() {
        String oidcProvider = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
        return Stream.of(
                valid(
                        "identity policy with one statement object",
                        IDENTITY_POLICY,
                        "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                            + "'Resource':'arn:aws:s3:::bucket/*'}}"),
                valid(
                        "identity policy with Sids, NotAction, NotResource and a condition",
                        IDENTITY_POLICY,
                        "{'Version':'2012-10-17','Id':'Readers','Statement':["
                            + "{'Sid':'Read','Effect':'Allow','Action':['s3:GetObject','s3:ListBucket'],"
                            + "'Resource':['arn:aws:s3:::bucket','arn:aws:s3:::bucket/*'],"
                            + "'Condition':{'Bool':{'aws:SecureTransport':true},"
                            + "'IpAddress':{'aws:SourceIp':['10.0.0.0/8']}}},"
                            + "{'Sid':'DenyRest','Effect':'Deny','NotAction':'s3:*',"
                            + "'NotResource':'*'}]}"),
                valid(
                        "identity policy without Version",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':'*','Resource':'*'}]}"),
                valid(
                        "trust policy for a service",
                        TRUST_POLICY,
                        "{'Version':'2012-10-17','Statement':[{'Effect':'Allow',"
                            + "'Principal':{'Service':['ec2.amazonaws.com','lambda.amazonaws.com']},"
                            + "'Action':'sts:AssumeRole'}]}"),
                valid(
                        "trust policy for IRSA with a condition",
                        TRUST_POLICY,
                        "{'Version':'2012-10-17','Statement':{'Sid':'irsa-web','Effect':'Allow',"
                            + "'Principal':{'Federated':'arn:aws:iam::111122223333:oidc-provider/"
                                + oidcProvider
                                + "'},'Action':'sts:AssumeRoleWithWebIdentity',"
                                + "'Condition':{'StringEquals':{'"
                                + oidcProvider
                                + ":sub':"
                                + "'system:serviceaccount:default:web'}}}}"),
                valid(
                        "trust policy for anyone, with an account condition",
                        TRUST_POLICY,
                        "{'Statement':{'Effect':'Allow','Principal':'*','Action':['sts:AssumeRole',"
                            + "'sts:TagSession'],"
                            + "'Condition':{'StringEquals':{'aws:PrincipalAccount':'111122223333'}}}}"),
                valid(
                        "trust policy over 6144 characters (its quota can be raised)",
                        TRUST_POLICY,
                        "{'Statement':{'Effect':'Allow','Principal':{'AWS':"
                                + accounts(600)
                                + "},"
                                + "'Action':'sts:AssumeRole'}}"));
    }

    static Stream<Arguments> invalidDocuments() {
        return Stream.of(
                jacksonRow(
                        "not JSON",
                        "{'Version': '2012-10-17',\n  'Statement': [\n  }",
                        "policyDocument is not valid JSON: Unexpected close marker '}': expected"
                            + " ']' (for Array starting at line 2, column 16) at line 3, column 3"),
                row("empty text", IDENTITY_POLICY, "  ", "policyDocument is empty"),
                jacksonRow(
                        "duplicate key",
                        "{'Statement':{'Effect':'Allow','Effect':'Deny','Action':'*','Resource':'*'}}",
                        "policyDocument is not valid JSON: Duplicate field 'Effect' at line 1,"
                                + " column 40"),
                row(
                        "top level is an array",
                        IDENTITY_POLICY,
                        "[{'Effect':'Allow','Action':'*','Resource':'*'}]",
                        "policyDocument must be a JSON object, found an array"),
                row(
                        "unknown top-level key",
                        IDENTITY_POLICY,
                        "{'Comment':'x','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
                        "policyDocument has unknown key 'Comment'; allowed keys are Version, Id,"
                                + " Statement"),
                row(
                        "top-level key in the wrong case",
                        IDENTITY_POLICY,
                        "{'statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
                        "policyDocument has unknown key 'statement' (did you mean 'Statement'? keys"
                                + " are case-sensitive); allowed keys are Version, Id, Statement"),
                row(
                        "unsupported Version",
                        IDENTITY_POLICY,
                        "{'Version':'2012-10-18','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
                        "policyDocument.Version must be '2012-10-17' or '2008-10-17', found"
                                + " '2012-10-18'"),
                row(
                        "Id is not a string",
                        IDENTITY_POLICY,
                        "{'Id':7,'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
                        "policyDocument.Id must be a string, found 7"),
                row(
                        "missing Statement",
                        IDENTITY_POLICY,
                        "{'Version':'2012-10-17'}",
                        "policyDocument must have a 'Statement'"),
                row(
                        "empty Statement array",
                        IDENTITY_POLICY,
                        "{'Statement':[]}",
                        "policyDocument.Statement must be an object or a non-empty array of"
                                + " objects, found an empty array"),
                row(
                        "Statement element is not an object",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':'*','Resource':'*'},'s3:*']}",
                        "policyDocument.Statement[1] must be an object, found 's3:*'"),
                row(
                        "Effect in the wrong case",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':'*','Resource':'*'},"
                                + "{'Effect':'allow','Action':'*','Resource':'*'}]}",
                        "policyDocument.Statement[1] must have 'Effect': 'Allow' or 'Deny', found"
                                + " 'allow'"),
                row(
                        "missing Effect",
                        IDENTITY_POLICY,
                        "{'Statement':{'Action':'*','Resource':'*'}}",
                        "policyDocument.Statement must have 'Effect': 'Allow' or 'Deny'"),
                row(
                        "unknown statement key",
                        IDENTITY_POLICY,
                        "{'Statement':{'Effect':'Allow','Actions':'*','Resource':'*'}}",
                        "policyDocument.Statement has unknown key 'Actions'; allowed keys are Sid,"
                                + " Effect, Principal, NotPrincipal, Action, NotAction, Resource,"
                                + " NotResource, Condition"),
                row(
                        "Action is a number",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':42,'Resource':'*'}]}",
                        "policyDocument.Statement[0].Action must be a string or an array of"
                                + " strings, found 42"),
                row(
                        "Action array holds a non-string",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':['s3:GetObject',{'s3':'Put'}],"
                                + "'Resource':'*'}]}",
                        "policyDocument.Statement[0].Action[1] must be a string, found an object"),
                row(
                        "empty NotResource array",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':'*','NotResource':[]}]}",
                        "policyDocument.Statement[0].NotResource must not be an empty array"),
                row(
                        "both Action and NotAction",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':'s3:*','NotAction':'iam:*',"
                                + "'Resource':'*'}]}",
                        "policyDocument.Statement[0] must not have both 'Action' and 'NotAction'"),
                row(
                        "identity policy without actions",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Resource':'*'}]}",
                        "policyDocument.Statement[0] must have 'Action' or 'NotAction'"),
                row(
                        "identity policy without resources",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':'s3:*'}]}",
                        "policyDocument.Statement[0] must have 'Resource' or 'NotResource'"),
                row(
                        "identity policy with a Principal",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}]}",
                        "policyDocument.Statement[0] must not have 'Principal' (an identity policy"
                                + " applies to whoever it is attached to)"),
                row(
                        "Sid is not a string",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Sid':1,'Effect':'Allow','Action':'*','Resource':'*'}]}",
                        "policyDocument.Statement[0].Sid must be a string, found 1"),
                row(
                        "identity Sid with a dash",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Sid':'read-all','Effect':'Allow','Action':'*','Resource':'*'}]}",
                        "policyDocument.Statement[0].Sid must contain only letters and digits,"
                                + " found 'read-all'"),
                row(
                        "identity Sids repeated",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Sid':'A','Effect':'Allow','Action':'s3:*','Resource':'*'},"
                                + "{'Sid':'A','Effect':'Deny','Action':'iam:*','Resource':'*'}]}",
                        "policyDocument.Statement[1].Sid 'A' is already used by "
                                + "policyDocument.Statement[0].Sid; "
                                + "Sids must be unique"),
                row(
                        "Condition is an array",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':'*','Resource':'*','Condition':[]}]}",
                        "policyDocument.Statement[0].Condition must be an object such as"
                            + " {'StringEquals': {'aws:SourceAccount': '123456789012'}}, found an"
                            + " empty array"),
                row(
                        "condition operator without keys",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':'*','Resource':'*','Condition':"
                                + "{'Bool':true}}]}",
                        "policyDocument.Statement[0].Condition.Bool must be an object of condition"
                                + " keys to values, found true"),
                row(
                        "condition key with an object value",
                        IDENTITY_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':'*','Resource':'*',"
                                + "'Condition':{'StringEquals':{'aws:username':{'a':'b'}}}}]}",
                        "policyDocument.Statement[0].Condition.StringEquals.aws:username must be a"
                                + " string, number, boolean or a non-empty array of them, found an"
                                + " object"),
                row(
                        "managed policy over 6144 characters",
                        IDENTITY_POLICY,
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                                + "'Resource':"
                                + buckets(400)
                                + "}}",
                        "policyDocument is 11159 characters long excluding whitespace; IAM allows"
                                + " at most 6144 for a managed policy"),
                row(
                        "trust policy without a principal",
                        TRUST_POLICY,
                        "{'Statement':[{'Effect':'Allow','Action':'sts:AssumeRole'}]}",
                        "assumeRolePolicyDocument.Statement[0] must have 'Principal' or"
                                + " 'NotPrincipal'"),
                row(
                        "trust policy without actions",
                        TRUST_POLICY,
                        "{'Statement':[{'Effect':'Allow','Principal':{'Service':'ec2.amazonaws.com'}}]}",
                        "assumeRolePolicyDocument.Statement[0] must have 'Action' or 'NotAction'"),
                row(
                        "trust policy with a Resource",
                        TRUST_POLICY,
                        "{'Statement':[{'Effect':'Allow','Principal':{'Service':'ec2.amazonaws.com'},"
                            + "'Action':'sts:AssumeRole','Resource':'*'}]}",
                        "assumeRolePolicyDocument.Statement[0] must not have 'Resource' (the"
                                + " resource of a trust policy is the role itself)"),
                row(
                        "trust principal is an ARN string",
                        TRUST_POLICY,
                        "{'Statement':[{'Effect':'Allow','Principal':'arn:aws:iam::111122223333:root',"
                            + "'Action':'sts:AssumeRole'}]}",
                        "assumeRolePolicyDocument.Statement[0].Principal must be '*' or an object"
                                + " such as {'AWS': 'arn:aws:iam::123456789012:root'}, found "
                                + "'arn:aws:iam::111122223333:root'"),
                row(
                        "trust principal type in the wrong case",
                        TRUST_POLICY,
                        "{'Statement':[{'Effect':'Allow','Principal':{'Aws':'111122223333'},"
                                + "'Action':'sts:AssumeRole'}]}",
                        "assumeRolePolicyDocument.Statement[0].Principal has unknown principal type"
                            + " 'Aws' (did you mean 'AWS'? keys are case-sensitive); allowed types"
                            + " are AWS, Service, Federated, CanonicalUser"),
                row(
                        "trust principal values are not strings",
                        TRUST_POLICY,
                        "{'Statement':[{'Effect':'Allow','Principal':{'Service':['ec2.amazonaws.com',null]},"
                            + "'Action':'sts:AssumeRole'}]}",
                        "assumeRolePolicyDocument.Statement[0].Principal.Service[1] must be a"
                                + " string, found null"));
    }

    @ParameterizedTest
    @MethodSource("validDocuments")
    void acceptsValidDocuments(DocumentKind kind, String document) {
        ValidationResult result = PolicyDocumentValidator.validate(document, kind);

        assertThat(result.problems()).isEmpty();
        assertThat(result.isValid()).isTrue();
        assertThat(result.document().path("Statement").isMissingNode()).isFalse();
        assertThat(result.summary()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("invalidDocuments")
    void reportsWhatToFix(DocumentKind kind, String document, String expectedProblem) {
        ValidationResult result = PolicyDocumentValidator.validate(document, kind);

        assertThat(result.isValid()).isFalse();
        assertThat(result.problems()).contains(expectedProblem);
        assertThat(result.problems())
                .allSatisfy(problem -> assertThat(problem).doesNotContain("\n"));
    }

    @Test
    void reportsEveryProblemUnderTheGivenFieldName() {
        ValidationResult result =
                PolicyDocumentValidator.validate(
                        json(
                                "{'Version':'1','Statement':[{'Effect':'Allow'},{'Effect':'Deny','Action':'*',"
                                    + "'Resource':'*'}]}"),
                        IDENTITY_POLICY,
                        "spec.policyDocument");

        assertThat(result.problems())
                .containsExactly(
                        json(
                                "spec.policyDocument.Version must be '2012-10-17' or '2008-10-17',"
                                        + " found '1'"),
                        json("spec.policyDocument.Statement[0] must have 'Action' or 'NotAction'"),
                        json(
                                "spec.policyDocument.Statement[0] must have 'Resource' or"
                                        + " 'NotResource'"));
        assertThat(result.summary()).isEqualTo(String.join("; ", result.problems()));
    }

    @Test
    void invalidResultHasNoDocument() {
        ValidationResult result = PolicyDocumentValidator.validate("{}", TRUST_POLICY);

        assertThatThrownBy(result::document)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "document is not valid: assumeRolePolicyDocument must have a"
                                + " \"Statement\"");
    }

    @Test
    void managedPolicyAtTheSizeLimitIsValid() {
        String prefix = json("{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'");
        String suffix = json("'}}");
        int limit = PolicyDocumentValidator.MANAGED_POLICY_MAX_CHARS;
        String compact = prefix + "r".repeat(limit - prefix.length() - suffix.length()) + suffix;
        String atLimit = compact.replace(",", ",\n    ");
        String overLimit = atLimit.replace(suffix, "r" + suffix);

        assertThat(PolicyDocumentValidator.validate(atLimit, IDENTITY_POLICY).isValid()).isTrue();
        assertThat(PolicyDocumentValidator.validate(overLimit, IDENTITY_POLICY).summary())
                .startsWith("policyDocument is 6145 characters long excluding whitespace");
    }

    private static String buckets(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "'arn:aws:s3:::bucket-" + i + "/*'")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String accounts(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "'" + (111122220000L + i) + "'")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
