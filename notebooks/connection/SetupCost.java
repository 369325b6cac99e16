///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION What a new connection costs: HTTP on a new or a reused connection, WebSocket open and message, on loopback and over 25 ms each way
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES BarChart.java
//SOURCES SlowHandshake.java

import java.util.Locale;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import kit.*;

import static java.net.http.HttpResponse.BodyHandlers.ofString;

public class SetupCost {

    static final long ONE_WAY_MS = 25; // the slow network holds every byte this long, each way

    /** Something to time once: an HTTP request, a WebSocket opening, a message. */
    interface Step {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
        try (DemoServer server = DemoServer.builder().get("/hello", request -> "hello\n").endpoint(EchoEndpoint.class).start();
             WireTap plain = WireTap.in(server).start();
             WireTap delayed = WireTap.in(server).delay(Direction.CLIENT_TO_SERVER, Duration.ofMillis(ONE_WAY_MS))
                     .delay(Direction.SERVER_TO_CLIENT, Duration.ofMillis(ONE_WAY_MS)).start();
             SlowHandshake slow = new SlowHandshake(delayed.port(), Duration.ofMillis(2 * ONE_WAY_MS))) {
            measure(plain.port(), 10); // warm-up: the first calls load and compile the code paths
            Map<String, Long> loopback = measure(plain.port(), 30);
            Map<String, Long> network = measure(slow.port(), 8);

            Figures.publish("one-way-ms", ONE_WAY_MS);
            Figures.publish("round-trip-ms", 2 * ONE_WAY_MS);
            Table table = new Table("median of each", "loopback", ONE_WAY_MS + " ms net", "RTTs");
            BarChart chart = new BarChart("Setup and message times", "milliseconds, median", "loopback", ONE_WAY_MS + " ms each way").log();
            double rtt = 2 * ONE_WAY_MS * 1e6;
            for (String step : loopback.keySet()) {
                double roundTrips = network.get(step) / rtt;
                table.row(step, ms(loopback.get(step)) + " ms", ms(network.get(step)) + " ms", String.format(Locale.ROOT, "%.1f", roundTrips));
                chart.row(step, loopback.get(step) / 1e6, network.get(step) / 1e6);
                String key = step.replaceAll("[^a-zA-Z]+", "-").toLowerCase(Locale.ROOT).replaceAll("-$", "");
                Figures.publish(key + "-loopback-ms", ms(loopback.get(step)));
                Figures.publish(key + "-network-ms", ms(network.get(step)));
                Figures.publish(key + "-round-trips", String.format(Locale.ROOT, "%.1f", roundTrips));
            }
            System.out.println(table);
            chart.write(Figures.file("setup-cost.svg"));
            // Round trips on the slow network: lower bounds that physics sets, whatever the machine's load.
            java.util.function.Function<String, Double> trips = step -> network.get(step) / rtt;
            Claims.check("a request on an open connection took at least one round trip", trips.apply("GET, reused conn") >= 0.9,
                    String.format(java.util.Locale.ROOT, "%.2f round trips", trips.apply("GET, reused conn")));
            Claims.check("a request on a new connection took at least two round trips, TCP's handshake and the request",
                    trips.apply("GET, new conn") >= 1.9, String.format(java.util.Locale.ROOT, "%.2f round trips", trips.apply("GET, new conn")));
            Claims.check("opening a WebSocket took at least the same two round trips", trips.apply("WebSocket open") >= 1.9,
                    String.format(java.util.Locale.ROOT, "%.2f round trips", trips.apply("WebSocket open")));
            Claims.check("a WebSocket message and its echo took at least one round trip", trips.apply("WS message echo") >= 0.9,
                    String.format(java.util.Locale.ROOT, "%.2f round trips", trips.apply("WS message echo")));
            Claims.check("on the slow network a request on an open connection was quicker than one on a new connection",
                    network.get("GET, reused conn") < network.get("GET, new conn"),
                    ms(network.get("GET, reused conn")) + " ms against " + ms(network.get("GET, new conn")) + " ms");
        }
        System.out.println("RTTs: the " + ONE_WAY_MS + " ms network's time in round trips (" + 2 * ONE_WAY_MS + " ms each). A new connection costs a round "
                + "trip for TCP's handshake before its first request can go; a WebSocket pays that and its upgrade "
                + "request once, then every message is a single trip.");
    }

    // tag::measure[]
    static Map<String, Long> measure(int port, int samples) throws Exception {
        URI hello = URI.create("http://127.0.0.1:" + port + "/hello");
        URI echo = URI.create("ws://127.0.0.1:" + port + "/echo");
        HttpClient http = Clients.http();
        HttpRequest reuse = HttpRequest.newBuilder(hello).build();
        HttpRequest close = HttpRequest.newBuilder(hello).header("Connection", "close").build();
        Map<String, Long> medians = new LinkedHashMap<>();
        http.send(reuse, ofString()); // opens the connection the next step reuses
        medians.put("GET, reused conn", median(samples, () -> http.send(reuse, ofString())));
        medians.put("GET, new conn", median(samples, () -> http.send(close, ofString())));
        medians.put("WebSocket open", median(samples, () -> {
            WebSocketClient ws = WebSocketClient.connect(http, echo); // TCP + upgrade + 101, same client as the GETs
            Timer.stop(); // closing is not part of opening
            ws.close();
        }));
        try (WebSocketClient ws = WebSocketClient.connect(http, echo)) {
            medians.put("WS message echo", median(samples, () -> {
                ws.send("ping?");
                ws.receive();
            }));
        }
        return medians;
    }
    // end::measure[]

    /** Times {@code step} {@code samples} times; the median, in nanoseconds. */
    static long median(int samples, Step step) throws Exception {
        long[] times = new long[samples];
        for (int i = 0; i < samples; i++) {
            Timer.start();
            step.run();
            times[i] = Timer.elapsed();
        }
        return Percentiles.ofNanos(times).p50();
    }

    /** A stopwatch a step may stop early, to leave its clean-up out of the time. */
    static final class Timer {
        static long started, stopped;

        static void start() {
            stopped = 0;
            started = System.nanoTime();
        }

        static void stop() {
            stopped = System.nanoTime();
        }

        static long elapsed() {
            return (stopped == 0 ? System.nanoTime() : stopped) - started;
        }
    }

    static String ms(long nanos) {
        return nanos < 10_000_000 ? String.format(Locale.ROOT, "%.2f", nanos / 1e6) : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
