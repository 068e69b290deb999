package dev.operator.iam.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.operator.iam.emulator.IamEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An IAM endpoint in front of the built-in emulator, which models policies but no principals: it
 * answers the role, user and group calls that {@link SdkBackend} makes to attach and detach
 * policies, and passes every other request to the emulator unchanged. Attachments are mirrored into
 * the emulator with its out-of-band methods, so AttachmentCount, ListEntitiesForPolicy and
 * DeleteConflict behave as in IAM.
 *
 * <p>This makes the emulator usable as an "external" endpoint: for {@link SdkBackend}'s own tests,
 * and for running the whole suite through {@code IAM_OPERATOR_TEST_ENDPOINT} without LocalStack.
 */
public final class PrincipalsFront implements AutoCloseable {

    private static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of(
                    "connection",
                    "content-length",
                    "expect",
                    "host",
                    "upgrade",
                    "transfer-encoding");

    static {
        // The JDK's server writes a response's headers and body separately: without TCP_NODELAY,
        // Nagle's
        // algorithm and the client's delayed ACK add some 40 ms to every answer. The JDK reads this
        // property once, when the first server of the JVM starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final IamEmulator emulator;
    private final HttpServer server;
    private final ExecutorService executor =
            Executors.newCachedThreadPool(
                    runnable -> {
                        Thread thread = new Thread(runnable, "principals-front");
                        thread.setDaemon(true);
                        return thread;
                    });
    private final HttpClient relay =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    /** "Role/name", "User/name", "Group/name". */
    private final Set<String> principals = ConcurrentHashMap.newKeySet();

    private volatile boolean tagsLeftOutOfGetPolicy;

    private PrincipalsFront(IamEmulator emulator, int port) {
        this.emulator = emulator;
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Listens on 127.0.0.1 with an ephemeral port. */
    public static PrincipalsFront start(IamEmulator emulator) {
        return start(emulator, 0);
    }

    public static PrincipalsFront start(IamEmulator emulator, int port) {
        return new PrincipalsFront(emulator, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The principals created through this front, as {@code "Role/payments-app"}. */
    public Set<String> principals() {
        return Set.copyOf(principals);
    }

    /**
     * From now on, GetPolicy answers without the policy's tags, as some IAM emulators do: clients
     * must ask ListPolicyTags for them.
     */
    public void leaveTagsOutOfGetPolicy() {
        tagsLeftOutOfGetPolicy = true;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> params =
                    formParameters(exchange.getRequestURI().getRawQuery(), body);
            String action = params.getOrDefault("Action", "");
            Reply reply = answer(action, params);
            if (reply == null) {
                relay(exchange, body, action);
            } else {
                byte[] xml = reply.xml().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/xml");
                exchange.getResponseHeaders().set("x-amzn-RequestId", reply.requestId());
                exchange.sendResponseHeaders(reply.status(), xml.length);
                exchange.getResponseBody().write(xml);
            }
        }
    }

    /** The answer to a principal action, {@code null} for anything the emulator should answer. */
    private Reply answer(String action, Map<String, String> params) {
        for (String type : List.of("Role", "User", "Group")) {
            String name = params.get(type + "Name");
            if (action.equals("Create" + type)) {
                return create(action, type, name);
            }
            if (action.equals("Attach" + type + "Policy")
                    || action.equals("Detach" + type + "Policy")) {
                return changeAttachment(action, type, name, params.get("PolicyArn"));
            }
        }
        return null;
    }

    private Reply create(String action, String type, String name) {
        if (!principals.add(type + "/" + name)) {
            return Reply.error(
                    409, "EntityAlreadyExists", type + " with name " + name + " already exists.");
        }
        String arn =
                "arn:aws:iam::"
                        + emulator.accountId()
                        + ":"
                        + type.toLowerCase(Locale.ROOT)
                        + "/"
                        + name;
        String id =
                uniqueIdPrefix(type)
                        + UUID.randomUUID()
                                .toString()
                                .replace("-", "")
                                .substring(0, 17)
                                .toUpperCase(Locale.ROOT);
        String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return Reply.success(
                action,
                "<"
                        + type
                        + "><Path>/</Path>"
                        + "<"
                        + type
                        + "Name>"
                        + escape(name)
                        + "</"
                        + type
                        + "Name>"
                        + "<"
                        + type
                        + "Id>"
                        + id
                        + "</"
                        + type
                        + "Id>"
                        + "<Arn>"
                        + escape(arn)
                        + "</Arn>"
                        + "<CreateDate>"
                        + created
                        + "</CreateDate></"
                        + type
                        + ">");
    }

    private Reply changeAttachment(String action, String type, String name, String policyArn) {
        if (!principals.contains(type + "/" + name)) {
            return Reply.error(
                    404,
                    "NoSuchEntity",
                    "The "
                            + type.toLowerCase(Locale.ROOT)
                            + " with name "
                            + name
                            + " cannot be found.");
        }
        try {
            if (action.startsWith("Attach")) {
                emulator.attachPolicyOutOfBand(policyArn, type, name);
            } else {
                emulator.detachPolicyOutOfBand(policyArn, type, name);
            }
        } catch (IllegalArgumentException refusal) {
            // "NoSuchEntity: Policy ... does not exist", as the emulator's out-of-band methods
            // report it
            String[] codeAndMessage = refusal.getMessage().split(": ", 2);
            int status = codeAndMessage[0].equals("NoSuchEntity") ? 404 : 400;
            return Reply.error(
                    status, codeAndMessage[0], codeAndMessage.length > 1 ? codeAndMessage[1] : "");
        }
        return Reply.success(action, null);
    }

    private void relay(HttpExchange exchange, byte[] body, String action) throws IOException {
        URI target = emulator.endpoint().resolve(exchange.getRequestURI().toString());
        HttpRequest.Builder request =
                HttpRequest.newBuilder(target)
                        .timeout(Duration.ofSeconds(30))
                        .method(
                                exchange.getRequestMethod(),
                                HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders()
                .forEach(
                        (header, values) -> {
                            if (!RESTRICTED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                                values.forEach(value -> request.header(header, value));
                            }
                        });
        HttpResponse<byte[]> response;
        try {
            response = relay.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while relaying to the emulator", e);
        }
        response.headers()
                .map()
                .forEach(
                        (header, values) -> {
                            if (!RESTRICTED_HEADERS.contains(header.toLowerCase(Locale.ROOT))
                                    && !header.startsWith(":")) {
                                exchange.getResponseHeaders().put(header, values);
                            }
                        });
        byte[] answer = response.body();
        if (tagsLeftOutOfGetPolicy && action.equals("GetPolicy")) {
            answer =
                    new String(answer, StandardCharsets.UTF_8)
                            .replaceAll("(?s)<Tags>.*?</Tags>", "")
                            .getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(
                response.statusCode(), answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
    }

    /**
     * The query string's parameters, then the form body's (AWS query protocol requests use either).
     */
    private static Map<String, String> formParameters(String rawQuery, byte[] body) {
        Map<String, String> params = new HashMap<>();
        for (String form : new String[] {rawQuery, new String(body, StandardCharsets.UTF_8)}) {
            if (form == null || form.isEmpty()) {
                continue;
            }
            for (String pair : form.split("&")) {
                String[] keyAndValue = pair.split("=", 2);
                String value = keyAndValue.length > 1 ? keyAndValue[1] : "";
                params.put(
                        URLDecoder.decode(keyAndValue[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** IAM's prefixes of unique ids: AROA for roles, AIDA for users, AGPA for groups. */
    private static String uniqueIdPrefix(String type) {
        return switch (type) {
            case "Role" -> "AROA";
            case "User" -> "AIDA";
            default -> "AGPA";
        };
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private record Reply(int status, String xml, String requestId) {

        static Reply success(String action, String result) {
            String requestId = UUID.randomUUID().toString();
            String resultElement =
                    result == null
                            ? ""
                            : "<" + action + "Result>" + result + "</" + action + "Result>";
            return new Reply(
                    200,
                    "<"
                            + action
                            + "Response xmlns=\""
                            + NAMESPACE
                            + "\">"
                            + resultElement
                            + "<ResponseMetadata><RequestId>"
                            + requestId
                            + "</RequestId></ResponseMetadata>"
                            + "</"
                            + action
                            + "Response>",
                    requestId);
        }

        static Reply error(int status, String code, String message) {
            String requestId = UUID.randomUUID().toString();
            return new Reply(
                    status,
                    "<ErrorResponse xmlns=\""
                            + NAMESPACE
                            + "\">"
                            + "<Error><Type>Sender</Type><Code>"
                            + code
                            + "</Code><Message>"
                            + escape(message)
                            + "</Message></Error><RequestId>"
                            + requestId
                            + "</RequestId></ErrorResponse>",
                    requestId);
        }
    }
}
