package dev.operator.iam.process;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API server for operator processes: the fabric8 mock server in CRUD mode on
 * 127.0.0.1, plain HTTP, an ephemeral port. It stores, patches and watches objects like a real API
 * server, with the differences listed in shared/notes/dependencies.md (no server-side apply, no CRD
 * defaults or validation, no garbage collection).
 */
public final class MockApiServer implements AutoCloseable {

    /**
     * The mock server logs every request at INFO; only problems are worth reading. A strong
     * reference, since java.util.logging forgets the level of a logger nobody holds.
     */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
    }

    private final TrappingDispatcher dispatcher;
    private final KubernetesMockServer server;

    /**
     * The test client's own Vert.x. With fabric8's default factory, closing the client leaves its
     * Vert.x threads (not daemons) running, and {@code exec:java} then waits for them forever.
     */
    private final Vertx clientVertx = Vertx.vertx();

    private final KubernetesClient client;

    private MockApiServer() {
        // The expectations map is shared: the server writes the expectations that answer "/" and
        // "/version" into it, the dispatcher reads them before falling back to CRUD.
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        dispatcher = new TrappingDispatcher(expectations);
        server =
                new KubernetesMockServer(
                        new Context(), new MockWebServer(), expectations, dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client =
                server.createClient(
                        builder ->
                                builder.withHttpClientFactory(
                                        new VertxHttpClientFactory(clientVertx)));
    }

    public static MockApiServer start() {
        return new MockApiServer();
    }

    /**
     * The URL to give a client in another process, e.g. {@code
     * QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL}.
     */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A client for the test itself; closed with the server. */
    public KubernetesClient client() {
        return client;
    }

    /**
     * Installs the CRDs generated at build time, as the Helm chart would, and serves discovery and
     * OpenAPI for their kinds (what kubectl needs, and the mock server does not serve). Idempotent.
     */
    public void installCrds() {
        List<CustomResourceDefinition> installed = new ArrayList<>();
        for (Path file : BuildOutput.crdFiles()) {
            CustomResourceDefinition crd =
                    client.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .load(file.toFile())
                            .item();
            client.resource(crd).createOr(NonDeletingOperation::update);
            installed.add(crd);
        }
        dispatcher.describe(installed);
    }

    /**
     * How many status writes (PUT or PATCH of a {@code /status} subresource) this server received,
     * answered or not.
     */
    public long statusWrites() {
        return dispatcher.statusWrites();
    }

    /** Forgets every object (the CRDs too), every expectation and every trap. */
    public void reset() {
        server.reset();
    }

    /**
     * Sets a trap for the next request that matches: it is neither applied nor answered, as if its
     * client died just before sending it. {@link #reset()} removes traps not yet sprung.
     */
    public RequestTrap trapNext(String description, Predicate<ApiRequest> matcher) {
        RequestTrap trap = new RequestTrap(description, matcher, 0, null);
        dispatcher.add(trap);
        return trap;
    }

    /**
     * Answers the next request that matches with this status and a Kubernetes {@code Status} body,
     * without applying it: e.g. 409 Conflict, as a real API server answers a write based on a stale
     * resourceVersion.
     */
    public RequestTrap answerNext(
            String description, Predicate<ApiRequest> matcher, int status, String reason) {
        String body =
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"message\":\"answered by the test: "
                        + description
                        + "\",\"reason\":\""
                        + reason
                        + "\",\"code\":"
                        + status
                        + "}";
        RequestTrap trap = new RequestTrap(description, matcher, status, body);
        dispatcher.add(trap);
        return trap;
    }

    /**
     * The API server stops serving: from now until the returned outage is closed, every request is
     * answered 503 Service Unavailable and nothing is applied, as when the API server or the
     * network path to it is down behind a load balancer. Watches already open stay open (and quiet,
     * since nothing changes).
     */
    public Outage outage() {
        dispatcher.unavailable(true);
        return new Outage();
    }

    /** An API server outage; {@link #close()} ends it. */
    public final class Outage implements AutoCloseable {

        private Outage() {}

        /** How many requests were refused since the outage began. */
        public long refused() {
            return dispatcher.refused();
        }

        @Override
        public void close() {
            dispatcher.unavailable(false);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
            clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the mock API server's client did not stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.destroy();
        }
    }
}
