package dev.operator.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.api.Tag;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.OperatorTestSupport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Invalid input is reported with what to fix, before any AWS call, and loses nothing. */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class PolicyValidationTest extends OperatorTestSupport {

    @Test
    void rejectsADocumentThatIsNotJsonWithoutCallingAws() {
        apply(policy("not-json", "{\"Version\": \"2012-10-17\", \"Statement\": ["));

        policies.awaitReady("not-json", false, "InvalidSpec");

        assertThat(message("not-json")).startsWith("spec.policyDocument is not valid JSON");
        policies.awaitRevalidated("not-json");
        assertThat(existsInAws("not-json")).isFalse();
        callLog().ifPresent(calls -> assertThat(calls.about("not-json")).isEmpty());
    }

    @Test
    void rejectsJsonThatIsNotAnIamPolicyWithoutCallingAws() {
        apply(
                policy(
                        "not-a-policy",
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"allow\","
                                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"));

        policies.awaitReady("not-a-policy", false, "InvalidSpec");

        assertThat(message("not-a-policy")).contains("Statement[0]").contains("Effect");
        assertThat(existsInAws("not-a-policy")).isFalse();
        callLog().ifPresent(calls -> assertThat(calls.about("not-a-policy")).isEmpty());
    }

    @Test
    void rejectsReservedTagKeysAndBadNames() {
        Policy p =
                policy(
                        "reserved-tags",
                        DOC_READ,
                        Map.of(),
                        new Tag("iam.operator.dev/cluster", "other"));
        p.getSpec().setName("no spaces allowed");
        apply(p);

        policies.awaitReady("reserved-tags", false, "InvalidSpec");

        assertThat(message("reserved-tags")).contains("spec.name").contains("reserved prefix");
        assertThat(backend().policies())
                .extracting(PolicySnapshot::name)
                .doesNotContain("no spaces allowed");
        callLog().ifPresent(calls -> assertThat(calls.about("no spaces allowed")).isEmpty());
    }

    @Test
    void rejectsAnUnknownAnnotationValue() {
        apply(
                policy(
                        "bad-annotation",
                        DOC_READ,
                        Map.of(ResourcePolicies.DELETION_POLICY, "orphan")));

        policies.awaitReady("bad-annotation", false, "InvalidSpec");

        assertThat(message("bad-annotation"))
                .contains(ResourcePolicies.DELETION_POLICY)
                .contains("delete, retain");
        assertThat(existsInAws("bad-annotation")).isFalse();
        callLog().ifPresent(calls -> assertThat(calls.about("bad-annotation")).isEmpty());
    }

    @Test
    void rejectsAChangeOfAnImmutableFieldAndKeepsThePolicy() {
        apply(policy("immutable-name", DOC_READ));
        policies.awaitReady("immutable-name", true, "Created");
        Instant renamed = Instant.now();

        policies.editSpec("immutable-name", spec -> spec.setName("renamed"));

        policies.awaitReady("immutable-name", false, "InvalidSpec");
        assertThat(message("immutable-name"))
                .contains("immutable")
                .contains(policyArn("immutable-name"));
        assertThat(awsPolicy("immutable-name").defaultDocument()).isEqualTo(DOC_READ);
        assertThat(existsInAws("renamed")).isFalse();
        callLog()
                .ifPresent(
                        calls -> {
                            assertThat(calls.about("renamed")).isEmpty();
                            assertThat(calls.since(renamed).all())
                                    .noneMatch(
                                            c ->
                                                    c.action().equals("CreatePolicy")
                                                            || c.action().equals("DeletePolicy"));
                        });
    }

    @Test
    void reportsAwsRejectingADocumentAsInvalidSpec() {
        // Valid to our checks, refused by IAM: a document over IAM's size limit after whitespace is
        // removed
        // would be caught earlier, so let IAM refuse through the emulator's own
        // MalformedPolicyDocument rule.
        emulator()
                .faults()
                .failNext(
                        "CreatePolicy",
                        1,
                        400,
                        "MalformedPolicyDocument",
                        "Policy document should not specify a principal.");

        apply(policy("aws-rejects", DOC_READ));

        policies.awaitReady("aws-rejects", false, "InvalidSpec");
        assertThat(message("aws-rejects")).contains("MalformedPolicyDocument");
    }

    /** Deleting an object is how a user gets out of a mistake: it never needs a valid spec. */
    @Test
    void deletesAPolicyWhoseSpecWasMadeInvalidAfterItsCreation() {
        apply(policy("broken-later", DOC_READ));
        policies.awaitReady("broken-later", true, "Created");
        policies.editSpec("broken-later", spec -> spec.setPolicyDocument("{not json"));
        policies.awaitReady("broken-later", false, "InvalidSpec");

        policies.delete("broken-later");

        policies.awaitGone("broken-later");
        assertThat(existsInAws("broken-later")).isFalse();
    }

    /** The recorded ARN is what deletion uses, not a name the spec was changed to. */
    @Test
    void deletesTheRecordedPolicyOfAnObjectRenamedAfterItsCreation() {
        apply(policy("renamed-later", DOC_READ));
        policies.awaitReady("renamed-later", true, "Created");
        policies.editSpec("renamed-later", spec -> spec.setName("another-name"));
        policies.awaitReady("renamed-later", false, "InvalidSpec");

        policies.delete("renamed-later");

        policies.awaitGone("renamed-later");
        assertThat(existsInAws("renamed-later")).isFalse();
        callLog().ifPresent(calls -> assertThat(calls.about("another-name")).isEmpty());
    }

    /**
     * IAM compares tag keys ignoring case: {@code IAM.Operator.Dev/namespace} would replace the
     * ownership tag and hand the policy to another namespace.
     */
    @Test
    void refusesATagKeyThatSpellsTheOwnershipPrefixInAnotherCase() {
        Policy created = apply(policy("owner-tag-case", DOC_READ));
        policies.awaitReady("owner-tag-case", true, "Created");
        Instant edited = Instant.now();

        policies.editSpec(
                "owner-tag-case",
                spec -> spec.setTags(List.of(new Tag("IAM.Operator.Dev/namespace", "other"))));

        policies.awaitReady("owner-tag-case", false, "InvalidSpec");
        assertThat(message("owner-tag-case"))
                .contains("IAM.Operator.Dev/namespace")
                .contains("reserved prefix");
        assertThat(awsPolicy("owner-tag-case").tags()).containsAllEntriesOf(ownershipTags(created));
        callLog()
                .ifPresent(
                        calls ->
                                assertThat(calls.since(edited).all())
                                        .noneMatch(c -> c.action().equals("TagPolicy")));
    }

    /**
     * An object stuck by the earlier bug (a description recorded empty from the CreatePolicy
     * answer) recovers by itself: the recorded description is not known, so GetPolicy's is taken.
     */
    @Test
    void recoversAPolicyStuckWithADescriptionRecordedFromTheCreateAnswer() {
        Policy p = policy("stuck-description", DOC_READ);
        p.getSpec().setDescription("Read the orders bucket");
        apply(p);
        policies.awaitReady("stuck-description", true, "Created");
        policies.annotate("stuck-description", ResourcePolicies.PAUSED, "true");
        policies.awaitReady("stuck-description", false, "Paused");
        policies.resource("stuck-description")
                .editStatus(
                        q -> {
                            q.getStatus().setDescription(null);
                            return q;
                        });

        policies.annotate("stuck-description", ResourcePolicies.PAUSED, null);

        Policy recovered = policies.awaitReady("stuck-description", true, "UpToDate");
        assertThat(recovered.getStatus().getDescription()).isEqualTo("Read the orders bucket");
    }

    private String message(String name) {
        return policies.condition(name, Conditions.READY).orElseThrow().getMessage();
    }
}
