package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.IamStatus;
import dev.operator.iam.emulator.Hold;
import dev.operator.iam.emulator.PolicySnapshot;
import dev.operator.iam.tenancy.TenantPolicy;
import dev.operator.iam.tenancy.TenantPolicySpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crash of {@link CrashDuringCreateIT} in a tenant's own account (design.md, "Many AWS
 * accounts"), on the packaged operator: SIGKILLed after IAM committed {@code CreatePolicy} in
 * account B, before status recorded the ARN. The new process assumes B's role again, finds the
 * policy there by its natural key and ownership tags, and never creates it a second time, nor
 * anything in the operator's own account.
 */
class AccountCrashDuringCreateIT {

    private static final String NAMESPACE = "team-b";
    private static final String NAME = "orders-read";
    private static final String B = "222222222222";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ProcessTestEnvironment env =
            new ProcessTestEnvironment(Map.of("IAM_OPERATOR_RESYNC_INTERVAL", "1s"));

    private final PolicyObjects policies = PolicyObjects.in(env.api(), NAMESPACE);

    @Test
    void recoversInTheTenantsAccountAPolicyWhoseCreateAnswerWasLost() {
        env.emulator()
                .account(B)
                .seedRole(
                        "iam-operator",
                        null,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Principal\":{\"AWS\":\"arn:aws:iam::"
                                + env.emulator().accountId()
                                + ":root\"},\"Action\":\"sts:AssumeRole\"}]}",
                        null);
        mapNamespaceToB();
        Hold createAnswer = env.emulator().faults().holdResponse("CreatePolicy");
        OperatorProcess first = env.startOperator("first");
        policies.create(NAME, PolicyObjects.DOCUMENT, Map.of());

        assertThat(createAnswer.awaitHeld(TIMEOUT))
                .as("CreatePolicy reached IAM within %s", TIMEOUT)
                .isTrue();
        assertThat(env.emulator().account(B).policies()).as("policies in B").hasSize(1);
        assertThat(policies.object(NAME).get().getStatus().getArn()).as("status.arn").isNull();
        first.kill();
        createAnswer.releaseWithDrop();

        env.startOperator("second");

        policies.awaitReady(NAME, "True", "Recovered", TIMEOUT);
        PolicySnapshot inB = env.emulator().account(B).policies().get(0);
        IamStatus status = policies.object(NAME).get().getStatus();
        assertThat(status.getArn())
                .isEqualTo(inB.arn())
                .startsWith("arn:aws:iam::" + B + ":policy/");
        assertThat(env.emulator().account(B).policies()).hasSize(1);
        assertThat(env.emulator().policies()).as("policies in the operator's account").isEmpty();
        assertThat(env.emulator().callCount("CreatePolicy")).as("CreatePolicy calls").isEqualTo(1);
        assertThat(env.emulator().actionsByAccount().get(env.emulator().accountId()))
                .as("IAM actions in the operator's own account")
                .doesNotContain("CreatePolicy", "GetPolicy", "ListPolicies");
    }

    private void mapNamespaceToB() {
        env.api()
                .client()
                .namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(NAMESPACE)
                                .addToLabels("team", "b")
                                .endMetadata()
                                .build())
                .create();
        TenantPolicy p = new TenantPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName("team-b").build());
        TenantPolicySpec spec = new TenantPolicySpec();
        spec.setNamespaceSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("team", "b")).build());
        TenantPolicySpec.Aws aws = new TenantPolicySpec.Aws();
        aws.setRoleArn("arn:aws:iam::" + B + ":role/iam-operator");
        spec.setAws(aws);
        p.setSpec(spec);
        env.api().client().resource(p).create();
    }
}
