package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code WireTap.keepBytes()}: every relayed byte, as someone on the path would have it. */
@ExtendWith(NoLeaks.class)
class RelayedBytesTest {

    @Test
    void keepsEveryByteItRelaysBothWays() throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WireTap tap = WireTap.in(server).keepBytes().start()) {
            try (WebSocketClient client = WebSocketClient.connect(tap.wsUri("/echo"))) {
                client.send("a secret");
                assertEquals("a secret", client.receive());
            }
            tap.awaitClosed(Duration.ofSeconds(5));
            byte[] up = tap.relayed(Direction.CLIENT_TO_SERVER), down = tap.relayed(Direction.SERVER_TO_CLIENT);
            assertEquals(tap.bytes(Direction.CLIENT_TO_SERVER), up.length);
            assertEquals(tap.bytes(Direction.SERVER_TO_CLIENT), down.length);
            String upText = new String(up, StandardCharsets.ISO_8859_1), downText = new String(down, StandardCharsets.ISO_8859_1);
            assertTrue(upText.startsWith("GET /echo HTTP/1.1\r\n"), upText);
            assertFalse(upText.contains("a secret"), "the client's frame is masked");
            assertTrue(downText.startsWith("HTTP/1.1 101 "), downText);
            assertTrue(downText.contains("a secret"), "the server's echo is not masked");
        }
    }

    @Test
    void aTapThatKeepsNothingSaysSo() throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WireTap tap = WireTap.in(server).start()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> tap.relayed(Direction.CLIENT_TO_SERVER));
            assertTrue(refused.getMessage().contains("keepBytes()"), refused.getMessage());
        }
    }
}
