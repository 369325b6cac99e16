package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Five requests, counted in TCP connections by the tap (a figure the Connection chapter quotes). */
@ExtendWith(NoLeaks.class)
class ConnectionReuseTest {

    @Test
    void pinnedClientReusesOneConnection() throws Exception {
        assertEquals(1, connectionsForFiveRequests(Clients.http()));
    }

    @Test
    void jdkDefaultClientOpensOnePerRequest() throws Exception {
        // it asks for h2c on every request; Grizzly answers "Connection: close"
        assertEquals(5, connectionsForFiveRequests(Clients.jdkDefault()));
    }

    private static int connectionsForFiveRequests(HttpClient client) throws Exception {
        try (DemoServer server = DemoServer.builder().get("/hello", request -> "hello\n").start();
             WireTap tap = WireTap.in(server).start()) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(tap.httpUri("/hello")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals("hello\n", response.body());
            }
            return tap.connections();
        }
    }
}
