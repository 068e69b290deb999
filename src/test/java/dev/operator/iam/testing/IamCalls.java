package dev.operator.iam.testing;

import dev.operator.iam.emulator.RecordedCall;
import java.time.Instant;
import java.util.List;

/**
 * The IAM calls the built-in emulator received, in arrival order, as of the moment this view was
 * taken. Narrowed in time with {@link #since} and {@link #before}, whose bounds are plain {@link
 * Instant#now()} readings of the test: the emulator runs in the same JVM and stamps calls with the
 * same clock.
 */
public final class IamCalls {

    private final List<RecordedCall> calls;

    IamCalls(List<RecordedCall> calls) {
        this.calls = List.copyOf(calls);
    }

    /** Every call that names this policy by name or ARN (PolicyName, PolicyArn, ...). */
    public List<RecordedCall> about(String name) {
        return calls.stream()
                .filter(
                        call ->
                                call.params().values().stream()
                                        .anyMatch(
                                                value ->
                                                        value.equals(name)
                                                                || value.endsWith("/" + name)))
                .toList();
    }

    /** The {@code Action}s of the calls that named it, in order. */
    public List<String> actions(String name) {
        return about(name).stream().map(RecordedCall::action).toList();
    }

    /** How many calls with this {@code Action} named this policy. */
    public long count(String name, String action) {
        return about(name).stream().filter(call -> call.action().equals(action)).count();
    }

    /** The calls that arrived at or after {@code moment}. */
    public IamCalls since(Instant moment) {
        return new IamCalls(calls.stream().filter(call -> !call.at().isBefore(moment)).toList());
    }

    /** The calls that arrived before {@code moment}. */
    public IamCalls before(Instant moment) {
        return new IamCalls(calls.stream().filter(call -> call.at().isBefore(moment)).toList());
    }

    public List<RecordedCall> all() {
        return calls;
    }
}
