package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DemoServer turns off Grizzly's 30 s keep-alive idle timeout (see its class comment): an idle
 * WebSocket is still open, and still echoes, after longer than that.
 */
@ExtendWith(NoLeaks.class)
class IdleTimeoutTest {

    @Test
    void anIdleWebSocketOutlivesGrizzlysThirtySecondTimeout() throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WebSocketClient client = WebSocketClient.connect(server.wsUri("/echo"))) {
            client.send("before");
            assertEquals("before", client.receive());
            // Grizzly's default would close this connection after 30 s of silence (the client sees 1006)
            assertFalse(client.awaitClose(Duration.ofSeconds(34)), "closed while idle, with code " + client.closeCode());
            client.send("after");
            assertEquals("after", client.receive(Duration.ofSeconds(10)));
        }
    }
}
