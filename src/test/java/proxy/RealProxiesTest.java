package proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import kit.Clients;
import kit.DemoServer;
import kit.Direction;
import kit.EchoEndpoint;
import kit.Frame;
import kit.HttpHead;
import kit.ReverseProxy;
import kit.TapEvent;
import kit.WebSocketClient;
import kit.WireTap;
import org.glassfish.grizzly.http.server.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The through-a-proxy chapter's scenarios, run through the kit's {@link ReverseProxy} and through
 * real nginx and HAProxy (Debian's, started here on 127.0.0.1 with the config files kept in the
 * chapter's folder): the same outcomes, or the kit is not a model of them.
 *
 * <ul>
 * <li>"plain": the kit with its defaults (buffering on) and nginx-plain.conf (bare proxy_pass);</li>
 * <li>"websocket": the kit told to pass Upgrade with buffering off, nginx-websocket.conf and haproxy.cfg.</li>
 * </ul>
 * Every proxy has a 2 s idle timeout.
 */
class RealProxiesTest {
    private static final Path CHAPTER = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize()
            .resolve("notebooks/through-a-proxy");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int EVENTS = 10, EVERY_MS = 200, SPAN_MS = (EVENTS - 1) * EVERY_MS;

    @TempDir
    Path dir;

    private final ExecutorService streams = Executors.newCachedThreadPool();
    private DemoServer backend;
    private WireTap backendLeg;
    private AutoCloseable proxy;
    private Process process;

    @BeforeEach
    void startBackend() throws IOException {
        backend = DemoServer.builder().endpoint(EchoEndpoint.class)
                .route("/events", (request, response) -> events(response, false))
                .route("/events-no-buffering", (request, response) -> events(response, true))
                .longPoll("/short", TIMEOUT.dividedBy(2), request -> new CompletableFuture<>())
                .longPoll("/long", TIMEOUT.multipliedBy(3).dividedBy(2), request -> new CompletableFuture<>())
                .start();
        backendLeg = WireTap.in(backend).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (proxy != null) proxy.close();
        backendLeg.close();
        backend.close();
        streams.shutdownNow();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kit", "nginx-plain.conf"})
    void aPlainProxyDropsUpgradeAndHoldsStreamsBack(String which) throws Exception {
        int port = start(which, false);

        assertFalse(upgrades(port), which + ": the handshake must not get a 101");
        HttpHead received = firstRequest(backendLeg.timeline());
        assertNull(received.field("Upgrade"), which + ": the backend must not see Upgrade:\n" + received.text());
        if (which.startsWith("nginx")) {
            assertTrue(received.startLine().endsWith("HTTP/1.0"), "nginx speaks HTTP/1.0 upstream by default: " + received.startLine());
        }

        List<Long> held = events(port, "/events");
        assertTrue(held.get(0) >= SPAN_MS * 8 / 10, which + ": the first event must wait for the end: " + held);
        List<Long> optedOut = events(port, "/events-no-buffering");
        assertTrue(optedOut.get(0) < SPAN_MS / 4, which + ": X-Accel-Buffering: no must let events through: " + optedOut);

        assertLongPolls(which, port);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kit", "nginx-websocket.conf", "haproxy.cfg"})
    void aWebSocketProxyTunnelsCutsIdleTunnelsAndStreams(String which) throws Exception {
        int port = start(which, true);

        assertTrue(upgrades(port), which + ": the handshake must get a 101 and echo");

        // Two WebSockets at once: one silent, one pinging at half the timeout.
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
        try (WireTap silentLeg = WireTap.to(port).start();
             WebSocketClient silent = WebSocketClient.connect(silentLeg.wsUri("/echo"));
             WebSocketClient pinging = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"))) {
            long half = TIMEOUT.toMillis() / 2;
            pinger.scheduleAtFixedRate(pinging::ping, half, half, TimeUnit.MILLISECONDS);
            assertTrue(silent.awaitClose(TIMEOUT.multipliedBy(3)), which + ": the idle WebSocket must be cut");
            long quiet = quietMillis(silentLeg.timeline());
            assertTrue(quiet >= TIMEOUT.toMillis() * 3 / 4 && quiet <= TIMEOUT.toMillis() * 3 / 2,
                    which + ": cut at the timeout, not after " + quiet + " ms");
            assertEquals(1006, silent.closeCode(), which + ": no close frame, so 1006");
            assertTrue(silentLeg.frames(Direction.SERVER_TO_CLIENT).stream().noneMatch(f -> f.opcode() == Frame.CLOSE),
                    which + ": the proxy sends no close frame");
            assertFalse(pinging.awaitClose(TIMEOUT), which + ": pings at half the timeout keep the tunnel open");
            assertEquals("still here", pinging.send("still here").receive(), which + ": and it still echoes");
        } finally {
            pinger.shutdownNow();
        }

        List<Long> streamed = events(port, "/events");
        assertTrue(streamed.get(0) < SPAN_MS / 4 && streamed.get(EVENTS - 1) - streamed.get(0) >= SPAN_MS * 8 / 10,
                which + ": events must arrive as they are sent: " + streamed);
        assertLongPolls(which, port);
    }

    /** A hold under the timeout passes (204); one over it is cut with a 504 at the timeout. */
    private void assertLongPolls(String which, int port) throws Exception {
        CompletableFuture<long[]> shortPoll = CompletableFuture.supplyAsync(() -> poll(port, "/short"));
        CompletableFuture<long[]> longPoll = CompletableFuture.supplyAsync(() -> poll(port, "/long"));
        assertEquals(204, shortPoll.get(20, TimeUnit.SECONDS)[0], which + ": a 1 s hold passes");
        long[] cut = longPoll.get(20, TimeUnit.SECONDS);
        assertEquals(504, cut[0], which + ": a 3 s hold becomes a 504");
        assertTrue(cut[1] >= TIMEOUT.toMillis() * 3 / 4 && cut[1] < 3000, which + ": at the timeout, not after " + cut[1] + " ms");
    }

    /** Starts the proxy under test in front of the backend's tap; returns its port once it accepts. */
    private int start(String which, boolean webSocket) throws Exception {
        if (which.equals("kit")) {
            ReverseProxy.Builder builder = ReverseProxy.to(backendLeg.port()).idleTimeout(TIMEOUT);
            ReverseProxy kit = (webSocket ? builder.passUpgrade().buffering(false) : builder.buffering(true)).start();
            proxy = kit;
            warmUp(kit.port());
            return kit.port();
        }
        int port = freePort();
        String config = Files.readString(CHAPTER.resolve(which))
                .replace("@DIR@", dir.toString())
                .replace("@LISTEN@", String.valueOf(port))
                .replace("@BACKEND@", String.valueOf(backendLeg.port()));
        Path file = Files.writeString(dir.resolve(which), config);
        List<String> command = which.startsWith("nginx")
                ? List.of("/usr/sbin/nginx", "-p", dir.toString(), "-e", dir.resolve("error.log").toString(), "-c", file.toString(), "-g", "daemon off;")
                : List.of("/usr/sbin/haproxy", "-f", file.toString(), "-db");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(which + ".log").toFile()).start();
        awaitListening(which, port);
        warmUp(port);
        return port;
    }

    /** One unmeasured request, so the JVM's first-request costs do not land in a timing. */
    private void warmUp(int port) throws Exception {
        Clients.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events-no-buffering"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        backendLeg.await(events -> true, Duration.ofSeconds(1));
    }

    /** The port accepts connections: a readiness poll, bounded at 10 s. */
    private void awaitListening(String which, int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException(which + " did not start listening on " + port + ":\n"
                            + Files.readString(dir.resolve(which + ".log")), notYet);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean upgrades(int port) throws InterruptedException {
        try (WebSocketClient client = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"))) {
            return "hello".equals(client.send("hello").receive());
        } catch (IOException | java.util.concurrent.TimeoutException refused) {
            return false;
        }
    }

    private static HttpHead firstRequest(List<TapEvent> events) {
        return events.stream().filter(e -> e.head() != null && e.head().isRequest() && e.head().startLine().contains("/echo"))
                .findFirst().orElseThrow().head();
    }

    /** From the last byte passed on to the FIN the proxy sent the client. */
    private static long quietMillis(List<TapEvent> events) {
        long end = events.stream().filter(e -> e.kind() == TapEvent.Kind.END && e.direction() == Direction.SERVER_TO_CLIENT)
                .mapToLong(TapEvent::micros).findFirst().orElseThrow();
        long lastByte = events.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD || e.kind() == TapEvent.Kind.FRAME)
                .mapToLong(TapEvent::micros).filter(micros -> micros <= end).max().orElseThrow();
        return (end - lastByte) / 1000;
    }

    private static long[] poll(int port, String path) {
        try {
            long sent = System.nanoTime();
            HttpResponse<Void> response = Clients.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            return new long[] {response.statusCode(), (System.nanoTime() - sent) / 1_000_000};
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    /** When each event arrived, in ms after the request. */
    private static List<Long> events(int port, String path) throws Exception {
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = Clients.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        List<Long> millis = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("data: ")) millis.add((System.nanoTime() - sent) / 1_000_000);
            }
        }
        assertEquals(EVENTS, millis.size(), path + ": every event arrives");
        return millis;
    }

    /** The chapter's event stream: ten events, 200 ms apart, each flushed as one chunk. */
    private void events(Response response, boolean optOutOfBuffering) {
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        if (optOutOfBuffering) response.setHeader("X-Accel-Buffering", "no");
        response.suspend();
        streams.execute(() -> {
            try {
                Writer body = response.getNIOWriter();
                for (int id = 1; id <= EVENTS; id++) {
                    body.write("id: " + id + "\ndata: tick " + id + "\n\n");
                    body.flush();
                    if (id < EVENTS) TimeUnit.MILLISECONDS.sleep(EVERY_MS); // the events' schedule
                }
            } catch (Exception e) {
                // the client went away
            } finally {
                response.resume();
            }
        });
    }
}
