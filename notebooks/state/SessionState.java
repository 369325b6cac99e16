///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION WebSocket state lives in the connection: a running total with no per-message identity, lost when the socket dies, restored with a resume token
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import kit.*;

public class SessionState {

    // tag::endpoint[]
    @ServerEndpoint("/tally")
    public static class Tally {
        record Saved(String user, int total) {}
        /** What the server must keep for connections that died: the price of being able to resume. */
        static final Map<String, Saved> PARKED = new ConcurrentHashMap<>();
        /** Whose state was parked, one entry per park, for the client side to wait on. */
        static final BlockingQueue<String> PARKINGS = new LinkedBlockingQueue<>();

        @OnMessage
        public String onMessage(String message, Session session) {
            Map<String, Object> state = session.getUserProperties();   // lives exactly as long as this connection
            String[] words = message.split(" ");
            switch (words[0]) {
                case "login" -> {
                    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
                    state.putAll(Map.of("user", words[1], "total", 0, "token", token));
                    return "hi " + words[1] + ", token " + token;
                }
                case "resume" -> {
                    Saved saved = PARKED.remove(words[1]);
                    if (saved == null) return "unknown token";
                    state.putAll(Map.of("user", saved.user(), "total", saved.total(), "token", words[1]));
                    return "welcome back " + saved.user() + ", total " + saved.total();
                }
                default -> {                                         // "add 5": no name, no cookie, no token
                    if (!state.containsKey("user")) return "who are you?";
                    int total = (int) state.get("total") + Integer.parseInt(words[1]);
                    state.put("total", total);
                    return state.get("user") + "'s total " + total;
                }
            }
        }

        @OnClose
        public void onClose(Session session, CloseReason reason) {
            Map<String, Object> state = session.getUserProperties();
            if (state.containsKey("user")) {                         // park it, or it is gone for good
                PARKED.put((String) state.get("token"), new Saved((String) state.get("user"), (int) state.get("total")));
                PARKINGS.add((String) state.get("user"));
            }
        }
    }
    // end::endpoint[]

    public static void main(String[] args) throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(Tally.class).start();
             WireTap tap = WireTap.in(server).start()) {
            // tag::client[]
            WebSocketClient first = WebSocketClient.connect(tap.wsUri("/tally"));
            String welcome = say(first, "login alice");
            String token = welcome.substring(welcome.lastIndexOf(' ') + 1);
            say(first, "add 5");
            say(first, "add 10");
            String before = say(first, "add 20");

            first.socket().abort();                                  // the connection dies: no close frame, TCP torn down
            System.out.println("-- connection 1 killed --");
            String parked = Tally.PARKINGS.poll(5, TimeUnit.SECONDS); // the server noticed, and parked alice's state
            Claims.check("the server noticed the dead connection and parked alice's state", "alice".equals(parked),
                    "parked within 5 s: " + parked);

            try (WebSocketClient second = WebSocketClient.connect(tap.wsUri("/tally"))) {
                System.out.println("-- connection 2 --");
                String lost = say(second, "add 1");                  // same client, new connection: a stranger
                String back = say(second, "resume " + token);        // the token brings the state back
                String after = say(second, "add 1");
                // end::client[]
                Claims.check("on a new connection the same client was a stranger", lost.equals("who are you?"), "answer: " + lost);
                Claims.check("the resume token brought alice's total back", back.equals("welcome back alice, total 35")
                        && after.endsWith(" 36"), "answers: " + back + " / " + after);
                Figures.publish("total-before-kill", before.substring(before.lastIndexOf(' ') + 1));
                Figures.publish("answer-after-reconnect", lost);
                Figures.publish("total-after-resume", after.substring(after.lastIndexOf(' ') + 1));
            }
            List<TapEvent> events = tap.awaitClosed(Duration.ofSeconds(5));

            // tag::bytes[]
            Frame add = events.stream().filter(e -> e.frame() != null && e.frame().text().equals("add 5"))
                    .findFirst().orElseThrow().frame();
            // end::bytes[]
            String secondParked = Tally.PARKINGS.poll(5, TimeUnit.SECONDS); // connection 2 closed normally: parked again
            int firstConnection = events.stream().filter(e -> e.kind() == TapEvent.Kind.CONNECT).findFirst().orElseThrow().connection();
            List<TapEvent> upOnFirst = events.stream().filter(e -> e.connection() == firstConnection
                    && e.direction() == Direction.CLIENT_TO_SERVER).toList();
            boolean closeFrame = upOnFirst.stream().anyMatch(e -> e.frame() != null && e.frame().opcode() == Frame.CLOSE);
            boolean ended = upOnFirst.stream().anyMatch(e -> e.kind() == TapEvent.Kind.END);
            Claims.check("connection 1 ended with no close frame: the client tore its TCP connection down", !closeFrame && ended,
                    "close frame up: " + closeFrame + ", TCP end up: " + ended);
            Claims.check("\"add 5\" carries its 5 characters and a frame header, nothing that says who is adding",
                    add.payloadLength() == "add 5".length() && add.text().equals("add 5"),
                    add.headerLength() + " B header + " + add.payloadLength() + " B payload");
            Claims.check("after connection 2 closed normally the server holds alice's state again",
                    "alice".equals(secondParked) && Tally.PARKED.size() == 1, "parked: " + secondParked + ", held: " + Tally.PARKED.size());
            System.out.println();
            System.out.printf(Locale.ROOT, "\"add 5\" crossed the wire as %d B: a %d B header%n"
                    + "and %d B of payload. Not one byte says who is%n"
                    + "adding; the connection does.%n", add.wireLength(), add.headerLength(), add.payloadLength());
            System.out.println("TCP connections: " + tap.connections() + ". Connection 2 closed too, so");
            System.out.println("the server now holds " + Tally.PARKED.size() + " parked state(s), waiting for");
            System.out.println("a resume that may never come: memory per absent");
            System.out.println("user, and a rule for when to forget.");
            Figures.publish("add-frame-bytes", add.wireLength());
            Figures.publish("session-connections", tap.connections());
            SequenceDiagram.write(whatWasSaid(events), Figures.file("session.svg"));
        }
    }

    static String say(WebSocketClient client, String message) throws Exception {
        client.send(message);
        String answer = client.receive();
        System.out.printf(Locale.ROOT, "  %-15s -> %s%n", message, answer);
        return answer;
    }

    /** For the diagram: text frames labelled with what they said. */
    static List<TapEvent> whatWasSaid(List<TapEvent> events) {
        return events.stream().map(e -> e.frame() == null ? e
                : new TapEvent(e.micros(), e.connection(), e.direction(), TapEvent.Kind.BODY,
                        e.frame().opcode() == Frame.TEXT ? "\"" + e.frame().text() + "\"" : e.frame().label(),
                        e.bytes(), null, null, null)).toList();
    }
}
