package dev.operator.iam.nativeimage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.policy.Policy;
import dev.operator.iam.policy.PolicySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped executable, started by Quarkus as a process against the IAM emulator and the mock API
 * server: it starts, reports healthy, serves the contract's metrics, and reconciles a Policy into
 * AWS with its ownership tags. What the native image can get wrong and the JVM cannot — a class the
 * custom resources or the AWS SDK reach by reflection, a resource file left out, the URL connection
 * HTTP client, the query protocol's XML — fails here.
 *
 * <p>{@code @QuarkusIntegrationTest} runs against what the build produced
 * (target/quarkus-artifact.properties): the native executable in a native build ({@code ./mvnw
 * verify -Pnative} on a machine with Mandrel or GraalVM, or {@code docker build --build-arg
 * MAVEN_GOALS=verify -f Dockerfile.native .}), and the JVM jar in a plain {@code ./mvnw verify}. It
 * runs against the jar on purpose: the same test then guards both artifacts, and is known to work
 * before it first meets a native executable.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedOperatorEnvironment.class)
class NativeOperatorIT {

    private static final String NAMESPACE = "packaged";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String DOCUMENT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",\
            "Resource":"arn:aws:s3:::packaged/*"}]}\
            """;

    @Test
    void reportsReadyAndLive() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void createsAPolicyInAwsWithItsOwnershipTagsAndReportsItReady() {
        Policy created = create("native-orders-read");

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                policyNamed("native-orders-read").size() == 1
                                        && isReady("native-orders-read"));
        PolicySnapshot inAws = policyNamed("native-orders-read").get(0);
        assertThat(inAws.tags())
                .containsEntry("iam.operator.dev/cluster", "default")
                .containsEntry("iam.operator.dev/namespace", NAMESPACE)
                .containsEntry("iam.operator.dev/name", "native-orders-read")
                .containsEntry("iam.operator.dev/uid", created.getMetadata().getUid());
        Policy read =
                PackagedOperatorEnvironment.api()
                        .client()
                        .resources(Policy.class)
                        .inNamespace(NAMESPACE)
                        .withName("native-orders-read")
                        .get();
        assertThat(read.getStatus().getArn()).isEqualTo(inAws.arn());
        assertThat(read.getMetadata().getFinalizers()).isNotEmpty();
    }

    @Test
    void servesTheMetricsOfTheContract() {
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("iam_operator_aws_calls_total"))
                .body(containsString("iam_operator_managed_resources"))
                .body(containsString("iam_operator_aws_inflight_calls"));
    }

    private static Policy create(String name) {
        Policy policy = new Policy();
        policy.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
        PolicySpec spec = new PolicySpec();
        spec.setPolicyDocument(DOCUMENT);
        policy.setSpec(spec);
        return PackagedOperatorEnvironment.api().client().resource(policy).create();
    }

    private static List<PolicySnapshot> policyNamed(String name) {
        return PackagedOperatorEnvironment.emulator().policies().stream()
                .filter(p -> p.name().equals(name))
                .toList();
    }

    private static boolean isReady(String name) {
        Policy policy =
                PackagedOperatorEnvironment.api()
                        .client()
                        .resources(Policy.class)
                        .inNamespace(NAMESPACE)
                        .withName(name)
                        .get();
        return policy != null
                && policy.getStatus() != null
                && Conditions.isTrue(policy.getStatus(), Conditions.READY);
    }
}
