package dev.operator.iam.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyDocumentTest {

    /** JSON written with single quotes, to keep the tables readable. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static Arguments pair(String reason, String first, String second) {
        return argumentSet(reason, json(first), json(second));
    }

    static Stream<Arguments> equivalentPairs() {
        return Stream.of(
                pair(
                        "whitespace and key order",
                        "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:GetObject',"
                            + "'Resource':'*'}]}",
                        "{\n"
                                + "  'Statement': [ { 'Resource': '*', 'Action': 's3:GetObject',"
                                + " 'Effect': 'Allow' } ],\n"
                                + "  'Version': '2012-10-17'\n"
                                + "}"),
                pair(
                        "statement order",
                        "{'Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'},"
                                + "{'Effect':'Deny','Action':'s3:DeleteObject','Resource':'*'}]}",
                        "{'Statement':[{'Effect':'Deny','Action':'s3:DeleteObject','Resource':'*'},"
                                + "{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}]}"),
                pair(
                        "order of actions",
                        "{'Statement':{'Effect':'Allow','Action':['s3:GetObject','s3:PutObject'],"
                                + "'Resource':'*'}}",
                        "{'Statement':{'Effect':'Allow','Action':['s3:PutObject','s3:GetObject'],"
                                + "'Resource':'*'}}"),
                pair(
                        "order of resources",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':['arn:aws:s3:::a',"
                            + "'arn:aws:s3:::b']}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':['arn:aws:s3:::b',"
                            + "'arn:aws:s3:::a']}}"),
                pair(
                        "single action string vs one-element array",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}",
                        "{'Statement':{'Effect':'Allow','Action':['s3:GetObject'],'Resource':'*'}}"),
                pair(
                        "single resource string vs one-element array",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                                + "'Resource':'arn:aws:s3:::a/*'}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                                + "'Resource':['arn:aws:s3:::a/*']}}"),
                pair(
                        "single statement object vs one-element array",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}",
                        "{'Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}]}"),
                pair(
                        "duplicate values in an array",
                        "{'Statement':{'Effect':'Allow','Action':['s3:GetObject','s3:GetObject'],"
                                + "'Resource':'*'}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}"),
                pair(
                        "duplicate statements",
                        "{'Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'},"
                                + "{'Resource':'*','Action':['s3:GetObject'],'Effect':'Allow'}]}",
                        "{'Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}]}"),
                pair(
                        "action names are case-insensitive",
                        "{'Statement':{'Effect':'Allow','Action':'s3:getobject','Resource':'*'}}",
                        "{'Statement':{'Effect':'Allow','Action':'S3:GetObject','Resource':'*'}}"),
                pair(
                        "NotAction order and case",
                        "{'Statement':{'Effect':'Deny','NotAction':['iam:*','S3:*'],'Resource':'*'}}",
                        "{'Statement':{'Effect':'Deny','NotAction':['s3:*','IAM:*'],'Resource':'*'}}"),
                pair(
                        "principal as a string vs one-element array",
                        "{'Statement':{'Effect':'Allow','Principal':"
                                + "{'AWS':'arn:aws:iam::111122223333:role/a'},"
                                + "'Action':'sts:AssumeRole'}}",
                        "{'Statement':{'Effect':'Allow','Principal':"
                                + "{'AWS':['arn:aws:iam::111122223333:role/a']},"
                                + "'Action':'sts:AssumeRole'}}"),
                pair(
                        "order of principals and principal types",
                        "{'Statement':{'Effect':'Allow','Principal':{'Service':'ec2.amazonaws.com',"
                                + "'AWS':['arn:aws:iam::111122223333:role/a',"
                                + "'arn:aws:iam::111122223333:role/b']},"
                                + "'Action':'sts:AssumeRole'}}",
                        "{'Statement':{'Effect':'Allow','Principal':{"
                                + "'AWS':['arn:aws:iam::111122223333:role/b',"
                                + "'arn:aws:iam::111122223333:role/a'],"
                                + "'Service':['ec2.amazonaws.com']},'Action':'sts:AssumeRole'}}"),
                pair(
                        "account ID vs the account's root ARN, as IAM rewrites it",
                        "{'Statement':{'Effect':'Allow','Principal':{'AWS':'111122223333'},"
                                + "'Action':'sts:AssumeRole'}}",
                        "{'Statement':{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:root'},"
                            + "'Action':'sts:AssumeRole'}}"),
                pair(
                        "order of condition values and operators",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*','Condition':{"
                            + "'IpAddress':{'aws:SourceIp':['10.0.0.0/8','192.168.0.0/16']},"
                            + "'Bool':{'aws:SecureTransport':'true'}}}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*','Condition':{"
                            + "'Bool':{'aws:SecureTransport':'true'},"
                            + "'IpAddress':{'aws:SourceIp':['192.168.0.0/16','10.0.0.0/8']}}}}"),
                pair(
                        "condition value string vs one-element array",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                                + "'Condition':{'StringEquals':{'aws:PrincipalTag/team':'blue'}}}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                            + "'Condition':{'StringEquals':{'aws:PrincipalTag/team':['blue']}}}}"),
                pair(
                        "condition key names are case-insensitive",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                            + "'Condition':{'StringEquals':{'aws:SourceAccount':'111122223333'}}}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                            + "'Condition':{'StringEquals':{'AWS:sourceaccount':'111122223333'}}}}"),
                pair(
                        "boolean condition value vs its string",
                        "{'Statement':{'Effect':'Deny','Action':'s3:*','Resource':'*',"
                                + "'Condition':{'Bool':{'aws:SecureTransport':false}}}}",
                        "{'Statement':{'Effect':'Deny','Action':'s3:*','Resource':'*',"
                                + "'Condition':{'Bool':{'aws:SecureTransport':'false'}}}}"),
                pair(
                        "missing Version means 2008-10-17",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}",
                        "{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                            + "'Resource':'*'}}"),
                pair(
                        "same Sid and Id",
                        "{'Id':'p1','Statement':{'Sid':'Read','Effect':'Allow','Action':'s3:GetObject',"
                            + "'Resource':'*'}}",
                        "{'Statement':[{'Resource':['*'],'Action':['s3:GetObject'],'Effect':'Allow',"
                            + "'Sid':'Read'}],'Id':'p1'}"));
    }

    static Stream<Arguments> differentPairs() {
        return Stream.of(
                pair(
                        "different action",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:PutObject','Resource':'*'}}"),
                pair(
                        "an extra action",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}",
                        "{'Statement':{'Effect':'Allow','Action':['s3:GetObject','s3:PutObject'],"
                                + "'Resource':'*'}}"),
                pair(
                        "Action vs NotAction",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}",
                        "{'Statement':{'Effect':'Allow','NotAction':'s3:GetObject','Resource':'*'}}"),
                pair(
                        "different effect",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}",
                        "{'Statement':{'Effect':'Deny','Action':'s3:GetObject','Resource':'*'}}"),
                pair(
                        "different resource",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                                + "'Resource':'arn:aws:s3:::a/*'}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                                + "'Resource':'arn:aws:s3:::b/*'}}"),
                pair(
                        "resource ARNs are case-sensitive",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                                + "'Resource':'arn:aws:s3:::a/Key'}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                                + "'Resource':'arn:aws:s3:::a/key'}}"),
                pair(
                        "an extra statement",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}",
                        "{'Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'},"
                                + "{'Effect':'Deny','Action':'s3:DeleteObject','Resource':'*'}]}"),
                pair(
                        "different condition operator",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                                + "'Condition':{'StringEquals':{'aws:PrincipalTag/team':'blue'}}}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                                + "'Condition':{'StringLike':{'aws:PrincipalTag/team':'blue'}}}}"),
                pair(
                        "condition operator names are case-sensitive",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                                + "'Condition':{'StringEquals':{'aws:PrincipalTag/team':'blue'}}}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                            + "'Condition':{'stringequals':{'aws:PrincipalTag/team':'blue'}}}}"),
                pair(
                        "different condition key",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                                + "'Condition':{'StringEquals':{'aws:PrincipalTag/team':'blue'}}}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                                + "'Condition':{'StringEquals':{'aws:ResourceTag/team':'blue'}}}}"),
                pair(
                        "different condition values (case kept)",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                                + "'Condition':{'StringEquals':{'aws:PrincipalTag/team':'blue'}}}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                            + "'Condition':{'StringEquals':{'aws:PrincipalTag/team':'Blue'}}}}"),
                pair(
                        "a condition only on one side",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*'}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
                                + "'Condition':{'Bool':{'aws:SecureTransport':'true'}}}}"),
                pair(
                        "missing Version vs 2012-10-17",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}",
                        "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                            + "'Resource':'*'}}"),
                pair(
                        "Version 2008-10-17 vs 2012-10-17",
                        "{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                            + "'Resource':'*'}}",
                        "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                            + "'Resource':'*'}}"),
                pair(
                        "different Sid",
                        "{'Statement':{'Sid':'Read','Effect':'Allow','Action':'s3:GetObject',"
                                + "'Resource':'*'}}",
                        "{'Statement':{'Sid':'ReadObjects','Effect':'Allow','Action':'s3:GetObject',"
                            + "'Resource':'*'}}"),
                pair(
                        "Sid only on one side",
                        "{'Statement':{'Sid':'Read','Effect':'Allow','Action':'s3:GetObject',"
                                + "'Resource':'*'}}",
                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}"),
                pair(
                        "different Id",
                        "{'Id':'p1','Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}",
                        "{'Id':'p2','Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}"),
                pair(
                        "different service principal",
                        "{'Statement':{'Effect':'Allow','Principal':{'Service':'ec2.amazonaws.com'},"
                            + "'Action':'sts:AssumeRole'}}",
                        "{'Statement':{'Effect':'Allow','Principal':{'Service':'lambda.amazonaws.com'},"
                            + "'Action':'sts:AssumeRole'}}"),
                pair(
                        "account root vs a role in that account",
                        "{'Statement':{'Effect':'Allow','Principal':{'AWS':'111122223333'},"
                                + "'Action':'sts:AssumeRole'}}",
                        "{'Statement':{'Effect':'Allow','Principal':"
                                + "{'AWS':'arn:aws:iam::111122223333:role/a'},"
                                + "'Action':'sts:AssumeRole'}}"),
                pair(
                        "Principal '*' vs {'AWS': '*'} (kept apart, conservatively)",
                        "{'Statement':{'Effect':'Allow','Principal':'*','Action':'sts:AssumeRole'}}",
                        "{'Statement':{'Effect':'Allow','Principal':{'AWS':'*'},"
                                + "'Action':'sts:AssumeRole'}}"));
    }

    @ParameterizedTest
    @MethodSource("equivalentPairs")
    void equivalentDocuments(String first, String second) {
        assertThat(PolicyDocuments.equivalent(first, second)).isTrue();
        assertThat(PolicyDocuments.equivalent(second, first)).isTrue();
        assertThat(PolicyDocuments.canonical(first)).isEqualTo(PolicyDocuments.canonical(second));
        assertThat(PolicyDocuments.firstDifference(first, second)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("differentPairs")
    void differentDocuments(String first, String second) {
        assertThat(PolicyDocuments.equivalent(first, second)).isFalse();
        assertThat(PolicyDocuments.equivalent(second, first)).isFalse();
        assertThat(PolicyDocuments.canonical(first))
                .isNotEqualTo(PolicyDocuments.canonical(second));
        assertThat(PolicyDocuments.firstDifference(first, second)).isPresent();
        assertThat(PolicyDocuments.firstDifference(second, first)).isPresent();
    }

    @Test
    void documentFromAwsIsEquivalentToTheOneSubmitted() {
        String submitted =
                json(
                        """
                        {
                          "Version": "2012-10-17",
                          "Statement": {
                            "Effect": "Allow",
                            "Principal": {"AWS": "111122223333"},
                            "Action": "sts:AssumeRole"
                          }
                        }\
                        """);
        String wire =
                "%7B%22Version%22%3A%222012-10-17%22"
                    + "%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22"
                    + "%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A111122223333%3Aroot%22%7D%2C"
                    + "%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";

        assertThat(PolicyDocuments.equivalent(submitted, AwsDocuments.decodeFromAws(wire)))
                .isTrue();
    }

    @Test
    void canonicalFormIsCompactSortedAndExplicit() {
        String document =
                json(
                        "{'Statement':{'Resource':'*','Effect':'Allow','Action':['S3:Put*',"
                                + "'s3:Get*']}}");

        assertThat(PolicyDocuments.canonical(document))
                .isEqualTo(
                        json(
                                "{'Statement':[{'Action':['s3:get*','s3:put*'],'Effect':'Allow','Resource':['*']}],"
                                    + "'Version':'2008-10-17'}"));
    }

    @Test
    void normaliseLeavesItsInputUnchanged() throws Exception {
        JsonNode document =
                new ObjectMapper()
                        .readTree(
                                json(
                                        "{'Statement':{'Effect':'Allow','Action':['s3:PutObject','S3:GetObject'],'Resource':'*'}}"));
        JsonNode copy = document.deepCopy();

        PolicyDocuments.normalise(document);

        assertThat(document).isEqualTo(copy);
    }

    @Test
    void firstDifferenceNamesTheVersion() {
        assertThat(
                        PolicyDocuments.firstDifference(
                                json(
                                        "{'Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}}"),
                                json(
                                        "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                                            + "'Resource':'*'}}")))
                .contains("Version differs: \"2008-10-17\" vs \"2012-10-17\"");
    }

    @Test
    void firstDifferenceShowsTheStatementOnlyInOneDocument() {
        String read = "{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}";
        String delete = "{'Effect':'Deny','Action':'s3:DeleteObject','Resource':'*'}";

        assertThat(
                        PolicyDocuments.firstDifference(
                                json("{'Statement':[" + read + "]}"),
                                json("{'Statement':[" + read + "," + delete + "]}")))
                .contains(
                        json(
                                "statement only in the second document: "
                                    + "{'Action':['s3:deleteobject'],'Effect':'Deny','Resource':['*']}"));
    }

    @Test
    void rejectsTextThatIsNotAJsonObject() {
        assertThatThrownBy(() -> PolicyDocuments.equivalent("{}", "{\"Statement\": ["))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageStartingWith("second policy document is not valid JSON: ");
        assertThatThrownBy(() -> PolicyDocuments.canonical("{Statement: []}"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage(
                        "policy document is not valid JSON: Unexpected character ('S' (code 83)):"
                            + " was expecting double-quote to start field name at line 1, column"
                            + " 2");
        assertThatThrownBy(() -> PolicyDocuments.canonical("[1]"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage("policy document must be a JSON object, found an array");
    }
}
