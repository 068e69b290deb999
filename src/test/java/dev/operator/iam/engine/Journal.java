package dev.operator.iam.engine;

import dev.operator.iam.api.IamStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the engine did to the outside world during a test, in order: the adapter's AWS calls
 * and the status writes that landed. The order is what crash safety is about.
 */
final class Journal {

    sealed interface Step permits AwsCall, StatusWrite, SecretWrite {}

    /** The engine called one of the adapter's AWS methods (whether or not the call then failed). */
    record AwsCall(FakeAdapter.Op op) implements Step {}

    /** A status write that reached the API server, with a copy of what it wrote. */
    record StatusWrite(IamStatus status) implements Step {}

    /** A Secret write that landed: its name and keys (values are not journaled). */
    record SecretWrite(String secretName, java.util.Set<String> keys) implements Step {}

    private final List<Step> steps = new ArrayList<>();

    void awsCall(FakeAdapter.Op op) {
        steps.add(new AwsCall(op));
    }

    void secretWritten(String secretName, java.util.Set<String> keys) {
        steps.add(new SecretWrite(secretName, keys));
    }

    void statusWritten(IamStatus copy) {
        steps.add(new StatusWrite(copy));
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    List<FakeAdapter.Op> awsCalls() {
        return steps.stream()
                .filter(AwsCall.class::isInstance)
                .map(s -> ((AwsCall) s).op())
                .toList();
    }

    List<IamStatus> statusWrites() {
        return steps.stream()
                .filter(StatusWrite.class::isInstance)
                .map(s -> ((StatusWrite) s).status())
                .toList();
    }

    /** The status as the API server holds it now: the last write that landed. */
    Optional<IamStatus> persistedStatus() {
        List<IamStatus> writes = statusWrites();
        return writes.isEmpty() ? Optional.empty() : Optional.of(writes.get(writes.size() - 1));
    }
}
