package dev.operator.iam.emulator;

import java.util.Map;

/**
 * A parsed HTTP/1.1 request.
 *
 * @param target the request target as sent, e.g. {@code /} or {@code /?Action=...}
 * @param headers header values keyed by lower-case name (a repeated header keeps its last value)
 */
record HttpRequestMessage(
        String method, String target, String version, Map<String, String> headers, byte[] body) {

    HttpRequestMessage {
        headers = Map.copyOf(headers);
    }

    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /** HTTP/1.1 keeps the connection open unless told otherwise; HTTP/1.0 only when asked to. */
    boolean keepAlive() {
        String connection = header("connection");
        if ("HTTP/1.0".equals(version)) {
            return "keep-alive".equalsIgnoreCase(connection);
        }
        return !"close".equalsIgnoreCase(connection);
    }
}
