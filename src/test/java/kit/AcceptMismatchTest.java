package kit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tap checks a 101's Sec-WebSocket-Accept against the key the request sent (RFC 6455 §4.2.2):
 * a server that answers with the wrong value is named as such, one that answers right is not.
 */
@ExtendWith(NoLeaks.class)
class AcceptMismatchTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** Upgrades through a tap to a one-shot server that answers 101 with {@code accept}; the tap's transcript. */
    private static String transcriptFor(String accept) throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = fake.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) return;
                        head.append((char) b);
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (Exception e) {
                    // the test fails on the transcript
                }
            }, "fake-websocket-server");
            server.setDaemon(true);
            server.start();
            try (WireTap tap = WireTap.to(fake.getLocalPort()).start()) {
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), tap.port())) {
                    client.getOutputStream().write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    tap.await(events -> events.stream().anyMatch(e -> e.head() != null && e.head().status() == 101),
                            Duration.ofSeconds(5));
                }
                server.join(5000);
                return tap.transcript();
            }
        }
    }

    @Test
    void aWrongAcceptIsNamedAndARightOneIsNot() throws Exception {
        String wrong = transcriptFor("not-the-right-value=");
        assertTrue(wrong.contains("101 Switching Protocols (Sec-WebSocket-Accept does NOT match the key)"), wrong);
        String right = transcriptFor(Handshake.accept(KEY)); // s3pPLMBiTxaQ9kYGzzhZRbK+xOo=, RFC 6455 §1.3
        assertTrue(right.contains("101 Switching Protocols (Sec-WebSocket-Accept checks out)"), right);
    }
}
