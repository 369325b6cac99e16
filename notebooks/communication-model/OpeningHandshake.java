///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION The WebSocket opening handshake as it crossed the wire (GET + Upgrade -> 101), the Accept value recomputed, the first frames annotated
//JAVA 17
//SOURCES ../_kit/*.java

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kit.*;

public class OpeningHandshake {

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }

    public static void main(String[] args) throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(Echo.class).get("/hello", request -> "hello\n").start();
             WireTap httpTap = WireTap.in(server).start();   // one tap per story, so each has its own timeline
             WireTap wsTap = WireTap.in(server).start()) {

            // For comparison: a plain GET to the same server, same port.
            Clients.http().send(HttpRequest.newBuilder(httpTap.httpUri("/hello")).build(), HttpResponse.BodyHandlers.ofString());

            // tag::connect[]
            try (WebSocketClient client = WebSocketClient.connect(wsTap.wsUri("/echo"))) { // GET + Upgrade -> 101
                client.send("hello");                                 // one text frame up ...
                System.out.println("echoed: " + client.receive());   // ... one text frame down
            }                                                         // close 1000 both ways, then TCP closes
            List<TapEvent> events = wsTap.awaitClosed(Duration.ofSeconds(5));
            // end::connect[]

            // tag::check[]
            HttpHead request = headOf(events, Direction.CLIENT_TO_SERVER), response = headOf(events, Direction.SERVER_TO_CLIENT);
            System.out.println();
            System.out.println("The request, as the client sent it (" + request.length() + " B):");
            System.out.print(indent(request.text()));
            System.out.println();
            System.out.println("The answer (" + response.length() + " B):");
            System.out.print(indent(response.text()));

            String key = request.field("Sec-WebSocket-Key");
            String expected = Handshake.accept(key);              // base64(SHA-1(key + GUID)), RFC 6455 §4.2.2
            String sent = response.field("Sec-WebSocket-Accept");
            System.out.println();
            System.out.println("Sec-WebSocket-Key     " + key);
            System.out.println("+ GUID                " + Handshake.GUID);
            System.out.println("SHA-1, base64         " + expected);
            System.out.println("server sent           " + sent + (expected.equals(sent) ? "   match" : "   NO MATCH"));
            // end::check[]

            // tag::frames[]
            System.out.println();
            System.out.println("After the 101, the same TCP connection carries frames, byte by byte:");
            for (TapEvent event : events) {
                if (event.kind() == TapEvent.Kind.FRAME) System.out.print(event.transcript());
            }
            // end::frames[]

            List<Frame> up = wsTap.frames(Direction.CLIENT_TO_SERVER), down = wsTap.frames(Direction.SERVER_TO_CLIENT);
            System.out.println();
            System.out.printf("\"hello\" is 5 B of text: %d B on the wire going up (masked), %d B coming down (unmasked).%n",
                    up.get(0).wireLength(), down.get(0).wireLength());
            System.out.printf("The handshake cost %d B + %d B, once; each message after it costs a frame header.%n",
                    request.length(), response.length());

            Figures.publish("upgrade-request-bytes", request.length());
            Figures.publish("upgrade-response-bytes", response.length());
            Figures.publish("accept-matches", expected.equals(sent) ? "yes" : "no");
            Figures.publish("hello-frame-up-bytes", up.get(0).wireLength());
            Figures.publish("hello-frame-down-bytes", down.get(0).wireLength());
            Figures.publish("frames-seen", up.size() + down.size());

            List<TapEvent> plain = httpTap.timeline();
            java.nio.file.Files.writeString(Figures.file("http-and-websocket.svg"),
                    sideBySide("HTTP: GET /hello", plain, "WebSocket: GET /echo + Upgrade", events));
        }
    }

    private static HttpHead headOf(List<TapEvent> events, Direction direction) {
        return events.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD && e.direction() == direction)
                .map(TapEvent::head).findFirst().orElseThrow();
    }

    private static String indent(String text) {
        return "  " + text.stripTrailing().replace("\n", "\n  ") + "\n";
    }

    /** Two recorded timelines drawn next to each other in one picture, each with its title. */
    static String sideBySide(String leftTitle, List<TapEvent> left, String rightTitle, List<TapEvent> right) {
        String a = SequenceDiagram.svg(left), b = SequenceDiagram.svg(right);
        int height = Math.max(height(a), height(b)) + 30, width = 1300;
        return String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "fill=\"currentColor\" font-family=\"system-ui, sans-serif\" font-size=\"15\" font-weight=\"600\" role=\"img\">%n"
                        + "<text x=\"330\" y=\"20\" text-anchor=\"middle\">%s</text>%n<text x=\"980\" y=\"20\" text-anchor=\"middle\">%s</text>%n"
                        + "%s%s</svg>%n",
                width, height, width, height, leftTitle, rightTitle,
                a.replaceFirst("<svg ", "<svg x=\"0\" y=\"30\" font-weight=\"400\" "),
                b.replaceFirst("<svg ", "<svg x=\"660\" y=\"30\" font-weight=\"400\" "));
    }

    private static int height(String svg) {
        Matcher m = Pattern.compile("height=\"(\\d+)\"").matcher(svg);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
