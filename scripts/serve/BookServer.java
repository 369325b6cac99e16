package serve;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/**
 * The HTTP server and its WebSockets on one port of 127.0.0.1 (Grizzly, with
 * Tyrus added on): {@code site/} and the server's own routes behind the
 * {@link SiteHandler}, the WebSocket endpoints behind the {@link GuardedWebSockets}.
 */
final class BookServer implements AutoCloseable {

    /** The port is taken: the message says so in one line, with what to do. */
    static final class PortTaken extends IOException {
        PortTaken(int port) {
            super("port " + port + " on 127.0.0.1 is already in use (another ./jbang serve?); "
                    + "stop that server or choose another port: ./jbang serve --port N");
        }
    }

    private final HttpServer http;
    private final NetworkListener listener;
    private final GuardedWebSockets webSockets;
    private final Guard guard;

    private BookServer(HttpServer http, NetworkListener listener, GuardedWebSockets webSockets, Guard guard) {
        this.http = http;
        this.listener = listener;
        this.webSockets = webSockets;
        this.guard = guard;
    }

    static BookServer start(int port, Path site, Guard guard, Map<String, HttpHandler> routes,
                            List<ServerEndpointConfig> endpoints) throws IOException {
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("book-serve", "127.0.0.1", port);
        // Grizzly's keep-alive idle timeout would close an open page's quiet WebSocket after 30 s
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        http.addListener(listener);
        GuardedWebSockets webSockets = new GuardedWebSockets(guard);
        try {
            for (ServerEndpointConfig endpoint : endpoints) {
                webSockets.register(endpoint);
            }
        } catch (DeploymentException e) {
            throw new IllegalStateException("endpoint refused: " + e.getMessage(), e);
        }
        listener.registerAddOn(new WebSocketAddOn(webSockets, "/"));
        http.getServerConfiguration().addHttpHandler(new SiteHandler(guard, site, routes), "/");
        http.getServerConfiguration().setJmxEnabled(false);
        try {
            http.start();
        } catch (BindException e) {
            http.shutdownNow();
            throw new PortTaken(port);
        } catch (IOException e) {
            http.shutdownNow();
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw new PortTaken(port);
            }
            throw e;
        }
        guard.bound(listener.getPort());
        return new BookServer(http, listener, webSockets, guard);
    }

    int port() {
        return listener.getPort();
    }

    /** The address to open: it carries the token, once. */
    URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/?token=" + guard.token());
    }

    @Override
    public void close() {
        // Grizzly closes the listening socket on its selector thread after shutdownNow() has
        // returned: wait for its threads, so that the port is free when close() returns.
        List<ExecutorService> grizzly = List.of(listener.getTransport().getKernelThreadPool(),
                listener.getTransport().getWorkerThreadPool());
        http.shutdownNow();
        webSockets.stop();
        try {
            for (ExecutorService pool : grizzly) {
                if (pool != null) {
                    pool.awaitTermination(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
