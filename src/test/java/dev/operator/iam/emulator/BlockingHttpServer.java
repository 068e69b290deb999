package dev.operator.iam.emulator;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small blocking HTTP/1.1 server: one daemon thread per connection, so a request held by a fault
 * blocks only its own connection. Built on raw sockets because the emulator must be able to drop a
 * connection without answering, which higher-level servers do not allow.
 */
final class BlockingHttpServer implements AutoCloseable {

    /** Turns a request into a response. */
    @FunctionalInterface
    interface Handler {

        /**
         * @return the response to send, or empty to close the connection without answering
         */
        Optional<HttpResponseMessage> handle(HttpRequestMessage request);
    }

    private static final System.Logger LOG = System.getLogger(BlockingHttpServer.class.getName());
    private static final long SHUTDOWN_GRACE_MILLIS = 2_000;

    private final ServerSocket serverSocket;
    private final Handler handler;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private volatile boolean closed;

    private BlockingHttpServer(ServerSocket serverSocket, Handler handler) {
        this.serverSocket = serverSocket;
        this.handler = handler;
        String prefix = "iam-emulator-" + serverSocket.getLocalPort();
        AtomicInteger connectionCount = new AtomicInteger();
        this.workers =
                Executors.newCachedThreadPool(
                        task ->
                                daemon(
                                        task,
                                        prefix
                                                + "-connection-"
                                                + connectionCount.incrementAndGet()));
        daemon(this::acceptLoop, prefix + "-acceptor").start();
    }

    /** Binds {@code address} (port 0 for an ephemeral one) and starts accepting connections. */
    static BlockingHttpServer start(InetSocketAddress address, Handler handler) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(address);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        return new BlockingHttpServer(serverSocket, handler);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** Stops accepting, closes every open connection and interrupts handlers still running. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        connections.forEach(BlockingHttpServer::closeQuietly);
        workers.shutdownNow();
        try {
            workers.awaitTermination(SHUTDOWN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "accepting a connection failed", e);
                }
                continue;
            }
            connections.add(socket);
            try {
                // the check after registering closes the race with a concurrent close()
                if (closed) {
                    throw new RejectedExecutionException("server closed");
                }
                socket.setTcpNoDelay(true);
                Runnable onClose = () -> connections.remove(socket);
                workers.execute(new BlockingHttpConnection(socket, handler, onClose));
            } catch (IOException | RejectedExecutionException e) {
                connections.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing is best effort: the peer may already be gone
        }
    }
}
