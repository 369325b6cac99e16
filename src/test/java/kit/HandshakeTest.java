package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class HandshakeTest {

    @Test
    void rfc6455SampleKey() {
        // RFC 6455 §1.3
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void tapChecksTheAcceptOfARealHandshake() throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WireTap tap = WireTap.in(server).start()) {
            try (WebSocketClient client = WebSocketClient.connect(tap.wsUri("/echo"))) {
                client.send("hi");
                assertEquals("hi", client.receive());
            }
            List<HttpHead> heads = tap.timeline().stream().filter(e -> e.head() != null).map(TapEvent::head).toList();
            HttpHead request = heads.get(0), response = heads.get(1);
            assertEquals("GET /echo HTTP/1.1", request.startLine());
            assertEquals(101, response.status());
            assertEquals(Handshake.accept(request.field("Sec-WebSocket-Key")), response.field("Sec-WebSocket-Accept"));
            assertTrue(tap.timeline().stream().anyMatch(e -> e.summary().contains("Sec-WebSocket-Accept checks out")));
        }
    }
}
