package dev.operator.iam.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The provider URL rules of CreateOpenIDConnectProvider: it must begin with {@code https://}, may
 * have a path but no query or fragment, is at most 255 characters, and IAM keeps it without the
 * scheme (and without a trailing slash): that host and path end the provider's ARN.
 */
public final class OidcUrls {

    static final String SCHEME = "https://";

    /** IAM's limit on the Url parameter. */
    static final int MAX_LENGTH = 255;

    private OidcUrls() {}

    /** {@code https://oidc.example.com/id/1/} → {@code oidc.example.com/id/1}. */
    public static String hostAndPath(String url) {
        String s = url.trim();
        if (s.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            s = s.substring(SCHEME.length());
        }
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The provider's ARN in this account and partition. */
    public static String arn(String partition, String accountId, String url) {
        return "arn:" + partition + ":iam::" + accountId + ":oidc-provider/" + hostAndPath(url);
    }

    /** Problems with {@code spec.url}, each telling the user what to write instead. */
    static void check(String url, List<String> problems) {
        if (url == null || url.isBlank()) {
            problems.add(
                    "spec.url is required: give the provider's issuer URL, e.g."
                            + " https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE");
            return;
        }
        if (!url.startsWith(SCHEME)) {
            problems.add(
                    "spec.url \""
                            + url
                            + "\" must begin with https:// (IAM accepts only HTTPS providers)");
            return;
        }
        if (url.length() > MAX_LENGTH) {
            problems.add(
                    "spec.url is "
                            + url.length()
                            + " characters long; IAM allows at most "
                            + MAX_LENGTH);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            problems.add("spec.url \"" + url + "\" is not a valid URL: " + e.getReason());
            return;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            problems.add("spec.url \"" + url + "\" has no host name after https://");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(
                    "spec.url \""
                            + url
                            + "\" has a query or fragment; IAM allows only a host and an"
                            + " optional path (the token's iss claim)");
        }
        if (uri.getRawUserInfo() != null) {
            problems.add("spec.url \"" + url + "\" must not contain a user name or password");
        }
    }

    /** Whether two URLs name the same provider (IAM's ARN comparison, host case ignored). */
    static boolean sameProvider(String arn, String otherArn) {
        return arn.toLowerCase(Locale.ROOT).equals(otherArn.toLowerCase(Locale.ROOT));
    }
}
