package dev.operator.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.DocumentEncoding;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.MetricsScraper;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drift found at resync, corrected or reported; spec changes applied as new default versions. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class PolicyDriftAndUpdateTest extends OperatorTestSupport {

    private static final String DOC_HOTFIX =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}\
            """;
    private static final Map<String, String> POLICY_KIND = Map.of("kind", "Policy");

    @Test
    void revertsADocumentChangedOutsideKubernetes() {
        apply(policy("drift-doc", DOC_READ));
        policies.awaitReady("drift-doc", true, "Created");
        double detected = MetricsScraper.value("iam_operator_drift_detected_total", POLICY_KIND);
        double corrected = MetricsScraper.value("iam_operator_drift_corrected_total", POLICY_KIND);

        backend().putPolicyVersionOutOfBand(policyArn("drift-doc"), DOC_HOTFIX);

        await().atMost(TIMEOUT)
                .until(() -> awsPolicy("drift-doc").defaultDocument().equals(DOC_READ));
        policies.awaitReady("drift-doc", true, "DriftCorrected");
        assertThat(awsPolicy("drift-doc").versionIds()).hasSize(3);
        assertThat(MetricsScraper.value("iam_operator_drift_detected_total", POLICY_KIND))
                .isGreaterThan(detected);
        assertThat(MetricsScraper.value("iam_operator_drift_corrected_total", POLICY_KIND))
                .isGreaterThan(corrected);
        assertThat(events("drift-doc")).anyMatch(e -> e.getReason().equals("DriftCorrected"));
        assertThat(policies.get("drift-doc").getStatus().getDrift()).isEmpty();
    }

    @Test
    void revertsTagsChangedOutsideKubernetes() {
        Policy created = apply(policy("drift-tags", DOC_READ, Map.of(), new Tag("team", "orders")));
        policies.awaitReady("drift-tags", true, "Created");

        backend()
                .tagPolicyOutOfBand(
                        policyArn("drift-tags"), Map.of("team", "payments", "extra", "x"));
        backend().untagPolicyOutOfBand(policyArn("drift-tags"), "iam.operator.dev/uid");

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                awsPolicy("drift-tags")
                                        .tags()
                                        .equals(withOwnership(created, Map.of("team", "orders"))));
    }

    @Test
    void ignoresAnEquivalentDocumentWrittenDifferently() {
        apply(policy("same-meaning", DOC_WRITE));
        policies.awaitReady("same-meaning", true, "Created");
        String sameMeaning =
                """
                { "Statement": { "Resource": "arn:aws:s3:::bucket-a/*", "Action": "S3:PutObject",
                  "Effect": "Allow" }, "Version": "2012-10-17" }\
                """;

        backend().putPolicyVersionOutOfBand(policyArn("same-meaning"), sameMeaning);
        // Ready: every resync is a finished reconcile.
        policies.awaitSyncedAgain("same-meaning");

        assertThat(awsPolicy("same-meaning").defaultDocument()).isEqualTo(sameMeaning);
        assertThat(awsPolicy("same-meaning").versionIds())
                .as("no version of its own")
                .containsExactly("v1", "v2");
        assertThat(policies.condition("same-meaning", Conditions.DRIFTED).get().getStatus())
                .isEqualTo("False");
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(calls.count("same-meaning", "CreatePolicyVersion"))
                                        .isZero());
    }

    @Test
    void reportsDriftWithoutRevertingItWhenDriftPolicyIsReport() {
        apply(policy("drift-report", DOC_READ, Map.of(ResourcePolicies.DRIFT_POLICY, "report")));
        policies.awaitReady("drift-report", true, "Created");

        backend().putPolicyVersionOutOfBand(policyArn("drift-report"), DOC_HOTFIX);

        Policy reported = policies.awaitReady("drift-report", false, "DriftReported");
        assertThat(reported.getStatus().getDrift()).containsExactly("policyDocument");
        assertThat(policies.condition("drift-report", Conditions.DRIFTED).get().getStatus())
                .isEqualTo("True");
        // Drift reported: every resync is a finished reconcile.
        policies.awaitSyncedAgain("drift-report");
        assertThat(awsPolicy("drift-report").defaultDocument()).isEqualTo(DOC_HOTFIX);
        assertThat(awsPolicy("drift-report").versionIds())
                .as("not reverted")
                .containsExactly("v1", "v2");
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(calls.count("drift-report", "CreatePolicyVersion"))
                                        .isZero());
    }

    @Test
    void appliesASpecChangeAsANewDefaultVersion() {
        apply(policy("spec-change", DOC_READ));
        policies.awaitReady("spec-change", true, "Created");

        policies.editSpec("spec-change", spec -> spec.setPolicyDocument(DOC_WRITE));

        await().atMost(TIMEOUT)
                .until(() -> awsPolicy("spec-change").defaultDocument().equals(DOC_WRITE));
        Policy updated = policies.awaitReady("spec-change", true, "UpToDate");
        assertThat(updated.getStatus().getObservedGeneration()).isEqualTo(2L);
        assertThat(updated.getStatus().getDefaultVersionId()).isEqualTo("v2");
        assertThat(awsPolicy("spec-change").versionIds()).containsExactly("v1", "v2");
    }

    @Test
    void appliesASpecChangeEvenWhenDriftIsOnlyReported() {
        apply(policy("report-update", DOC_READ, Map.of(ResourcePolicies.DRIFT_POLICY, "report")));
        policies.awaitReady("report-update", true, "Created");

        policies.editSpec("report-update", spec -> spec.setPolicyDocument(DOC_WRITE));

        await().atMost(TIMEOUT)
                .until(() -> awsPolicy("report-update").defaultDocument().equals(DOC_WRITE));
    }

    @Test
    void neverKeepsMoreThanFiveVersionsDeletingTheOldestFirst() {
        apply(policy("many-versions", document(0)));
        policies.awaitReady("many-versions", true, "Created");

        for (int i = 1; i <= 6; i++) {
            String next = document(i);
            policies.editSpec("many-versions", spec -> spec.setPolicyDocument(next));
            await().atMost(TIMEOUT)
                    .until(() -> awsPolicy("many-versions").defaultDocument().equals(next));
            assertThat(awsPolicy("many-versions").versionIds().size()).isLessThanOrEqualTo(5);
        }

        assertThat(awsPolicy("many-versions").versionIds())
                .containsExactly("v3", "v4", "v5", "v6", "v7");
        assertThat(awsPolicy("many-versions").defaultVersionId()).isEqualTo("v7");
    }

    @Test
    void addsAndRemovesTagsWhenTheSpecChanges() {
        Policy created =
                apply(
                        policy(
                                "tag-update",
                                DOC_READ,
                                Map.of(),
                                new Tag("a", "1"),
                                new Tag("b", "2")));
        policies.awaitReady("tag-update", true, "Created");

        policies.editSpec(
                "tag-update",
                spec -> spec.setTags(List.of(new Tag("a", "changed"), new Tag("c", "3"))));

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                awsPolicy("tag-update")
                                        .tags()
                                        .equals(
                                                withOwnership(
                                                        created,
                                                        Map.of("a", "changed", "c", "3"))));
    }

    @Test
    void readsDocumentsFromServersThatAnswerWithRawJson() {
        // only the built-in emulator can be told to answer like moto: the document neither
        // URL-encoded nor
        // escaped, so "+" and "%" reach the operator as they are
        emulator().documentEncoding(DocumentEncoding.RAW_JSON);
        try {
            String withPlus =
                    """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",\
                    "Resource":"arn:aws:s3:::a+b/100%/*"}]}\
                    """;
            apply(policy("raw-json", withPlus));
            policies.awaitReady("raw-json", true, "Created");
            // Ready: every resync is a finished reconcile.
            policies.awaitSyncedAgain("raw-json");
            assertThat(awsPolicy("raw-json").versionIds())
                    .as("no false drift")
                    .containsExactly("v1");
            assertThat(policies.condition("raw-json", Conditions.DRIFTED).get().getStatus())
                    .isEqualTo("False");
            callLog()
                    .ifPresent(
                            calls ->
                                    assertThat(calls.count("raw-json", "CreatePolicyVersion"))
                                            .isZero());
        } finally {
            emulator().documentEncoding(DocumentEncoding.URL_ENCODED);
        }
    }

    private static String document(int i) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                   + "\"Resource\":\"arn:aws:s3:::bucket-"
                + i
                + "/*\"}]}";
    }

    private Map<String, String> withOwnership(Policy p, Map<String, String> tags) {
        Map<String, String> all = new java.util.HashMap<>(ownershipTags(p));
        all.putAll(tags);
        return all;
    }
}
