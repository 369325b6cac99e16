//DEPS org.glassfish.tyrus:tyrus-server:2.2.2
//DEPS org.glassfish.tyrus:tyrus-container-grizzly-server:2.2.2
package kit;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * The piece that lets Tyrus share a port with plain HTTP: the container that
 * Grizzly's {@code WebSocketAddOn} asks for. (Tyrus has one for Grizzly, but
 * it is not public, and its standalone server listens on every interface.)
 *
 * <p>It holds Tyrus's engine, which answers each upgrade request: 101 and a
 * WebSocket, a refusal, or "not for me" (the request goes on to HTTP).
 * Refusals are made complete here: Tyrus writes {@code 403} with no length
 * and leaves the connection open, so a client would wait for a body until
 * some timeout; with {@code Content-Length: 0} and {@code Connection: close}
 * it knows at once.
 */
final class TyrusOnGrizzly extends TyrusServerContainer {

    private final WebSocketEngine engine;

    /**
     * With a {@code maxMessageBytes} above 0, every connection goes through the kit's
     * {@link FrameGuard}; with 0 or less, Tyrus reads the bytes exactly as it ships.
     */
    TyrusOnGrizzly(long maxMessageBytes) {
        super((Set<Class<?>>) null); // endpoints come one by one through register(...)
        WebSocketEngine tyrus = TyrusWebSocketEngine.builder(this).build();
        engine = new CompleteRefusals(maxMessageBytes > 0 ? new FrameGuard(tyrus, maxMessageBytes) : tyrus);
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

    private record CompleteRefusals(WebSocketEngine engine) implements WebSocketEngine {
        @Override
        public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
            UpgradeInfo info = engine.upgrade(request, response);
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
