package dev.operator.iam.document;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns the policy documents that AWS returns into JSON text.
 *
 * <p>IAM returns every policy document URL-encoded ({@code application/x-www-form-urlencoded}
 * rules: {@code +} is a space, {@code %2B} a plus, {@code %7B} a brace) in GetPolicyVersion,
 * GetRole, GetRolePolicy, GetUserPolicy and GetGroupPolicy responses. Emulators such as moto and
 * LocalStack may return the raw JSON instead.
 */
public final class AwsDocuments {

    private AwsDocuments() {}

    /**
     * Returns the JSON text of a policy document as received from AWS.
     *
     * <p>A text that already parses as JSON is returned unchanged, so a raw document containing
     * {@code +} or {@code %} (as in {@code "arn:aws:s3:::a+b/%x"}) keeps them. Anything else is
     * URL-decoded as UTF-8 with form rules and must then parse as JSON. The two cases cannot be
     * confused: a URL-encoded document never parses as JSON, because its opening brace is encoded
     * as {@code %7B}.
     *
     * @param wire the document exactly as found in the AWS response
     * @return the document as JSON text
     * @throws InvalidDocumentException if the text is neither JSON nor URL-encoded JSON
     */
    public static String decodeFromAws(String wire) {
        Objects.requireNonNull(wire, "wire");
        if (PolicyJson.tryParse(wire).isPresent()) {
            return wire;
        }
        String decoded = urlDecode(wire);
        PolicyJson.parse(decoded, "policy document from AWS (after URL-decoding)");
        return decoded;
    }

    private static String urlDecode(String wire) {
        try {
            return URLDecoder.decode(wire, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException(
                    "policy document from AWS is neither JSON nor URL-encoded: " + e.getMessage());
        }
    }
}
