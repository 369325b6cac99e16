///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Server-Sent Events through a buffering proxy (held to the end), with X-Accel-Buffering: no, and with buffering off
//JAVA 17+
//SOURCES ../_kit/*.java

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import kit.*;
import org.glassfish.grizzly.http.server.Response;

public class SseThroughProxy {

    static final int EVENTS = 10, EVERY_MS = 200;
    static final long SPAN_MS = (EVENTS - 1) * EVERY_MS; // first event to last, as the server sends them

    public static void main(String[] args) throws Exception {
        ExecutorService streams = Executors.newCachedThreadPool();
        try (DemoServer server = DemoServer.builder()
                .route("/events", (request, response) -> events(streams, response, false))
                .route("/events-no-buffering", (request, response) -> events(streams, response, true))
                .start();
             // tag::proxies[]
             ReverseProxy buffering = ReverseProxy.to(server.port()).buffering(true).start(); // nginx's default
             ReverseProxy streaming = ReverseProxy.to(server.port()).buffering(false).start()) { // proxy_buffering off
            // end::proxies[]
            System.out.println(EVENTS + " events, " + EVERY_MS + " ms apart: when did each reach the client?");
            read(streaming.httpUri("/events")); // one unmeasured run first: the JVM warms up on it
            Arrival held = read(buffering.httpUri("/events"));
            Arrival optOut = read(buffering.httpUri("/events-no-buffering"));
            Arrival direct = read(streaming.httpUri("/events"));

            Table table = new Table("path", "first event after", "last event after", "spread of arrivals");
            table.row("buffering proxy", held.first() + " ms", held.last() + " ms", held.spread() + " ms");
            table.row("buffering proxy, X-Accel-Buffering: no", optOut.first() + " ms", optOut.last() + " ms", optOut.spread() + " ms");
            table.row("buffering off", direct.first() + " ms", direct.last() + " ms", direct.spread() + " ms");
            System.out.print(table);
            Figures.publish("events", EVENTS);
            Figures.publish("every-ms", EVERY_MS);
            Figures.publish("held-first-ms", held.first());
            Figures.publish("held-spread-ms", held.spread());
            Figures.publish("direct-first-ms", direct.first());
            Figures.publish("opt-out-first-ms", optOut.first());
            Claims.check("through the buffering proxy, the first event arrived only once the stream had ended",
                    held.first() >= SPAN_MS * 8 / 10 && held.spread() < SPAN_MS / 4, "first " + held.first() + " ms, spread " + held.spread() + " ms");
            Claims.check("with X-Accel-Buffering: no, and with buffering off, the first event arrived within a quarter of the stream's span",
                    optOut.first() < SPAN_MS / 4 && direct.first() < SPAN_MS / 4, "first " + optOut.first() + " ms / " + direct.first() + " ms");
            Claims.check("with buffering off, the events arrived spread out as they were sent",
                    direct.spread() >= SPAN_MS * 8 / 10 && optOut.spread() >= SPAN_MS * 8 / 10, "spread " + direct.spread() + " / " + optOut.spread() + " ms");
            System.out.println("A buffering proxy holds an event stream back until it ends; X-Accel-Buffering: no or buffering off lets each event through.");
        } finally {
            streams.shutdownNow();
        }
    }

    // tag::server[]
    /** An event stream: ten events, 200 ms apart, each flushed as one chunk. */
    static void events(ExecutorService streams, Response response, boolean optOutOfBuffering) {
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        if (optOutOfBuffering) response.setHeader("X-Accel-Buffering", "no"); // <1>
        response.suspend();
        streams.execute(() -> {
            try {
                Writer body = response.getNIOWriter();
                for (int id = 1; id <= EVENTS; id++) {
                    body.write("id: " + id + "\ndata: tick " + id + "\n\n");
                    body.flush();
                    if (id < EVENTS) TimeUnit.MILLISECONDS.sleep(EVERY_MS); // the events' schedule
                }
            } catch (Exception e) {
                // the client went away
            } finally {
                response.resume();
            }
        });
    }
    // end::server[]

    /** When each event arrived, in ms after the request was sent. */
    record Arrival(List<Long> millis) {
        long first() { return millis.get(0); }
        long last() { return millis.get(millis.size() - 1); }
        long spread() { return last() - first(); }
    }

    static Arrival read(URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build();
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = Clients.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<Long> millis = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) millis.add((System.nanoTime() - sent) / 1_000_000);
            }
        }
        if (millis.size() != EVENTS) throw new IllegalStateException(uri + ": " + millis.size() + " events, not " + EVENTS);
        return new Arrival(millis);
    }
}
