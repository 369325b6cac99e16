package serve;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

/**
 * Tyrus on the HTTP server's own port (the container Grizzly's
 * {@code WebSocketAddOn} asks for), with the {@link Guard} in front of every
 * handshake: a foreign or missing {@code Origin}, a foreign {@code Host} or a
 * missing token gets {@code 403} before Tyrus sees the request. Every refusal
 * is a complete response ({@code Content-Length: 0}, {@code Connection: close}):
 * Tyrus's own leaves the connection open with no length, and a client would
 * wait for a body until some timeout.
 */
final class GuardedWebSockets extends TyrusServerContainer {

    private final WebSocketEngine engine;

    GuardedWebSockets(Guard guard) {
        super((Set<Class<?>>) null); // endpoints come one by one through register(...)
        this.engine = new GuardedEngine(guard, TyrusWebSocketEngine.builder(this).build());
    }

    @Override
    public void register(Class<?> endpoint) throws DeploymentException {
        engine.register(endpoint, "");
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, "");
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    private record GuardedEngine(Guard guard, WebSocketEngine engine) implements WebSocketEngine {
        private static final UpgradeInfo REFUSED = new UpgradeInfo() {
            @Override
            public UpgradeStatus getStatus() {
                return UpgradeStatus.HANDSHAKE_FAILED;
            }

            @Override
            public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
                return null;
            }
        };

        @Override
        public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
            String cookie = request.getHeader("Cookie");
            boolean allowed = guard.isOwnHost(request.getHeader("Host"))
                    && guard.isOwnOrigin(request.getHeader("Origin"))
                    && (guard.cookieHolds(cookie == null ? List.of() : List.of(cookie))
                        || guard.isToken(Http.queryParameter(request.getQueryString(), "token")));
            UpgradeInfo info;
            if (allowed) {
                info = engine.upgrade(request, response);
            } else {
                response.setStatus(403);
                response.setReasonPhrase("Forbidden");
                info = REFUSED;
            }
            if (info.getStatus() == UpgradeStatus.HANDSHAKE_FAILED) {
                response.getHeaders().put("Content-Length", List.of("0"));
                response.getHeaders().put("Connection", List.of("close"));
            }
            return info;
        }

        @Override
        public void register(Class<?> endpoint, String contextPath) throws DeploymentException {
            engine.register(endpoint, contextPath);
        }

        @Override
        public void register(ServerEndpointConfig config, String contextPath) throws DeploymentException {
            engine.register(config, contextPath);
        }
    }
}
