package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class ResilienceTest {

    @Test
    void clientVanishingMidFrameLeavesTheServerServingOthers() throws Exception {
        byte[] frame = Frame.encode(true, Frame.TEXT, "never finished".getBytes(), new byte[] {1, 2, 3, 4});
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WireTap tap = WireTap.in(server).start()) {
            RawSocket raw = new RawSocket(tap.port(), "/echo");
            raw.write(java.util.Arrays.copyOf(frame, 9)); // header and 3 of 14 payload bytes
            raw.vanish();
            List<TapEvent> ends = tap.awaitClosed(Duration.ofSeconds(5)).stream().filter(e -> e.kind() == TapEvent.Kind.END).toList();
            assertEquals("client reset the connection, 9 B of an unfinished frame left", ends.get(0).summary());

            try (WebSocketClient other = WebSocketClient.connect(tap.wsUri("/echo"))) {
                other.send("still here?");
                assertEquals("still here?", other.receive());
            }
        }
    }

    @Test
    void refusedOriginFailsFastWith403() throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(BookOnlyEcho.class).start()) {
            long start = System.nanoTime();
            WebSocketHandshakeException refused = assertThrows(WebSocketHandshakeException.class,
                    () -> WebSocketClient.connect(server.wsUri("/echo"), "https://evil.example"));
            assertEquals(403, refused.getResponse().statusCode());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "a refusal is answered at once, not after an idle timeout");

            try (WebSocketClient allowed = WebSocketClient.connect(server.wsUri("/echo"), "https://book.example")) {
                allowed.send("welcome");
                assertEquals("welcome", allowed.receive());
            }
        }
    }

    @Test
    void programmaticEndpointOriginCheck() throws Exception {
        try (DemoServer server = DemoServer.builder()
                .endpoint("/echo", ProgrammaticEcho::new, origin -> "https://book.example".equals(origin)).start()) {
            WebSocketHandshakeException refused = assertThrows(WebSocketHandshakeException.class,
                    () -> WebSocketClient.connect(server.wsUri("/echo"), "https://evil.example"));
            assertEquals(403, refused.getResponse().statusCode());
        }
    }

    /** Only pages of the book may open this socket (RFC 6455 §10.2). */
    public static class BookOrigin extends ServerEndpointConfig.Configurator {
        @Override
        public boolean checkOrigin(String origin) {
            return "https://book.example".equals(origin);
        }
    }

    @ServerEndpoint(value = "/echo", configurator = BookOrigin.class)
    public static class BookOnlyEcho extends EchoEndpoint {}

    public static class ProgrammaticEcho extends jakarta.websocket.Endpoint {
        @Override
        public void onOpen(jakarta.websocket.Session session, jakarta.websocket.EndpointConfig config) {
            session.addMessageHandler(String.class, text -> session.getAsyncRemote().sendText(text));
        }
    }

    @Test
    void serverCannotBeReachedFromAnotherInterface() throws Exception {
        Optional<InetAddress> other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(ResilienceTest::isUp)
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        Assumptions.assumeTrue(other.isPresent(), "this machine has no network address besides loopback; nothing to test");
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start()) {
            try (Socket viaLoopback = new Socket()) {
                viaLoopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000);
            }
            try (Socket viaOther = new Socket()) {
                assertThrows(ConnectException.class,
                        () -> viaOther.connect(new InetSocketAddress(other.get(), server.port()), 2000),
                        "reachable on " + other.get().getHostAddress());
            }
        }
    }

    @Test
    void closedServerRefusesConnections() throws Exception {
        int port;
        try (DemoServer server = DemoServer.builder().get("/", r -> "up").start()) {
            port = server.port();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            // Connected after all? On loopback, TCP can connect a socket to itself when the
            // system happens to pick the closed port as the source port. Nothing else may answer.
            assertEquals(port, socket.getLocalPort(), "something still listens on " + port);
        } catch (ConnectException refused) {
            // what should happen
        }
    }

    private static boolean isUp(NetworkInterface networkInterface) {
        try {
            return networkInterface.isUp();
        } catch (java.net.SocketException e) {
            return false;
        }
    }
}
