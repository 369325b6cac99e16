package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** What a chapter does in a few lines: server, tap, client, then a transcript and a diagram. */
@ExtendWith(NoLeaks.class)
class TranscriptTest {

    @Test
    void handshakeAndOneMessageTranscribedAndDrawn(@TempDir Path dir) throws Exception {
        List<TapEvent> timeline;
        String transcript;
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WireTap tap = WireTap.in(server).start()) {
            try (WebSocketClient client = WebSocketClient.connect(tap.wsUri("/echo"))) {
                client.send("hello");
                assertEquals("hello", client.receive());
            }
            timeline = tap.awaitClosed(Duration.ofSeconds(5));
            transcript = tap.transcript();
        }

        assertTrue(transcript.contains("GET /echo HTTP/1.1 (asks to switch to WebSocket)"));
        assertTrue(transcript.contains("Sec-WebSocket-Key: "));
        assertTrue(transcript.contains("HTTP/1.1 101 Switching Protocols (Sec-WebSocket-Accept checks out)"));
        assertTrue(transcript.contains("MASK=1 length=5"));
        assertTrue(transcript.contains("68 65 6c 6c 6f"), "the echo goes back unmasked: 'hello' in plain ASCII");
        assertTrue(transcript.contains("code 1000"));

        Path svgFile = dir.resolve("handshake.svg");
        SequenceDiagram.write(timeline, svgFile);
        String svg = Files.readString(svgFile);
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertFalse(root.getAttribute("viewBox").isEmpty());
        assertFalse(root.getAttribute("width").isEmpty());
        assertTrue(svg.contains("currentColor"));
        assertFalse(svg.contains("<script"));
        assertTrue(svg.contains("GET /echo"));
        assertTrue(svg.contains("101 Switching Protocols"));
        assertTrue(svg.contains("text 5 B"));
        Files.copy(svgFile, Path.of("target", "hello-sequence.svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
