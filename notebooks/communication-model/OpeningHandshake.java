///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION The WebSocket opening handshake as it crossed the wire (GET + Upgrade -> 101), the Accept value recomputed, the first frames annotated
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import kit.*;

public class OpeningHandshake {

    public static void main(String[] args) throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).get("/hello", request -> "hello\n").start();
             WireTap httpTap = WireTap.in(server).start();   // one tap per story, so each has its own timeline
             WireTap wsTap = WireTap.in(server).start()) {

            // For comparison: a plain GET to the same server, same port.
            Clients.http().send(HttpRequest.newBuilder(httpTap.httpUri("/hello")).build(), HttpResponse.BodyHandlers.ofString());

            // tag::connect[]
            // connect: GET + Upgrade, answered 101
            try (var client = WebSocketClient.connect(wsTap.wsUri("/echo"))) {
                client.send("hello");                        // a text frame up
                System.out.println("echoed: " + client.receive()); // one down
            } // close 1000 both ways, then TCP closes
            List<TapEvent> events = wsTap.awaitClosed(Duration.ofSeconds(5));
            // end::connect[]

            // tag::check[]
            HttpHead request = headOf(events, Direction.CLIENT_TO_SERVER);
            HttpHead response = headOf(events, Direction.SERVER_TO_CLIENT);
            System.out.println();
            System.out.println("The request, as the client sent it (" + request.length() + " B):");
            System.out.print(indent(request.text()));
            System.out.println();
            System.out.println("The answer (" + response.length() + " B):");
            System.out.print(indent(response.text()));

            String key = request.field("Sec-WebSocket-Key");
            // base64(SHA-1(key + GUID)), RFC 6455 §4.2.2
            String expected = Handshake.accept(key);
            String sent = response.field("Sec-WebSocket-Accept");
            System.out.println();
            System.out.println("key         " + key);
            System.out.println("+ GUID      " + Handshake.GUID);
            System.out.println("SHA-1, b64  " + expected);
            System.out.println("server sent " + sent);
            System.out.println(expected.equals(sent) ? "            match" : "            NO MATCH");
            // end::check[]

            // tag::frames[]
            System.out.println();
            System.out.println("After the 101, frames, byte by byte:");
            for (TapEvent event : events) {
                if (event.kind() == TapEvent.Kind.FRAME) print(event);
            }
            // end::frames[]

            List<Frame> up = wsTap.frames(Direction.CLIENT_TO_SERVER), down = wsTap.frames(Direction.SERVER_TO_CLIENT);
            System.out.println();
            System.out.printf(Locale.ROOT, "\"hello\" is 5 B of text: %d B on the wire up%n"
                    + "(masked), %d B down (unmasked). The handshake%n"
                    + "cost %d B + %d B, once; each message after it%n"
                    + "costs a frame header.%n",
                    up.get(0).wireLength(), down.get(0).wireLength(), request.length(), response.length());

            Claims.check("the server answered the upgrade with 101 Switching Protocols", response.startLine().contains(" 101 "),
                    "status line: " + response.startLine());
            Claims.check("the server's Sec-WebSocket-Accept is base64(SHA-1(key + GUID))", expected.equals(sent),
                    "expected " + expected + ", sent " + sent);
            Claims.check("the tap saw four frames: the text and a close going up, the echo and a close coming down",
                    up.size() == 2 && down.size() == 2 && up.get(1).opcode() == Frame.CLOSE && down.get(1).opcode() == Frame.CLOSE,
                    "up " + up.size() + ", down " + down.size());
            Claims.check("the client's frame is four bytes longer, the masking key; the server's is unmasked",
                    up.get(0).masked() && !down.get(0).masked() && up.get(0).wireLength() == down.get(0).wireLength() + 4,
                    "up " + up.get(0).wireLength() + " B, down " + down.get(0).wireLength() + " B");
            Figures.publish("upgrade-request-bytes", request.length());
            Figures.publish("upgrade-response-bytes", response.length());
            Figures.publish("accept-matches", expected.equals(sent) ? "yes" : "no");
            Figures.publish("hello-frame-up-bytes", up.get(0).wireLength());
            Figures.publish("hello-frame-down-bytes", down.get(0).wireLength());
            Figures.publish("frames-seen", up.size() + down.size());

            List<TapEvent> plain = httpTap.timeline();
            java.nio.file.Files.writeString(Figures.file("http-and-websocket.svg"),
                    SequenceDiagram.sideBySide("HTTP: GET /hello", plain, "WebSocket: GET /echo + Upgrade", events));
        }
    }

    private static HttpHead headOf(List<TapEvent> events, Direction direction) {
        return events.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD && e.direction() == direction)
                .map(TapEvent::head).findFirst().orElseThrow();
    }

    /** A frame in a narrow column: what it is, then its bytes, each part named. */
    private static void print(TapEvent event) {
        Frame frame = event.frame();
        System.out.printf(Locale.ROOT, "%s %s%s, %d B%n", event.direction() == Direction.CLIENT_TO_SERVER ? "→" : "←",
                frame.type(), frame.masked() ? ", masked" : "", frame.wireLength());
        List<String[]> parts = frame.annotatedHex().lines()
                .map(line -> new String[] {line.substring(2, 50).trim(), line.substring(51)}).toList();
        int width = parts.stream().mapToInt(p -> p[0].length()).max().orElse(0);
        for (String[] part : parts) System.out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", part[0], part[1].replace(" RSV=000", ""));
    }

    private static String indent(String text) {
        return "  " + text.stripTrailing().replace("\n", "\n  ") + "\n";
    }
}
