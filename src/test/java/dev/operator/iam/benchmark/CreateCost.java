package dev.operator.iam.benchmark;

import dev.operator.iam.emulator.RecordedCall;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What creating objects cost, told apart from the resyncs of objects created earlier that run
 * meanwhile: the calls naming an object (its {@code PolicyArn} or {@code RoleName}) up to and
 * including its {@code CreatePolicy} or {@code CreateRole} call.
 */
final class CreateCost {

    private CreateCost() {}

    /** How many of {@code calls} (in arrival order) were spent on creates. */
    static long of(List<RecordedCall> calls) {
        Set<String> created = new HashSet<>();
        long cost = 0;
        for (RecordedCall call : calls) {
            Optional<String> object = object(call);
            if (object.isEmpty() || created.contains(object.get())) {
                continue;
            }
            cost++;
            if (call.action().startsWith("Create") && call.errorCode() == null) {
                created.add(object.get());
            }
        }
        return cost;
    }

    /** {@code policy/<name>} or {@code role/<name>}, from the call's parameters. */
    static Optional<String> object(RecordedCall call) {
        String policyName = call.params().get("PolicyName");
        if (call.action().equals("CreatePolicy") && policyName != null) {
            return Optional.of("policy/" + policyName);
        }
        String arn = call.params().get("PolicyArn");
        if (arn != null && !call.action().contains("Role")) {
            return Optional.of("policy/" + arn.substring(arn.lastIndexOf('/') + 1));
        }
        String roleName = call.params().get("RoleName");
        if (roleName != null) {
            return Optional.of("role/" + roleName);
        }
        return Optional.empty();
    }
}
