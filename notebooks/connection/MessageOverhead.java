///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Bytes on the wire for the same payload (10 B, 1 KB): an HTTP request/response pair vs a WebSocket frame each way
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES BarChart.java

import java.util.Locale;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import kit.*;

public class MessageOverhead {

    static final int SMALL = 10, LARGE = 1024; // the two payloads, in bytes: under 126 and over it (RFC 6455 §5.2)

    public static void main(String[] args) throws Exception {
        // tag::server[]
        DemoServer.Builder builder = DemoServer.builder().endpoint(EchoEndpoint.class)
                // HTTP echo: the body comes back as it went
                .route("/echo", (request, response) -> {
                    byte[] body = request.getInputStream().readAllBytes();
                    response.setContentType("text/plain;charset=utf-8");
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                });
        // end::server[]
        Table table = new Table("body", "HTTP up", "HTTP down", "WS up", "WS down");
        BarChart chart = new BarChart("Bytes on the wire for one message and its echo", "bytes, both ways", "payload", "protocol overhead").stacked();
        try (DemoServer server = builder.start(); WireTap tap = WireTap.in(server).start();
             WebSocketClient ws = WebSocketClient.connect(tap.wsUri("/echo"))) {
            long[] handshake = snapshot(tap); // the upgrade request and the 101: paid once per connection
            HttpClient http = Clients.http();
            send(http, tap, "warm-up"); // opens the HTTP connection: from now on only the exchange is counted

            Figures.publish("small-payload-bytes", SMALL);
            Figures.publish("large-payload-kb", LARGE / 1024);
            for (int size : new int[] {SMALL, LARGE}) {
                String payload = "x".repeat(size);
                // tag::count[]
                long[] before = snapshot(tap);
                send(http, tap, payload);                   // POST it, 200 with it back
                long[] afterHttp = snapshot(tap);
                ws.send(payload);
                ws.receive();                               // one frame up, one frame down
                long[] afterWs = snapshot(tap);
                // end::count[]
                long httpUp = afterHttp[0] - before[0], httpDown = afterHttp[1] - before[1];
                long wsUp = afterWs[0] - afterHttp[0], wsDown = afterWs[1] - afterHttp[1];
                String name = size == SMALL ? size + " B" : size / 1024 + " KB";
                table.row(name, httpUp, httpDown, wsUp, wsDown);
                chart.row("HTTP, " + name, 2 * size, httpUp + httpDown - 2 * size);
                chart.row("WebSocket, " + name, 2 * size, wsUp + wsDown - 2 * size);
                long headerUp = size <= 125 ? 6 : 8, headerDown = size <= 125 ? 2 : 4; // RFC 6455 §5.2
                Claims.check("a " + name + " WebSocket message cost a " + headerUp + "-byte header up and a " + headerDown + "-byte one down",
                        wsUp - size == headerUp && wsDown - size == headerDown, "up " + (wsUp - size) + " B, down " + (wsDown - size) + " B of header");
                Claims.check("a " + name + " message and its echo cost fewer bytes as WebSocket frames than as an HTTP exchange",
                        wsUp + wsDown < httpUp + httpDown, "WebSocket " + (wsUp + wsDown) + " B, HTTP " + (httpUp + httpDown) + " B");
                String key = size == SMALL ? "small" : "kb";
                Figures.publish("http-" + key + "-bytes", String.format(Locale.ROOT, "%,d", httpUp + httpDown));
                Figures.publish("ws-" + key + "-bytes", String.format(Locale.ROOT, "%,d", wsUp + wsDown));
                Figures.publish("http-" + key + "-overhead", String.format(Locale.ROOT, "%,d", httpUp + httpDown - 2 * size));
                Figures.publish("ws-" + key + "-overhead", String.format(Locale.ROOT, "%,d", wsUp + wsDown - 2 * size));
                if (size == SMALL) {
                    long perHttp = httpUp + httpDown, perWs = wsUp + wsDown, opening = handshake[0] + handshake[1];
                    Claims.check("small messages cost fewer bytes as WebSocket frames than as HTTP exchanges, so the handshake pays for itself",
                            perWs < perHttp, "WebSocket " + perWs + " B, HTTP " + perHttp + " B a message");
                    long breakEven = (long) Math.ceil((double) opening / (perHttp - perWs));
                    Figures.publish("handshake-bytes", String.format(Locale.ROOT, "%,d", opening));
                    Figures.publish("break-even-messages", breakEven);
                    System.out.printf(Locale.ROOT, "The WebSocket's opening handshake cost %,d B up and %,d B down, once. "
                            + "With %d-byte messages it has paid for itself after %d messages.%n%n", handshake[0], handshake[1], SMALL, breakEven);
                }
            }
            System.out.println(table);
            chart.write(Figures.file("message-overhead.svg"));
        }
        System.out.println("HTTP carries a request line and headers up, and a status line and headers down, for every "
                + "message. A WebSocket frame carries 2 to 14 bytes of header (RFC 6455 §5.2): 6 up (with the mask key) "
                + "and 2 down for anything up to 125 bytes, 8 and 4 for " + LARGE / 1024 + " KB.");
    }

    static void send(HttpClient http, WireTap tap, String body) throws Exception {
        http.send(HttpRequest.newBuilder(tap.httpUri("/echo")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Bytes the tap has passed on so far: {up, down}. */
    static long[] snapshot(WireTap tap) {
        return new long[] {tap.bytes(Direction.CLIENT_TO_SERVER), tap.bytes(Direction.SERVER_TO_CLIENT)};
    }
}
