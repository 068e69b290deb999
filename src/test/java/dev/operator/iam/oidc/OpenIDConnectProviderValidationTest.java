package dev.operator.iam.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What validation says about a spec, without any AWS call (the adapter gets no client). */
class OpenIDConnectProviderValidationTest {

    private static final String T1 = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
    private static final String EKS = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123";

    private final OpenIDConnectProviderAdapter adapter =
            new OpenIDConnectProviderAdapter(null, null, null);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("an EKS issuer with sts audience", EKS, List.of(T1), null, null),
                Arguments.of("no thumbprints: IAM manages them", EKS, List.of(), null, null),
                Arguments.of("no url", null, List.of(), null, "spec.url is required"),
                Arguments.of(
                        "plain http",
                        "http://issuer.example.com",
                        List.of(),
                        null,
                        "must begin with https://"),
                Arguments.of(
                        "a query string",
                        "https://issuer.example.com/?a=b",
                        List.of(),
                        null,
                        "query or fragment"),
                Arguments.of(
                        "a thumbprint with colons",
                        EKS,
                        List.of("9E:99:A4:8A:99:60:B1:49:26:BB:7F:3B:02:E2:2D:A2:B0:AB:72:80"),
                        null,
                        "is not a SHA-1 thumbprint"),
                Arguments.of("a short thumbprint", EKS, List.of("abc"), null, "40 hex digits"),
                Arguments.of(
                        "six thumbprints",
                        EKS,
                        List.of(
                                T1,
                                T1.replace('9', '1'),
                                T1.replace('9', '2'),
                                T1.replace('9', '3'),
                                T1.replace('9', '4'),
                                T1.replace('9', '5')),
                        null,
                        "at most 5"),
                Arguments.of(
                        "the same thumbprint twice in another case",
                        EKS,
                        List.of(T1, T1.toUpperCase()),
                        null,
                        "more than once"),
                Arguments.of(
                        "url changed after creation",
                        "https://other.example.com",
                        List.of(),
                        "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123",
                        "spec.url is immutable"),
                Arguments.of(
                        "url unchanged, spelled with a trailing slash",
                        EKS + "/",
                        List.of(),
                        "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validationNamesTheProblem(
            String reason,
            String url,
            List<String> thumbprints,
            String recordedArn,
            String expectedProblem) {
        OpenIDConnectProvider p = new OpenIDConnectProvider();
        p.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("ns").build());
        OpenIDConnectProviderSpec spec = new OpenIDConnectProviderSpec();
        spec.setUrl(url);
        spec.setClientIDs(List.of("sts.amazonaws.com"));
        spec.setThumbprints(thumbprints);
        p.setSpec(spec);
        p.status().setArn(recordedArn);

        List<String> problems = adapter.validate(p);

        if (expectedProblem == null) {
            assertThat(problems).as(reason).isEmpty();
        } else {
            assertThat(problems).as(reason).anyMatch(m -> m.contains(expectedProblem));
        }
    }
}
