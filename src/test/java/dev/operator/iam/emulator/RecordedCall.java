package dev.operator.iam.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request as the emulator saw it.
 *
 * @param action the {@code Action} parameter, empty if the request had none
 * @param params all decoded query parameters, in request order
 * @param at arrival time
 * @param httpStatus the status decided for the call, 0 while it is still being handled; for a
 *     dropped call it is the status of the response that was never written
 * @param errorCode AWS error code, {@code null} on success
 * @param fault the injected fault that shaped the call ({@code "delayed"}, {@code "throttled"},
 *     {@code "injected"}, {@code "held"}, {@code "dropped"}), or {@code "rate-exceeded"} for a call
 *     the token bucket answered with Throttling; {@code null} if none
 */
public record RecordedCall(
        String action,
        Map<String, String> params,
        Instant at,
        int httpStatus,
        String errorCode,
        String fault) {

    public RecordedCall {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
