package dev.operator.iam.oidc;

import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.OidcProviderSnapshot;
import dev.operator.iam.emulator.RecordedCall;
import dev.operator.iam.testing.OperatorTestSupport;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helpers of the OpenIDConnectProvider tests. Every test gets its own issuer host (built from its
 * namespace), so tests never meet each other's providers in the shared emulator.
 */
abstract class OidcTestSupport extends OperatorTestSupport {

    static final String T1 = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
    static final String T2 = "a031c46782e6e6c662c2c87c76da9aa62ccabd8e";
    static final String STS = "sts.amazonaws.com";

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

    OpenIDConnectProvider apply(OpenIDConnectProvider p) {
        return client.resource(p).create();
    }

    Resource<OpenIDConnectProvider> resource(String name) {
        return client.resources(OpenIDConnectProvider.class).inNamespace(namespace).withName(name);
    }

    OpenIDConnectProvider object(String name) {
        return resource(name).get();
    }

    Optional<Condition> readyCondition(String name) {
        return conditionOf(name, Conditions.READY);
    }

    Optional<Condition> conditionOf(String name, String type) {
        OpenIDConnectProvider p = object(name);
        return p == null || p.getStatus() == null
                ? Optional.empty()
                : Conditions.find(p.getStatus(), type);
    }

    OpenIDConnectProvider awaitReason(String name, boolean ready, String reason) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () ->
                                readyCondition(name)
                                        .filter(
                                                c ->
                                                        c.getStatus()
                                                                        .equals(
                                                                                ready
                                                                                        ? "True"
                                                                                        : "False")
                                                                && c.getReason().equals(reason))
                                        .isPresent());
        return object(name);
    }

    void awaitObjectGone(String name) {
        await().atMost(TIMEOUT).until(() -> object(name) == null);
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

    void annotate(String name, String key, String value) {
        resource(name)
                .edit(
                        p -> {
                            Map<String, String> a =
                                    new HashMap<>(
                                            p.getMetadata().getAnnotations() == null
                                                    ? Map.of()
                                                    : p.getMetadata().getAnnotations());
                            if (value == null) {
                                a.remove(key);
                            } else {
                                a.put(key, value);
                            }
                            p.getMetadata().setAnnotations(a);
                            return p;
                        });
    }

    /** The ownership tags of an object of this name in this namespace (the UID is not compared). */
    Map<String, String> ownedBy(String name) {
        return Map.of(
                "iam.operator.dev/cluster", "default",
                "iam.operator.dev/namespace", namespace,
                "iam.operator.dev/name", name);
    }

    static void sleepThroughResyncs() {
        try {
            Thread.sleep(Duration.ofMillis(4500).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
