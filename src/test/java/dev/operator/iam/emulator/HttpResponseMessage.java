package dev.operator.iam.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete HTTP response; the connection adds Content-Length and Connection itself. */
record HttpResponseMessage(int status, Map<String, String> headers, byte[] body) {

    HttpResponseMessage {
        headers = Map.copyOf(headers);
    }

    /**
     * An AWS query-protocol response: UTF-8 XML, with the request id also in a header as AWS sends
     * it.
     */
    static HttpResponseMessage xml(int status, String requestId, String xml) {
        return new HttpResponseMessage(
                status,
                Map.of("Content-Type", "text/xml", "x-amzn-RequestId", requestId),
                xml.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponseMessage plainText(int status, String text) {
        return new HttpResponseMessage(
                status,
                Map.of("Content-Type", "text/plain; charset=utf-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    String reasonPhrase() {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }
}
