package dev.operator.iam.process;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mock server's usual dispatcher (expectations first, then CRUD, as
 * {@code @WithKubernetesTestServer(crud = true)} sets it up) with {@link RequestTrap}s in front.
 */
final class TrappingDispatcher extends KubernetesMixedDispatcher {

    /**
     * How long a trapped request waits for its answer. The dispatcher runs on a Vert.x event loop
     * and must not block, so "no answer" is an answer whose body is delayed (by a timer) far beyond
     * any test; by then the client was killed, and the late write goes to a closed connection.
     */
    private static final Duration NEVER = Duration.ofMinutes(10);

    private final List<RequestTrap> traps = new CopyOnWriteArrayList<>();
    private final ApiDiscovery discovery = new ApiDiscovery();
    private final ServerSidePrinting printing = new ServerSidePrinting();
    private volatile boolean unavailable;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong statusWrites = new AtomicLong();

    TrappingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
        super(responses);
    }

    /**
     * From now on, serves discovery, OpenAPI and kubectl's tables for these CRDs' kinds (see {@link
     * ApiDiscovery}).
     */
    void describe(List<CustomResourceDefinition> crds) {
        discovery.serve(crds);
        printing.serve(crds);
    }

    void add(RequestTrap trap) {
        traps.add(trap);
    }

    /** Whether every request is answered 503; starting an outage resets {@link #refused()}. */
    void unavailable(boolean value) {
        if (value) {
            refused.set(0);
        }
        unavailable = value;
    }

    long refused() {
        return refused.get();
    }

    /**
     * PUT and PATCH requests to a {@code /status} subresource received so far, whatever their
     * answer.
     */
    long statusWrites() {
        return statusWrites.get();
    }

    private static boolean isStatusWrite(RecordedRequest request) {
        String method = request.getMethod();
        String target = request.getPath() == null ? "" : request.getPath();
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        return ("PUT".equals(method) || "PATCH".equals(method)) && path.endsWith("/status");
    }

    /**
     * What a real API server answers a SelfSubjectRulesReview of a fully privileged user. The
     * operator's leader election asks one at start-up (can I get/create/update Leases?); the mock
     * server stores the object instead of evaluating it and refuses it without a name.
     */
    private static final String ALL_ALLOWED =
            "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
                    + "\"spec\":{},\"status\":{\"incomplete\":false,\"resourceRules\":"
                    + "[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}],"
                    + "\"nonResourceRules\":[]}}";

    private static final String RULES_REVIEW_PATH =
            "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (isStatusWrite(request)) {
            statusWrites.incrementAndGet();
        }
        if (unavailable) {
            refused.incrementAndGet();
            return new MockResponse()
                    .setResponseCode(503)
                    .setBody(
                            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                                    + "\"message\":\"outage simulated by the test\","
                                    + "\"reason\":\"ServiceUnavailable\",\"code\":503}");
        }
        if ("POST".equals(request.getMethod()) && RULES_REVIEW_PATH.equals(request.getPath())) {
            return new MockResponse().setResponseCode(201).setBody(ALL_ALLOWED);
        }
        if ("GET".equals(request.getMethod())) {
            Optional<MockResponse> answer = answerAsARealServer(request);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        if (traps.isEmpty()) {
            return super.dispatch(request);
        }
        ApiRequest copy = ApiRequest.copyOf(request);
        for (RequestTrap trap : traps) {
            if (trap.tryCatch(copy)) {
                traps.remove(trap);
                if (trap.status() != 0) {
                    return new MockResponse().setResponseCode(trap.status()).setBody(trap.body());
                }
                return new MockResponse()
                        .setResponseCode(504)
                        .setBody("trapped by the test")
                        .setBodyDelay(NEVER);
            }
        }
        return super.dispatch(request);
    }

    /** Discovery and OpenAPI documents, and Tables for kubectl get. */
    private Optional<MockResponse> answerAsARealServer(RecordedRequest request) {
        String target = request.getPath();
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        if (path.equals("/openapi/v2")) {
            return Optional.of(ApiDiscovery.openApiV2());
        }
        Optional<String> document = discovery.answer(path);
        if (document.isPresent()) {
            return Optional.of(json(200, document.get()));
        }
        boolean watch = query >= 0 && target.substring(query).contains("watch=");
        if (!watch && query >= 0 && EventSelection.isEventList(path)) {
            Optional<EventSelection> selection = EventSelection.of(target.substring(query + 1));
            if (selection.isPresent()) {
                MockResponse all =
                        super.dispatch(
                                new RecordedRequest(
                                        request.getHttpVersion(),
                                        request.method(),
                                        path + selection.get().otherParameters(),
                                        request.getHeaders(),
                                        request.getBody()));
                return Optional.of(
                        all.code() != 200
                                ? all
                                : json(200, selection.get().filter(all.getBody().readUtf8())));
            }
        }
        if (!watch && printing.wants(path, request.getHeader("Accept"))) {
            MockResponse stored = super.dispatch(request);
            if (stored.code() != 200) {
                return Optional.of(stored);
            }
            return Optional.of(json(200, printing.table(path, stored.getBody().readUtf8())));
        }
        return Optional.empty();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    @Override
    public void reset() {
        traps.clear();
        unavailable = false;
        super.reset();
    }
}
