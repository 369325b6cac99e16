package kit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK's own clients, set up the way the demos need them.
 *
 * <p>The JDK {@code HttpClient} prefers HTTP/2. On a plain {@code http://} URL
 * it asks the server to upgrade ({@code Upgrade: h2c}); a server that will not
 * (Grizzly here) answers with {@code Connection: close}, and every request
 * then costs a new TCP connection. {@link #jdkDefault()} keeps that behaviour
 * on show; {@link #http()} is what the demos use.
 */
public final class Clients {

    private Clients() {}

    /** An HTTP client that speaks HTTP/1.1 only. */
    public static HttpClient http() {
        // Pinned to HTTP/1.1: the default asks for an h2c upgrade that Grizzly answers with Connection: close.
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The JDK's client exactly as {@code HttpClient.newHttpClient()} makes it, for contrast. */
    public static HttpClient jdkDefault() {
        return HttpClient.newHttpClient();
    }

    /** A WebSocket connection over the JDK client (see {@link WebSocketClient}). */
    public static WebSocketClient webSocket(URI uri) throws IOException, InterruptedException {
        return WebSocketClient.connect(uri);
    }
}
