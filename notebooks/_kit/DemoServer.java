//DEPS org.glassfish.tyrus:tyrus-server:2.2.2
//DEPS org.glassfish.tyrus:tyrus-container-grizzly-server:2.2.2
package kit;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/**
 * One port, two protocols: plain HTTP handlers and WebSocket endpoints served
 * by the same Grizzly listener on 127.0.0.1.
 *
 * <p>That is how the web works: a WebSocket starts life as an HTTP GET with
 * {@code Upgrade: websocket}. Tyrus sits in front of the HTTP handlers; it takes
 * the requests that ask for an upgrade to a path it knows and lets every other
 * request fall through to HTTP.
 *
 * <pre>{@code
 * try (DemoServer server = DemoServer.builder()
 *         .endpoint(Echo.class)                       // @ServerEndpoint("/echo")
 *         .get("/hello", request -> "hello\n")
 *         .start()) {
 *     URI ws = server.wsUri("/echo");
 * }
 * }</pre>
 *
 * <p>Three choices a reader should know about:
 * <ul>
 * <li>It binds 127.0.0.1 only, on a port the system picks. (Tyrus's standalone
 *     server listens on every interface whatever host it is given.)</li>
 * <li>Idle connections are never closed by the server. Grizzly would close any
 *     connection idle for 30 s, WebSockets included (the client sees 1006);
 *     Tyrus's own container turns that off, and so do we. Demos that need an
 *     idle cut put a {@link WireTap} in between and ask it to drop.</li>
 * <li>A refused handshake (say {@code checkOrigin} said no) is answered with a
 *     complete response: {@code 403}, {@code Content-Length: 0},
 *     {@code Connection: close}. Tyrus alone sends a 403 with no length and
 *     keeps the connection open; a client then reads on, waiting for a body
 *     that never comes (see {@link TyrusOnGrizzly}).</li>
 * <li>Every WebSocket goes through the kit's {@link FrameGuard}: an unmasked client
 *     frame closes the connection with 1002 (RFC 6455 §5.1), a message over 1 MiB
 *     with 1009. Tyrus alone does neither. {@code maxMessageBytes(n)} sets another
 *     limit; {@code unguarded()} gives Tyrus exactly as it ships, for demos that
 *     show what it does alone.</li>
 * </ul>
 */
public final class DemoServer implements AutoCloseable {

    /** The guard's default limit on one WebSocket message, in bytes: 1 MiB (see {@link FrameGuard}). */
    public static final long MAX_MESSAGE_BYTES = FrameGuard.DEFAULT_MAX_MESSAGE_BYTES;

    /** An HTTP handler as a lambda: Grizzly's request and response, nothing hidden. */
    @FunctionalInterface
    public interface Route {
        void handle(Request request, Response response) throws Exception;
    }

    /** A streaming handler: send as many pieces as you like; returning ends the response. */
    @FunctionalInterface
    public interface StreamRoute {
        void stream(Request request, ResponseStream out) throws Exception;
    }

    /** The open body of a streaming response. Each {@code send} leaves at once as one HTTP chunk. */
    public interface ResponseStream {
        void send(String text) throws IOException;
    }

    private final HttpServer http;
    private final NetworkListener listener;
    private final TyrusOnGrizzly webSockets;
    private final ExecutorService streams;
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    private DemoServer(HttpServer http, NetworkListener listener, TyrusOnGrizzly webSockets,
                       ExecutorService streams, ScheduledExecutorService timer) {
        this.http = http;
        this.listener = listener;
        this.webSockets = webSockets;
        this.streams = streams;
        this.timer = timer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return listener.getPort();
    }

