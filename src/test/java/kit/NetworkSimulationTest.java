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
            long[] trips = new long[5];
            for (int i = 0; i < trips.length; i++) {
                long start = System.nanoTime();
                client.send("ping?");
                assertEquals("ping?", client.receive());
                trips[i] = System.nanoTime() - start;
                assertTrue(trips[i] >= 50_000_000L, "an echo takes at least both delays, took " + trips[i] / 1000 + " µs");
            }
            // and not much more: a tap that held each byte twice as long would put the median at 100 ms
            long median = java.util.Arrays.stream(trips).sorted().toArray()[trips.length / 2];
            assertTrue(median < 90_000_000L, "the median echo took " + median / 1000 + " µs, far more than the two 25 ms delays");
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
