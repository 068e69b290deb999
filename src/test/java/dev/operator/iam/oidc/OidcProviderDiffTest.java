package dev.operator.iam.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.Tag;
import dev.operator.iam.engine.Drift;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure comparison of an OpenIDConnectProvider spec with what IAM holds, as a table. */
class OidcProviderDiffTest {

    private static final String T1 = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
    private static final String T2 = "a031c46782e6e6c662c2c87c76da9aa62ccabd8e";
    private static final Map<String, String> TAGS = Map.of("team", "platform");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "identical lists and tags: no drift",
                        spec(List.of("sts.amazonaws.com"), List.of(T1)),
                        observed(List.of("sts.amazonaws.com"), List.of(T1), TAGS),
                        List.of()),
                Arguments.of(
                        "client ids in another order are the same set",
                        spec(List.of("a", "b"), List.of(T1)),
                        observed(List.of("b", "a"), List.of(T1), TAGS),
                        List.of()),
                Arguments.of(
                        "a client id missing in AWS",
                        spec(List.of("a", "b"), List.of(T1)),
                        observed(List.of("a"), List.of(T1), TAGS),
                        List.of("clientIDs")),
                Arguments.of(
                        "an extra client id in AWS",
                        spec(List.of("a"), List.of(T1)),
                        observed(List.of("a", "c"), List.of(T1), TAGS),
                        List.of("clientIDs")),
                Arguments.of(
                        "client ids are case-sensitive audiences",
                        spec(List.of("sts.amazonaws.com"), List.of(T1)),
                        observed(List.of("STS.amazonaws.com"), List.of(T1), TAGS),
                        List.of("clientIDs")),
                Arguments.of(
                        "no client ids wanted, none held",
                        spec(List.of(), List.of(T1)),
                        observed(List.of(), List.of(T1), TAGS),
                        List.of()),
                Arguments.of(
                        "thumbprints compared ignoring case",
                        spec(List.of("a"), List.of(T1.toUpperCase())),
                        observed(List.of("a"), List.of(T1), TAGS),
                        List.of()),
                Arguments.of(
                        "thumbprints in another order are the same set",
                        spec(List.of("a"), List.of(T1, T2)),
                        observed(List.of("a"), List.of(T2, T1), TAGS),
                        List.of()),
                Arguments.of(
                        "a thumbprint changed in AWS",
                        spec(List.of("a"), List.of(T1)),
                        observed(List.of("a"), List.of(T2), TAGS),
                        List.of("thumbprints")),
                Arguments.of(
                        "an extra thumbprint in AWS",
                        spec(List.of("a"), List.of(T1)),
                        observed(List.of("a"), List.of(T1, T2), TAGS),
                        List.of("thumbprints")),
                Arguments.of(
                        "empty spec thumbprints leave IAM's choice alone",
                        spec(List.of("a"), List.of()),
                        observed(List.of("a"), List.of(T2), TAGS),
                        List.of()),
                Arguments.of(
                        "a tag changed in AWS",
                        spec(List.of("a"), List.of(T1)),
                        observed(List.of("a"), List.of(T1), Map.of("team", "other")),
                        List.of("tags")),
                Arguments.of(
                        "an extra tag in AWS",
                        spec(List.of("a"), List.of(T1)),
                        observed(List.of("a"), List.of(T1), Map.of("team", "platform", "x", "y")),
                        List.of("tags")),
                Arguments.of(
                        "every field differs, reported in spec order",
                        spec(List.of("a"), List.of(T1)),
                        observed(List.of(), List.of(T2), Map.of()),
                        List.of("clientIDs", "thumbprints", "tags")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void diffReportsTheFieldsThatDiffer(
            String reason,
            OpenIDConnectProviderSpec spec,
            ObservedOidcProvider observed,
            List<String> expected) {
        Drift drift = OidcProviderDiff.diff(spec, TAGS, observed);
        assertThat(drift.fields()).as(reason).isEqualTo(expected);
    }

    @Test
    void clientIdsAreASetDifference() {
        assertThat(OidcProviderDiff.clientIdsToAdd(List.of("a", "b", "c"), List.of("b", "d")))
                .containsExactly("a", "c");
        assertThat(OidcProviderDiff.clientIdsToRemove(List.of("a", "b", "c"), List.of("b", "d")))
                .containsExactly("d");
        assertThat(OidcProviderDiff.clientIdsToAdd(List.of("a"), List.of("a"))).isEmpty();
        assertThat(OidcProviderDiff.clientIdsToRemove(List.of(), List.of("a")))
                .containsExactly("a");
    }

    @Test
    void theUrlBecomesTheHostAndPathOfTheArn() {
        assertThat(OidcUrls.hostAndPath("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"))
                .isEqualTo("oidc.eks.eu-west-1.amazonaws.com/id/ABC");
        assertThat(OidcUrls.hostAndPath("https://token.actions.githubusercontent.com/"))
                .isEqualTo("token.actions.githubusercontent.com");
        assertThat(OidcUrls.arn("aws-cn", "123456789012", "https://issuer.example.com/a"))
                .isEqualTo("arn:aws-cn:iam::123456789012:oidc-provider/issuer.example.com/a");
    }

    private static OpenIDConnectProviderSpec spec(List<String> clientIds, List<String> thumbs) {
        OpenIDConnectProviderSpec s = new OpenIDConnectProviderSpec();
        s.setUrl("https://issuer.example.com");
        s.setClientIDs(clientIds);
        s.setThumbprints(thumbs);
        s.setTags(List.of(new Tag("team", "platform")));
        return s;
    }

    private static ObservedOidcProvider observed(
            List<String> clientIds, List<String> thumbs, Map<String, String> tags) {
        return new ObservedOidcProvider(
                "arn:aws:iam::123456789012:oidc-provider/issuer.example.com",
                "issuer.example.com",
                clientIds,
                thumbs,
                tags,
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
