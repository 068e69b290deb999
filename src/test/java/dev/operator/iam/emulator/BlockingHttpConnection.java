package dev.operator.iam.emulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Serves the requests of one persistent HTTP/1.1 connection, one after the other, on its own
 * thread. Only what AWS SDK clients send is supported: bodies delimited by Content-Length, no
 * chunked uploads.
 */
final class BlockingHttpConnection implements Runnable {

    private static final int MAX_LINE_BYTES = 16 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final Socket socket;
    private final BlockingHttpServer.Handler handler;
    private final Runnable onClose;

    BlockingHttpConnection(Socket socket, BlockingHttpServer.Handler handler, Runnable onClose) {
        this.socket = socket;
        this.handler = handler;
        this.onClose = onClose;
    }

    @Override
    public void run() {
        try (socket) {
            serve(
                    new BufferedInputStream(socket.getInputStream()),
                    new BufferedOutputStream(socket.getOutputStream()));
        } catch (IOException e) {
            // the client went away or the server is shutting down: nobody is left to answer
        } finally {
            onClose.run();
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        while (true) {
            HttpRequestMessage request;
            try {
                request = readRequest(in, out);
            } catch (BadRequest e) {
                write(out, HttpResponseMessage.plainText(e.status, e.getMessage()), false);
                return;
            }
            if (request == null) {
                return; // the client closed an idle connection
            }
            Optional<HttpResponseMessage> response = handler.handle(request);
            if (response.isEmpty()) {
                return; // an injected fault: close without answering
            }
            boolean keepAlive = request.keepAlive();
            write(out, response.get(), keepAlive);
            if (!keepAlive) {
                return;
            }
        }
    }

    /**
     * @return the next request, or {@code null} if the connection ended cleanly between requests
     */
    private static HttpRequestMessage readRequest(InputStream in, OutputStream out)
            throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest(400, "malformed request line");
        }
        Map<String, String> headers = readHeaders(in);
        if (headers.containsKey("transfer-encoding")) {
            throw new BadRequest(501, "request bodies must be sent with Content-Length");
        }
        int length = contentLength(headers.get("content-length"));
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException(
                    "request body ended after " + body.length + " of " + length + " bytes");
        }
        return new HttpRequestMessage(parts[0], parts[1], parts[2], headers, body);
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(in); ; line = readLine(in)) {
            if (line == null) {
                throw new EOFException("connection closed inside the request header");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest(400, "malformed header line");
            }
            if (headers.size() == MAX_HEADERS) {
                throw new BadRequest(431, "too many header fields");
            }
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
    }

    private static int contentLength(String header) throws BadRequest {
        if (header == null) {
            return 0;
        }
        long length;
        try {
            length = Long.parseLong(header);
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "invalid Content-Length");
        }
        if (length < 0) {
            throw new BadRequest(400, "invalid Content-Length");
        }
        if (length > MAX_BODY_BYTES) {
            throw new BadRequest(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return (int) length;
    }

    /** Reads one CRLF- (or LF-) terminated line; {@code null} on end of stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a line");
            }
            if (line.size() == MAX_LINE_BYTES) {
                throw new BadRequest(431, "header line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void write(OutputStream out, HttpResponseMessage response, boolean keepAlive)
            throws IOException {
        StringBuilder head =
                new StringBuilder(256)
                        .append("HTTP/1.1 ")
                        .append(response.status())
                        .append(' ')
                        .append(response.reasonPhrase())
                        .append("\r\n");
        response.headers()
                .forEach(
                        (name, value) ->
                                head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ")
                .append(response.body().length)
                .append("\r\n")
                .append("Connection: ")
                .append(keepAlive ? "keep-alive" : "close")
                .append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(response.body());
        out.flush();
    }

    /**
     * A request the server cannot make sense of: answered with {@code status}, then the connection
     * ends.
     */
    private static final class BadRequest extends IOException {

        private final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
