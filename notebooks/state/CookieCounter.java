///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION HTTP state lives in the request: a per-cookie counter, two users on one keep-alive connection, the cookie's bytes counted
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import kit.*;

public class CookieCounter {

    public static void main(String[] args) throws Exception {
        // tag::server[]
        // The server remembers one number per visitor, keyed by the cookie the request carries.
        // It never looks at which TCP connection a request came in on.
        Map<String, Integer> visits = new ConcurrentHashMap<>();
        AtomicInteger guests = new AtomicInteger();
        DemoServer.Route count = (request, response) -> {
            String user = request.getHeader("Cookie") == null ? null : request.getHeader("Cookie").replace("user=", "");
            String body;
            if (user == null) {
                response.addHeader("Set-Cookie", "user=guest-" + guests.incrementAndGet()); // RFC 6265 §4.1
                body = "who are you?";
            } else {
                body = user + ", visit " + visits.merge(user, 1, Integer::sum);
            }
            response.setContentType("text/plain");
            response.setContentLength(body.length());
            response.getWriter().write(body);
        };
        // end::server[]

        try (DemoServer server = DemoServer.builder().route("/count", count).start();
             WireTap tap = WireTap.in(server).start()) {
            HttpClient client = Clients.http(); // HTTP/1.1: the JDK keeps one connection open and reuses it
            // tag::client[]
            String[] cookies = {null, "user=alice", "user=alice", "user=bob", "user=alice", "user=bob", null};
            for (String cookie : cookies) {
                HttpRequest.Builder request = HttpRequest.newBuilder(tap.httpUri("/count"));
                if (cookie != null) request.header("Cookie", cookie);   // the client's job, every single time
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String setCookie = response.headers().firstValue("Set-Cookie")
                        .map(c -> "\n" + " ".repeat(14) + "Set-Cookie: " + c).orElse("");
                System.out.printf(Locale.ROOT, "%-11s -> %s%s%n", cookie == null ? "(no cookie)" : cookie, response.body(), setCookie);
            }
            // end::client[]
            List<TapEvent> events = tap.await(e -> e.stream().filter(x -> x.kind() == TapEvent.Kind.BODY).count() == cookies.length,
                    Duration.ofSeconds(5));

            // tag::count[]
            long cookieBytes = 0, requestBytes = 0;
            for (TapEvent event : events) {
                if (event.kind() != TapEvent.Kind.HEAD || event.direction() != Direction.CLIENT_TO_SERVER) continue;
                requestBytes += event.bytes();
                String cookie = event.head().field("Cookie");
                if (cookie != null) cookieBytes += "Cookie: ".length() + cookie.length() + 2; // the line and its CRLF
            }
            // end::count[]
            List<HttpHead> requests = events.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD
                    && e.direction() == Direction.CLIENT_TO_SERVER).map(TapEvent::head).toList();
            long withCookie = requests.stream().filter(h -> h.field("Cookie") != null).count();
            long strangers = events.stream().filter(e -> e.kind() == TapEvent.Kind.BODY)
                    .filter(e -> new String(e.body(), java.nio.charset.StandardCharsets.UTF_8).equals("who are you?")).count();
            System.out.println();
            System.out.println("TCP connections the tap saw: " + tap.connections());
            System.out.println("requests the tap saw: " + requests.size() + ", of which " + withCookie + " said who they were");
            System.out.printf(Locale.ROOT, "Cookie lines: %d of %d request-head bytes%n", cookieBytes, requestBytes);
            Claims.check("all the requests went over one TCP connection", tap.connections() == 1 && requests.size() == cookies.length,
                    tap.connections() + " connection(s), " + requests.size() + " requests");
            Claims.check("the server kept alice's and bob's counts apart", Integer.valueOf(3).equals(visits.get("alice"))
                    && Integer.valueOf(2).equals(visits.get("bob")), "visits: " + new java.util.TreeMap<>(visits));
            Claims.check("the two requests without a cookie were answered as strangers", strangers == 2
                    && requests.size() - withCookie == 2, "\"who are you?\" answers: " + strangers);
            System.out.println();
            System.out.println("alice and bob took turns on ONE connection and");
            System.out.println("the server kept their counts apart; the two");
            System.out.println("requests with no cookie were strangers on that");
            System.out.println("same connection. The state is in what each");
            System.out.println("request says, not in the connection.");

            Figures.publish("cookie-connections", tap.connections());
            Figures.publish("cookie-requests", requests.size());
            Figures.publish("alice-visits", visits.get("alice"));
            Figures.publish("bob-visits", visits.get("bob"));
            Figures.publish("cookie-bytes-total", cookieBytes);
            Figures.publish("request-head-bytes-total", requestBytes);
            SequenceDiagram.write(whatWasSaid(events), Figures.file("cookies.svg"));
        }
    }

    /** For the diagram: each request labelled with the cookie it carried, each answer with its text. */
    static List<TapEvent> whatWasSaid(List<TapEvent> events) {
        return events.stream()
                .filter(e -> e.kind() == TapEvent.Kind.CONNECT || e.kind() == TapEvent.Kind.BODY
                        || (e.kind() == TapEvent.Kind.HEAD && e.direction() == Direction.CLIENT_TO_SERVER))
                .map(e -> switch (e.kind()) {
                    case HEAD -> new TapEvent(e.micros(), e.connection(), e.direction(), TapEvent.Kind.BODY, "GET /count"
                            + (e.head().field("Cookie") == null ? " (no cookie)" : "   Cookie: " + e.head().field("Cookie")),
                            e.bytes(), null, null, null);
                    case BODY -> new TapEvent(e.micros(), e.connection(), e.direction(), TapEvent.Kind.BODY,
                            "200 \"" + new String(e.body(), java.nio.charset.StandardCharsets.UTF_8) + "\"", e.bytes(), null, null, null);
                    default -> e;
                })
                .toList();
    }
}
