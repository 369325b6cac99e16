//DEPS org.eclipse.jetty.websocket:jetty-websocket-jetty-server:12.1.14
//DEPS org.eclipse.jetty:jetty-slf4j-impl:12.1.14

import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketClose;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketError;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketOpen;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A second WebSocket implementation for comparison: Jetty 12.1's own WebSocket server
 * (no servlets), an echo endpoint at {@code /echo} on 127.0.0.1 and a port the system
 * picks, with Jetty's defaults except the idle timeout.
 */
final class JettyEcho implements AutoCloseable {

    static {
        System.setProperty("org.eclipse.jetty.LEVEL", "WARN"); // Jetty logs every start at INFO
    }

    /** Open sessions, for demos that count them. */
    static final SessionCount SESSIONS = new SessionCount();

    /** Jetty's default limit on one binary message, as its container reported it at start. */
    static volatile long maxBinaryMessageSize = -1;

    private final Server server;
    private final ServerConnector connector;

    private JettyEcho(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static JettyEcho start() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(5)); // Jetty's default is 30 s; the demos hold idle sockets longer
            maxBinaryMessageSize = container.getMaxBinaryMessageSize();
            container.addMapping("/echo", (request, response, callback) -> new Echo());
        }));
        server.start();
        return new JettyEcho(server, connector);
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    @WebSocket
    public static class Echo {
        @OnWebSocketOpen
        public void open(Session session) {
            SESSIONS.add(1);
        }

        @OnWebSocketMessage
        public void text(Session session, String text) {
            session.sendText(text, Callback.NOOP);
        }

        @OnWebSocketMessage
        public void binary(Session session, ByteBuffer data, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
            callback.succeed(); // Jetty may reuse its buffer once this is called
            session.sendBinary(copy, Callback.NOOP);
        }

        @OnWebSocketError
        public void failed(Throwable cause) {
            // the close code tells the story; without this method Jetty logs every failure as a warning
        }

        @OnWebSocketClose
        public void closed(int code, String reason) {
            SESSIONS.add(-1);
        }
    }
}
