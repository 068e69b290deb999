package dev.operator.iam.process;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;

/**
 * A request to the {@link MockApiServer}, as a {@link RequestTrap} matcher sees it: copied, because
 * reading a {@link RecordedRequest}'s body consumes it, and the CRUD dispatcher still needs it.
 *
 * @param path without the query string
 */
public record ApiRequest(String method, String path, String body) {

    static ApiRequest copyOf(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath().split("\\?", 2)[0];
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        return new ApiRequest(request.getMethod(), path, new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
