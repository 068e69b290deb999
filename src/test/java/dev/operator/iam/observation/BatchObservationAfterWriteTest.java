package dev.operator.iam.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operator.iam.testing.IamCalls;
import dev.operator.iam.testing.IamEmulatorResource;
import dev.operator.iam.testing.OperatorTestSupport;
import dev.operator.iam.testing.SlowResyncProfile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An object that wrote to IAM after the account scan started reads IAM itself at its next resync
 * (the scan may not show the write); one that did not compares with the scan. With a 10-minute
 * resync, the scan stays current through the whole test, and a reconcile that is not a spec change
 * is started by touching an annotation (Policies reconcile on any change of the object).
 */
@QuarkusTest
@TestProfile(SlowResyncProfile.class)
@WithKubernetesTestServer
@WithTestResource(value = IamEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class BatchObservationAfterWriteTest extends OperatorTestSupport {

    @Test
    void aWriteNewerThanTheScanIsFollowedByAnIndividualReadAndOthersUseTheScan() {
        apply(policy("written", DOC_READ));
        apply(policy("untouched", DOC_READ));
        policies.awaitReady("written", true, "Created");
        policies.awaitReady("untouched", true, "Created");
        // A resync of both: the scan is taken now, after both creates.
        poke("written", "1");
        poke("untouched", "1");

        policies.editSpec("written", spec -> spec.setPolicyDocument(DOC_WRITE));
        await().atMost(TIMEOUT)
                .until(() -> awsPolicy("written").defaultDocument().equals(DOC_WRITE));
        policies.awaitReady("written", true, "UpToDate");
        Instant from = Instant.now();
        poke("written", "2");
        poke("untouched", "2");

        IamCalls resync = callLog().orElseThrow().since(from);
        assertThat(resync.count("written", "GetPolicy"))
                .as("written after the scan started: read on its own")
                .isPositive();
        assertThat(resync.count("untouched", "GetPolicy"))
                .as("no write of its own: compared with the scan")
                .isZero();
        assertThat(resync.count("untouched", "GetPolicyVersion")).isZero();
    }

    /** A reconcile of {@code name} that is not a spec change, and waits until it finished. */
    private void poke(String name, String value) {
        long before = policies.finishedReconciles(name);
        policies.annotate(name, "test.iam.operator.dev/poke", value);
        policies.awaitReconciles(name, before + 1);
    }
}
