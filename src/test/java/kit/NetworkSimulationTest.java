package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tap plays the network: a round-trip time, and a NAT that forgets idle connections. */
@ExtendWith(NoLeaks.class)
class NetworkSimulationTest {

    @Test
    void delaysAddUpToARoundTrip() throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WireTap tap = WireTap.in(server)
                     .delay(Direction.CLIENT_TO_SERVER, Duration.ofMillis(25))
                     .delay(Direction.SERVER_TO_CLIENT, Duration.ofMillis(25))
                     .start();
             WebSocketClient client = WebSocketClient.connect(tap.wsUri("/echo"))) {
            long start = System.nanoTime();
            client.send("ping?");
            assertEquals("ping?", client.receive());
            long roundTrip = System.nanoTime() - start;
            assertTrue(roundTrip >= 50_000_000L, "an echo takes at least both delays, took " + roundTrip / 1000 + " µs");
        }
    }

    @Test
    void idleConnectionIsDroppedSilently() throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             WireTap tap = WireTap.in(server).dropWhenIdle(Duration.ofMillis(200)).start()) {
            WebSocketClient client = WebSocketClient.connect(tap.wsUri("/echo"));
            client.send("before");
            assertEquals("before", client.receive());
            tap.await(events -> events.stream().anyMatch(e -> e.kind() == TapEvent.Kind.DROP), Duration.ofSeconds(5));

            client.send("after");
            assertThrows(TimeoutException.class, () -> client.receive(Duration.ofMillis(300)));
            assertEquals(-1, client.closeCode(), "no one told the client anything");
            client.socket().abort();
        }
    }
}
