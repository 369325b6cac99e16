package kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6455 §5.2 measured on the wire: how big a frame header is, each way. */
@ExtendWith(NoLeaks.class)
class FrameHeaderTest {

    @ParameterizedTest(name = "{0}-byte payload: {1} B header down, {2} B up")
    @CsvSource({"0, 2, 6", "125, 2, 6", "126, 4, 8", "65535, 4, 8", "65536, 10, 14"})
    void headerSizesOnTheWire(int payload, int down, int up) throws Exception {
        byte[] message = new byte[payload];
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WireTap tap = WireTap.in(server).start()) {
            try (WebSocketClient client = WebSocketClient.connect(tap.wsUri("/echo"))) {
                client.sendBinary(message); // the JDK sends a text message in frames of 16 KiB at most
                assertArrayEquals(message, client.receiveBinary());
            }
            Frame sent = dataFrame(tap.frames(Direction.CLIENT_TO_SERVER));
            Frame echoed = dataFrame(tap.frames(Direction.SERVER_TO_CLIENT));
            assertEquals(payload, sent.payloadLength());
            assertEquals(payload, echoed.payloadLength());
            assertEquals(up, sent.headerLength(), "client to server, masked");
            assertEquals(down, echoed.headerLength(), "server to client, unmasked");
        }
    }

    private static Frame dataFrame(List<Frame> frames) {
        return frames.stream().filter(f -> f.opcode() == Frame.BINARY).findFirst().orElseThrow();
    }
}
