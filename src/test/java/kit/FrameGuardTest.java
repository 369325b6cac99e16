package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The kit's guard, probed from outside with frames written by hand (RFC 6455 §5.1, §7.4.1). */
@ExtendWith(NoLeaks.class)
class FrameGuardTest {

    static final byte[] KEY = {1, 2, 3, 4};

    @Test
    void anUnmaskedClientFrameIsClosedWith1002AndNeverReachesTheEndpoint() throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             RawSocket raw = new RawSocket(server.port(), "/echo")) {
            raw.write(Frame.encode(true, Frame.TEXT, "unmasked".getBytes(StandardCharsets.UTF_8), null));
            Frame answer = raw.readFrame();
            assertEquals(Frame.CLOSE, answer.opcode(), "the first answer is a close frame, not an echo: " + answer.label());
            assertEquals(1002, answer.closeCode());
            assertEndOfStream(raw); // the MUST of §5.1: the connection is closed
        }
    }

    @Test
    void tyrusAloneEchoesTheUnmaskedFrame() throws Exception { // what the guard is for
        try (DemoServer server = DemoServer.builder().unguarded().endpoint(EchoEndpoint.class).start();
             RawSocket raw = new RawSocket(server.port(), "/echo")) {
            raw.write(Frame.encode(true, Frame.TEXT, "unmasked".getBytes(StandardCharsets.UTF_8), null));
            Frame answer = raw.readFrame();
            assertEquals("unmasked", answer.text());
        }
    }

    @Test
    void aTwoMegabyteMessageIsClosedWith1009AsSoonAsItsHeaderArrives() throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             RawSocket raw = new RawSocket(server.port(), "/echo")) {
            // only the header of a 2 MB frame: the guard decides on the declared length
            byte[] header = Arrays.copyOf(Frame.encode(true, Frame.BINARY, new byte[2 * 1000 * 1000], KEY), 14);
            raw.write(header);
            Frame answer = raw.readFrame();
            assertEquals(1009, answer.closeCode(), answer.label());
            assertEndOfStream(raw);
        }
    }

    @Test
    void aTwoMegabyteMessageInFragmentsIsClosedWith1009() throws Exception {
        int piece = 500_000; // four of them make 2 MB; the third goes over 1 MiB
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             RawSocket raw = new RawSocket(server.port(), "/echo")) {
            raw.write(Frame.encode(false, Frame.TEXT, "x".repeat(piece).getBytes(StandardCharsets.UTF_8), KEY));
            raw.write(Frame.encode(false, Frame.CONTINUATION, "x".repeat(piece).getBytes(StandardCharsets.UTF_8), KEY));
            byte[] third = Frame.encode(false, Frame.CONTINUATION, new byte[piece], KEY);
            raw.write(Arrays.copyOf(third, 14)); // its header only: 2 + 8 (64-bit length) + 4 (mask)
            Frame answer = raw.readFrame();
            assertEquals(1009, answer.closeCode(), answer.label());
            assertEndOfStream(raw);
        }
    }

    @Test
    void aMessageOfExactlyTheLimitGoesThroughAndALimitCanBeRaised() throws Exception {
        String oneMiB = "y".repeat(1024 * 1024);
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WebSocketClient client = WebSocketClient.connect(server.wsUri("/echo"))) {
            assertEquals(oneMiB.length(), client.send(oneMiB).receive(Duration.ofSeconds(20)).length());
        }
        try (DemoServer server = DemoServer.builder().maxMessageBytes(3_000_000).endpoint(EchoEndpoint.class).start();
             RawSocket raw = new RawSocket(server.port(), "/echo")) {
            raw.write(Arrays.copyOf(Frame.encode(true, Frame.BINARY, new byte[2_000_000], KEY), 14));
            raw.socket.setSoTimeout(1500); // the server waits for the payload; nothing comes back
            assertThrows(SocketTimeoutException.class, raw::readFrame, "a 2 MB frame under a 3 MB limit is not refused");
        }
    }

    static void assertEndOfStream(RawSocket raw) throws IOException {
        InputStream in = raw.socket.getInputStream();
        assertEquals(-1, in.read(), "the server closed TCP after its close frame");
    }
}
