///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION One HTTP/1.1 exchange through a wire tap: the request head and the response head as they crossed the wire, with byte counts
//JAVA 17
//SOURCES ../_kit/*.java

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import kit.*;

public class HttpExchange {

    public static void main(String[] args) throws Exception {
        // tag::exchange[]
        try (DemoServer server = DemoServer.builder()
                     .get("/hello", request -> "hello\n")        // the whole server: one route
                     .start();
             WireTap tap = WireTap.in(server).start()) {          // the client talks to the tap
            var client = Clients.http();                          // JDK HttpClient, pinned to HTTP/1.1
            var request = HttpRequest.newBuilder(tap.httpUri("/hello")).build();

            HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());
            // end::exchange[]
            List<TapEvent> events = tap.await(e -> e.stream().filter(x -> x.kind() == TapEvent.Kind.BODY).count() == 2,
                    Duration.ofSeconds(5));

            // tag::show[]
            System.out.println("What crossed the wire for the first GET (one line per event, times from the tap):");
            System.out.println();
            List<TapEvent> firstExchange = events.subList(0, 4);  // connect, request head, response head, body
            for (TapEvent event : firstExchange) System.out.print(event.transcript());
            System.out.println();

            TapEvent requestHead = firstExchange.get(1), responseHead = firstExchange.get(2), body = firstExchange.get(3);
            System.out.print(new Table("part of the exchange", "direction", "bytes")
                    .row("request head", requestHead.direction(), requestHead.bytes())
                    .row("response head", responseHead.direction(), responseHead.bytes())
                    .row("response body", body.direction(), body.bytes()));
            // end::show[]
            System.out.println();
            System.out.println("The second GET, a moment later, on the same connection:");
            for (TapEvent event : events.subList(4, events.size())) {
                System.out.printf("  %-16s %-40s %,5d B%n", event.direction(), event.label(), event.bytes());
            }
            System.out.println();
            System.out.println("answers: \"" + first.body().strip() + "\" and \"" + second.body().strip() + "\", status "
                    + first.statusCode() + " and " + second.statusCode());
            System.out.println("TCP connections used: " + tap.connections());
            System.out.println();
            System.out.printf("The client spoke first, each time; the server only ever answered. Every request paid%n"
                    + "for its whole head again (%d B), and got back a %d B head for a %d B body.%n",
                    requestHead.bytes(), responseHead.bytes(), body.bytes());

            Figures.publish("request-head-bytes", requestHead.bytes());
            Figures.publish("response-head-bytes", responseHead.bytes());
            Figures.publish("response-body-bytes", body.bytes());
            Figures.publish("exchange-connections", tap.connections());
        }
    }
}
