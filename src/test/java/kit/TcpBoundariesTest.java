package kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TCP is a byte stream: where one read ends says nothing about where a frame ends. */
@ExtendWith(NoLeaks.class)
class TcpBoundariesTest {

    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    @Test
    void frameWrittenOneByteAtATimeParsesTheSame() throws Exception {
        byte[] payload = "split into 1-byte TCP writes".getBytes(StandardCharsets.UTF_8);
        byte[] wire = Frame.encode(true, Frame.TEXT, payload, MASK);
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WireTap tap = WireTap.in(server).start();
             RawSocket raw = new RawSocket(tap.port(), "/echo")) {
            raw.writeByteByByte(wire);
            Frame echo = raw.readFrame();
            assertEquals("split into 1-byte TCP writes", echo.text());
            Frame seen = tap.frames(Direction.CLIENT_TO_SERVER).get(0);
            assertArrayEquals(wire, concat(seen.header(), maskAgain(seen.payload())));
            assertEquals(6, seen.headerLength());
        }
    }

    @Test
    void decoderGivesTheSameEventsWhateverThePieces() {
        byte[] stream = concat(
                Handshake.request("127.0.0.1", 80, "/echo", "dGhlIHNhbXBsZSBub25jZQ=="),
                Frame.encode(true, Frame.TEXT, "one".getBytes(StandardCharsets.UTF_8), MASK),
                Frame.encode(true, Frame.BINARY, new byte[300], MASK),
                Frame.encode(true, Frame.CLOSE, new byte[] {0x03, (byte) 0xe8}, MASK));
        byte[] answer = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        List<String> whole = decode(stream, answer, stream.length);
        List<String> byteByByte = decode(stream, answer, 1);
        List<String> sevens = decode(stream, answer, 7);
        assertEquals(List.of("GET /echo HTTP/1.1 (asks to switch to WebSocket)",
                "HTTP/1.1 101 Switching Protocols (Sec-WebSocket-Accept checks out)",
                "text frame, FIN, masked, 3 B payload, 6 B header",
                "binary frame, FIN, masked, 300 B payload, 8 B header",
                "close frame, FIN, masked, 2 B payload, 6 B header"), whole);
        assertEquals(whole, byteByByte);
        assertEquals(whole, sevens);
    }

    /** The client sends everything before the answer comes: the frames wait for the 101. */
    private static List<String> decode(byte[] up, byte[] down, int piece) {
        WireDecoder decoder = new WireDecoder(1);
        List<String> summaries = new ArrayList<>();
        for (int i = 0; i < up.length; i += piece) {
            decoder.feed(Direction.CLIENT_TO_SERVER, up, i, Math.min(piece, up.length - i), 0).forEach(e -> summaries.add(e.summary()));
        }
        for (int i = 0; i < down.length; i += piece) {
            decoder.feed(Direction.SERVER_TO_CLIENT, down, i, Math.min(piece, down.length - i), 0).forEach(e -> summaries.add(e.summary()));
        }
        return summaries;
    }

    private static byte[] maskAgain(byte[] payload) {
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) masked[i] ^= MASK[i % 4];
        return masked;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) length += part.length;
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
