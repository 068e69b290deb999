package dev.operator.iam.oidc;

import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.OidcProviderSnapshot;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.testing.OperatorTestSupport;
import dev.operator.iam.testing.TestObjects;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builders of the OpenIDConnectProvider tests; reading, editing and waiting go through {@link
 * TestObjects} ({@link #providers}). Every test gets its own issuer host (built from its
 * namespace), so tests never meet each other's providers in the shared emulator.
 */
abstract class OidcTestSupport extends OperatorTestSupport {

    static final String T1 = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
    static final String T2 = "a031c46782e6e6c662c2c87c76da9aa62ccabd8e";
    static final String STS = "sts.amazonaws.com";

    /** The OpenIDConnectProvider objects of this test. */
    final TestObjects<OpenIDConnectProvider, OpenIDConnectProviderSpec> providers =
            objects(OpenIDConnectProvider.class, "GetOpenIDConnectProvider");

    /** This test's issuer host, unique in the run. */
    String host() {
        return namespace + ".oidc.example.com";
    }

    String url() {
        return "https://" + host() + "/id/EXAMPLE";
    }

    String arn() {
        return arnOf(url());
    }

    String arnOf(String url) {
        return "arn:aws:iam::"
                + emulator().accountId()
                + ":oidc-provider/"
                + OidcUrls.hostAndPath(url);
    }

    OpenIDConnectProvider provider(
            String name,
            String url,
            List<String> clientIds,
            List<String> thumbprints,
            Map<String, String> annotations,
            Tag... tags) {
        OpenIDConnectProvider p = new OpenIDConnectProvider();
        p.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withAnnotations(annotations)
                        .build());
        OpenIDConnectProviderSpec spec = new OpenIDConnectProviderSpec();
        spec.setUrl(url);
        spec.setClientIDs(clientIds);
        spec.setThumbprints(thumbprints);
        spec.setTags(Arrays.asList(tags));
        p.setSpec(spec);
        return p;
    }

    OpenIDConnectProvider provider(String name, Map<String, String> annotations, Tag... tags) {
        return provider(name, url(), List.of(STS), List.of(T1), annotations, tags);
    }

    /** The provider in the emulator; fails when there is none. */
    OidcProviderSnapshot aws(String arn) {
        return emulator()
                .oidcProvider(arn)
                .orElseThrow(() -> new AssertionError("no OIDC provider " + arn + " in AWS"));
    }

    /** The IAM calls that named this test's issuer host (by URL or ARN) since {@code moment}. */
    List<RecordedCall> callsAboutHost(Instant moment) {
        return emulator().calls().stream()
                .filter(c -> !c.at().isBefore(moment))
                .filter(c -> c.params().values().stream().anyMatch(v -> v.contains(host())))
                .toList();
    }

    long count(List<RecordedCall> calls, String action) {
        return calls.stream().filter(c -> c.action().equals(action)).count();
    }

    /** The ownership tags of an object of this name in this namespace (the UID is not compared). */
    Map<String, String> ownedBy(String name) {
        return Map.of(
                "iam.operator.dev/cluster", "default",
                "iam.operator.dev/namespace", namespace,
                "iam.operator.dev/name", name);
    }
}
