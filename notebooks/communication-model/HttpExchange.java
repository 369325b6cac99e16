///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION One HTTP/1.1 exchange through a wire tap: the request head and the response head as they crossed the wire, with byte counts
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import kit.*;

public class HttpExchange {

    public static void main(String[] args) throws Exception {
        // tag::exchange[]
        // The whole server: one route. The client talks to the tap.
        try (DemoServer server = DemoServer.builder()
                     .get("/hello", request -> "hello\n").start();
             WireTap tap = WireTap.in(server).start()) {
            var client = Clients.http(); // JDK HttpClient, HTTP/1.1
            var request = HttpRequest.newBuilder(tap.httpUri("/hello"))
                    .build();
            var text = HttpResponse.BodyHandlers.ofString();

            HttpResponse<String> first = client.send(request, text);
            HttpResponse<String> second = client.send(request, text);
            // end::exchange[]
            List<TapEvent> events = tap.await(e -> e.stream().filter(x -> x.kind() == TapEvent.Kind.BODY).count() == 2,
                    Duration.ofSeconds(5));

            // tag::show[]
            System.out.println("The first GET on the wire (→ up, ← down):");
            // connect, request head, response head, body
            List<TapEvent> firstExchange = events.subList(0, 4);
            for (TapEvent event : firstExchange) print(event);
            System.out.println();

            TapEvent requestHead = firstExchange.get(1);
            TapEvent responseHead = firstExchange.get(2);
            TapEvent body = firstExchange.get(3);
            System.out.print(new Table("part", "way", "bytes")
                    .row("request head", "→", requestHead.bytes())
                    .row("response head", "←", responseHead.bytes())
                    .row("response body", "←", body.bytes()));
            // end::show[]
            System.out.println();
            System.out.println("The second GET, same connection:");
            for (TapEvent event : events.subList(4, events.size())) {
                System.out.printf(Locale.ROOT, "  %s  %-14s %,4d B%n", arrow(event), event.label(), event.bytes());
            }
            System.out.println();
            System.out.println("answers: \"" + first.body().strip() + "\" and \"" + second.body().strip()
                    + "\", status " + first.statusCode() + " and " + second.statusCode());
            System.out.println("TCP connections used: " + tap.connections());
            System.out.println();
            System.out.printf(Locale.ROOT, "The client spoke first, each time; the server%n"
                    + "only answered. Every request paid its whole head%n"
                    + "again (%d B) and got back a %d B head for a%n%d B body.%n",
                    requestHead.bytes(), responseHead.bytes(), body.bytes());

            List<Integer> requestHeads = events.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD
                    && e.direction() == Direction.CLIENT_TO_SERVER).map(TapEvent::bytes).toList();
            Claims.check("both GETs went over one TCP connection", tap.connections() == 1, "connections: " + tap.connections());
            Claims.check("the second request paid for its whole head again", requestHeads.size() == 2
                    && requestHeads.get(1).equals(requestHeads.get(0)), "request heads: " + requestHeads + " B");
            Figures.publish("request-head-bytes", requestHead.bytes());
            Figures.publish("response-head-bytes", responseHead.bytes());
            Figures.publish("response-body-bytes", body.bytes());
            Figures.publish("exchange-connections", tap.connections());
        }
    }

    static String arrow(TapEvent event) {
        return event.direction() == Direction.CLIENT_TO_SERVER ? "→" : "←";
    }

    /** One event in a narrow column: time, way, what, bytes; a head line by line. */
    static void print(TapEvent event) {
        String what = event.kind() != TapEvent.Kind.HEAD ? event.label()
                : event.head().isRequest() ? "request head" : "response head";
        String size = event.bytes() > 0 ? " (" + event.bytes() + " B)" : "";
        System.out.printf(Locale.ROOT, "%6.1f ms %s %s%s%n", event.micros() / 1000.0, arrow(event), what, size);
        if (event.kind() == TapEvent.Kind.HEAD) {
            for (String line : event.head().text().split("\n")) System.out.println("    " + line);
        }
    }
}
