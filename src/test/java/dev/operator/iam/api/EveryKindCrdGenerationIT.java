package dev.operator.iam.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.process.BuildOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * What kubectl shows of every generated kind, a kind added later included: {@code kubectl get iam}
 * lists them all, {@code kubectl explain <kind>.spec} and {@code .status} are described, and every
 * kind that stands for an IAM resource shows AWS-Name, Ready, Reason, ARN, Age (and the Ready
 * message with {@code -o wide}). The TenantPolicy, which stands for no IAM resource, shows its own
 * columns, Age still last and its problems with {@code -o wide}.
 */
class EveryKindCrdGenerationIT {

    @Test
    void everyKindIsListedByKubectlGetIamWithItsColumnsInOrderAndDescribedAtTheTop()
            throws IOException {
        List<String> kinds = new ArrayList<>();
        SoftAssertions soft = new SoftAssertions();
        for (Path file : BuildOutput.crdFiles()) {
            String plural = file.getFileName().toString().split("\\.")[0];
            GeneratedCrd crd = GeneratedCrd.read(plural);
            kinds.add(crd.kind());
            if (crd.kind().equals("TenantPolicy")) {
                soft.assertThat(crd.columns())
                        .as("TenantPolicy printer columns")
                        .containsExactly(
                                "Privileged:0", "Valid:0", "Namespaces:0", "Age:0", "Problems:1");
                crd.assertCategoryAndTopDescriptions(soft);
            } else {
                soft.check(crd::assertKubectlView);
            }
        }
        soft.assertAll();
        assertThat(kinds).contains("Policy", "Role", "User", "Group", "TenantPolicy");
    }
}
