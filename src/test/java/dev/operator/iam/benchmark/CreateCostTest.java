package dev.operator.iam.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.emulator.RecordedCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateCostTest {

    private static final String ARN = "arn:aws:iam::123456789012:policy/";

    @Test
    void countsTheCallsNamingAnObjectUpToItsCreateAndNotTheResyncsAfterIt() {
        List<RecordedCall> calls =
                List.of(
                        call("GetPolicy", Map.of("PolicyArn", ARN + "a"), "NoSuchEntity"),
                        call("CreatePolicy", Map.of("PolicyName", "a"), null),
                        call("GetRole", Map.of("RoleName", "r"), "NoSuchEntity"),
                        call("GetPolicy", Map.of("PolicyArn", ARN + "a"), null), // a's resync
                        call("CreateRole", Map.of("RoleName", "r"), "Throttling"), // not created
                        call("CreateRole", Map.of("RoleName", "r"), null),
                        call("ListRolePolicies", Map.of("RoleName", "r"), null), // after
                        call("GetAccountAuthorizationDetails", Map.of(), null));

        assertThat(CreateCost.of(calls)).isEqualTo(5);
    }

    @Test
    void aRolesPolicyCallsBelongToTheRole() {
        RecordedCall attach =
                call("AttachRolePolicy", Map.of("RoleName", "r", "PolicyArn", ARN + "p"), null);

        assertThat(CreateCost.object(attach)).hasValue("role/r");
    }

    private static RecordedCall call(String action, Map<String, String> params, String error) {
        return new RecordedCall(
                action, params, Instant.EPOCH, error == null ? 200 : 400, error, null);
    }
}
