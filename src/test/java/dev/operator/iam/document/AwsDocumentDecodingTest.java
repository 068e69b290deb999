package dev.operator.iam.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AwsDocumentDecodingTest {

    static Stream<Arguments> decodableDocuments() {
        return Stream.of(
                argumentSet(
                        "compact document from GetPolicyVersion",
                        "%7B%22Version%22%3A%222012-10-17%22"
                                + "%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22"
                                + "%2C%22Action%22%3A%22s3%3AGetObject%22"
                                + "%2C%22Resource%22%3A%22%2A%22%7D%5D%7D",
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"),
                argumentSet(
                        "pretty document with '+' for spaces and %0A for newlines",
                        "%7B%0A++%22Version%22%3A+%222012-10-17%22"
                                + "%2C%0A++%22Statement%22%3A+%7B%22Effect%22%3A"
                                + "+%22Deny%22%2C+%22Action%22%3A+%22s3%3A*%22"
                                + "%2C+%22Resource%22%3A+%22*%22%7D%0A%7D",
                        "{\n"
                                + "  \"Version\": \"2012-10-17\",\n"
                                + "  \"Statement\": {\"Effect\": \"Deny\", \"Action\": \"s3:*\","
                                + " \"Resource\": \"*\"}\n"
                                + "}"),
                argumentSet(
                        "%20 for spaces, as the AWS CLI shows GetRole",
                        "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%5D%7D",
                        "{\"Version\": \"2012-10-17\", \"Statement\": []}"),
                argumentSet(
                        "%2B is a literal plus",
                        "%7B%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aa%2Bb%2Fc+d%22%7D",
                        "{\"Resource\":\"arn:aws:s3:::a+b/c d\"}"),
                argumentSet(
                        "%25 is a literal percent sign",
                        "%7B%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2F100%25%22%7D",
                        "{\"Resource\":\"arn:aws:s3:::b/100%\"}"),
                argumentSet(
                        "UTF-8 escapes such as %C3%A9",
                        "%7B%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2Fcaf%C3%A9%22%7D",
                        "{\"Resource\":\"arn:aws:s3:::b/café\"}"),
                argumentSet(
                        "raw JSON from an emulator is kept as is",
                        "{\"Version\": \"2012-10-17\", \"Statement\": []}",
                        "{\"Version\": \"2012-10-17\", \"Statement\": []}"),
                argumentSet(
                        "raw JSON containing '+' and '%' is not decoded",
                        "{\"Resource\": \"arn:aws:s3:::a+b/%x\", \"Sid\": \"%7B\"}",
                        "{\"Resource\": \"arn:aws:s3:::a+b/%x\", \"Sid\": \"%7B\"}"),
                argumentSet(
                        "raw JSON with surrounding whitespace and unicode is kept as is",
                        "\n {\"Resource\": \"arn:aws:s3:::b/café+%25\"}\n",
                        "\n {\"Resource\": \"arn:aws:s3:::b/café+%25\"}\n"));
    }

    static Stream<Arguments> undecodableDocuments() {
        return Stream.of(
                argumentSet(
                        "truncated URL-encoded document",
                        "%7B%22Version%22%3A%222012-10-17%22",
                        "policy document from AWS (after URL-decoding) is not valid JSON:"
                                + " Unexpected end-of-input"),
                argumentSet(
                        "malformed percent escape",
                        "%7B%22Resource%22%3A%22100%zz%22%7D",
                        "policy document from AWS is neither JSON nor URL-encoded: "),
                argumentSet(
                        "plain text",
                        "AccessDenied",
                        "policy document from AWS (after URL-decoding) is not valid JSON:"
                                + " Unrecognized token 'AccessDenied'"),
                argumentSet(
                        "JSON followed by garbage",
                        "{\"Statement\": []} trailing",
                        "policy document from AWS (after URL-decoding) is not valid JSON: "),
                argumentSet(
                        "empty text",
                        "",
                        "policy document from AWS (after URL-decoding) is empty"));
    }

    @ParameterizedTest
    @MethodSource("decodableDocuments")
    void decodes(String wire, String expectedJson) {
        assertThat(AwsDocuments.decodeFromAws(wire)).isEqualTo(expectedJson);
    }

    @ParameterizedTest
    @MethodSource("undecodableDocuments")
    void rejectsWithAClearMessage(String wire, String expectedMessageStart) {
        assertThatThrownBy(() -> AwsDocuments.decodeFromAws(wire))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageStartingWith(expectedMessageStart)
                .hasMessageNotContaining("\n");
    }

    @Test
    void decodingUndoesFormEncodingOfAnyDocument() {
        String document = "{\n  \"Sid\": \"a+b %25 100% café ✓\",\n  \"Statement\": []\n}";

        String wire = URLEncoder.encode(document, StandardCharsets.UTF_8);

        assertThat(wire).doesNotContain("{", "\"", " ");
        assertThat(AwsDocuments.decodeFromAws(wire)).isEqualTo(document);
    }
}