    /** {@code http://127.0.0.1:PORT/path} */
    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** {@code ws://127.0.0.1:PORT/path} */
    public URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** Stops accepting, closes every connection and ends the streaming threads. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        // Grizzly closes the listening socket on its selector thread, after shutdownNow()
        // has returned: wait for its threads, so the port is closed when close() returns.
        List<ExecutorService> grizzly = List.of(listener.getTransport().getKernelThreadPool(),
                listener.getTransport().getWorkerThreadPool());
        streams.shutdownNow();
        timer.shutdownNow();
        http.shutdownNow();
        webSockets.stop(); // Tyrus's own thread pools
        try {
            for (ExecutorService pool : grizzly) pool.awaitTermination(2, TimeUnit.SECONDS);
            streams.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private final List<Class<?>> annotated = new ArrayList<>();
        private final List<ServerEndpointConfig> configured = new ArrayList<>();
        private final List<Map.Entry<String, Route>> routes = new ArrayList<>();
        private long maxMessageBytes = FrameGuard.DEFAULT_MAX_MESSAGE_BYTES;
        // Threads for streams and timeouts start when first needed; close() ends them.
        private final ExecutorService streams = Executors.newCachedThreadPool(new Named("demo-server-stream")::thread);
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(new Named("demo-server-timer")::thread);

        private Builder() {}

        /**
         * An annotated endpoint: its {@code @ServerEndpoint} says the path, and its
         * {@code configurator} class, if any, says which {@code Origin}s may connect
         * (Tyrus takes an annotated endpoint's configurator from the annotation only).
         */
        public Builder endpoint(Class<?> annotatedEndpoint) {
            annotated.add(annotatedEndpoint);
            return this;
        }

        /** A programmatic endpoint: a fresh instance from the supplier for each connection. */
        public Builder endpoint(String path, Supplier<? extends Endpoint> newEndpoint) {
            return endpoint(path, newEndpoint, origin -> true);
        }

        /** A programmatic endpoint with an {@code Origin} check. */
        public Builder endpoint(String path, Supplier<? extends Endpoint> newEndpoint, Predicate<String> allowOrigin) {
            Class<? extends Endpoint> type = newEndpoint.get().getClass();
            return endpoint(ServerEndpointConfig.Builder.create(type, path)
                    .configurator(originCheck(allowOrigin, newEndpoint)).build());
        }

        /** Any endpoint configuration the Jakarta WebSocket API can describe. */
        public Builder endpoint(ServerEndpointConfig config) {
            configured.add(config);
            return this;
        }

        /** An HTTP route with full access to Grizzly's request and response. */
        public Builder route(String path, Route route) {
            routes.add(Map.entry(path, route));
            return this;
        }

        /** {@code GET path} answered with {@code 200 text/plain}. */
        public Builder get(String path, Function<Request, String> body) {
            return route(path, (request, response) -> {
                byte[] bytes = body.apply(request).getBytes(StandardCharsets.UTF_8);
                response.setContentType("text/plain;charset=utf-8");
                response.setContentLength(bytes.length);
                response.getOutputStream().write(bytes);
            });
        }

        /**
         * A response that stays open and sends pieces as they come, e.g. Server-Sent
         * Events with {@code "text/event-stream"}. The handler runs on its own thread.
         */
        public Builder stream(String path, String contentType, StreamRoute route) {
            return route(path, (request, response) -> streamOn(streams, route, contentType, request, response));
        }

        /**
         * A long poll: the request is held until {@code nextEvent} completes (200 with
         * its text) or {@code timeout} passes (204, no content); the client then asks again.
         */
        public Builder longPoll(String path, Duration timeout, Function<Request, CompletionStage<String>> nextEvent) {
            LongPoll poll = new LongPoll(timeout, nextEvent);
            return route(path, (request, response) -> poll.hold(timer, request, response));
        }

        /** The guard's limit on one WebSocket message, in bytes (default 1 MiB); a bigger one closes with 1009. */
        public Builder maxMessageBytes(long bytes) {
            if (bytes <= 0) throw new IllegalArgumentException("maxMessageBytes must be above 0, not " + bytes);
            maxMessageBytes = bytes;
            return this;
        }

        /** No guard: Tyrus 2.2.2 reads every WebSocket's bytes exactly as it ships (see {@link FrameGuard}). */
        public Builder unguarded() {
            maxMessageBytes = 0;
            return this;
        }

        /** Binds 127.0.0.1 on a free port; returns once the port accepts connections. */
        public DemoServer start() throws IOException {
            HttpServer http = new HttpServer();
            NetworkListener listener = new NetworkListener("demo", "127.0.0.1", 0);
            listener.getKeepAlive().setIdleTimeoutInSeconds(-1); // see the class comment
            http.addListener(listener);

            TyrusOnGrizzly container = new TyrusOnGrizzly(maxMessageBytes);
            try {
                for (Class<?> endpoint : annotated) container.register(endpoint);
                for (ServerEndpointConfig config : configured) container.register(config);
            } catch (DeploymentException e) {
                throw new IllegalArgumentException("endpoint refused: " + e.getMessage(), e);
            }
            listener.registerAddOn(new WebSocketAddOn(container, "/"));

            for (Map.Entry<String, Route> route : routes) {
                http.getServerConfiguration().addHttpHandler(handler(route.getValue()), route.getKey());
            }
            http.getServerConfiguration().setJmxEnabled(false);
            http.start(); // the listener is bound and selecting when this returns
            return new DemoServer(http, listener, container, streams, timer);
        }
    }

    private static void streamOn(ExecutorService streams, StreamRoute route, String type,
                                 Request request, Response response) {
        response.setContentType(type);
        response.setCharacterEncoding("UTF-8"); // Grizzly's writer would use ISO-8859-1
        response.suspend();
        streams.execute(() -> {
            Writer body = response.getNIOWriter();
            try {
                route.stream(request, text -> {
                    body.write(text);
                    body.flush(); // one flush, one chunk on the wire
                });
            } catch (Exception e) {
                if (!(e instanceof InterruptedException)) {
                    Logger.getLogger(DemoServer.class.getName()).log(Level.FINE, "stream ended", e);
                }
            } finally {
                response.resume();
            }
        });
    }

    private static HttpHandler handler(Route route) {
        return new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                route.handle(request, response);
            }
        };
    }

    private static ServerEndpointConfig.Configurator originCheck(Predicate<String> allowOrigin,
                                                                 Supplier<? extends Endpoint> newEndpoint) {
        return new ServerEndpointConfig.Configurator() {
            @Override
            public boolean checkOrigin(String origin) {
                return allowOrigin.test(origin);
            }

            @Override
            public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
                return newEndpoint == null ? super.getEndpointInstance(type) : type.cast(newEndpoint.get());
            }
        };
    }

    /**
     * A held request. Grizzly's own suspend timeout is checked about once a second,
     * too coarse for a demo that measures; the timer here fires on time.
     */
    private record LongPoll(Duration timeout, Function<Request, CompletionStage<String>> nextEvent) {
        void hold(ScheduledExecutorService timer, Request request, Response response) {
            AtomicBoolean answered = new AtomicBoolean(); // the event and the timeout race; one wins
            response.suspend();
            timer.schedule(() -> {
                if (answered.compareAndSet(false, true)) {
                    response.setStatus(204); // no event this time: ask again
                    response.resume();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            nextEvent.apply(request).whenComplete((text, failure) -> {
                if (!answered.compareAndSet(false, true)) return;
                try {
                    if (failure != null) {
                        response.setStatus(500);
                    } else {
                        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                        response.setContentType("text/plain;charset=utf-8");
                        response.setContentLength(bytes.length);
                        response.getOutputStream().write(bytes);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    response.resume();
                }
            });
        }
    }

    /** Daemon threads with names that say whose they are. */
    private static final class Named {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        Named(String prefix) {
            this.prefix = prefix;
        }

        Thread thread(Runnable task) {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    // Grizzly and Tyrus log every start and stop at INFO; a demo's output is for the reader.
    // The loggers are held here, or the setting goes with the garbage.
    private static final List<Logger> QUIET = List.of(quiet("org.glassfish.grizzly"), quiet("org.glassfish.tyrus"));

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }
}
