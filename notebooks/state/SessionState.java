///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION WebSocket state lives in the connection: a running total with no per-message identity, lost when the socket dies, restored with a resume token
//JAVA 17+
//SOURCES ../_kit/*.java

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kit.*;

public class SessionState {

    // tag::endpoint[]
    @ServerEndpoint("/tally")
    public static class Tally {
        record Saved(String user, int total) {}
        /** What the server must keep for connections that died: the price of being able to resume. */
        static final Map<String, Saved> PARKED = new ConcurrentHashMap<>();
        static final CountDownLatch ONE_PARKED = new CountDownLatch(1);

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
                ONE_PARKED.countDown();
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
            Tally.ONE_PARKED.await(5, TimeUnit.SECONDS);             // the server noticed, and parked alice's state

            try (WebSocketClient second = WebSocketClient.connect(tap.wsUri("/tally"))) {
                System.out.println("-- connection 2 --");
                String lost = say(second, "add 1");                  // same client, new connection: a stranger
                String back = say(second, "resume " + token);        // the token brings the state back
                String after = say(second, "add 1");
                // end::client[]
                Figures.publish("total-before-kill", before.substring(before.lastIndexOf(' ') + 1));
                Figures.publish("answer-after-reconnect", lost);
                Figures.publish("total-after-resume", after.substring(after.lastIndexOf(' ') + 1));
            }
            List<TapEvent> events = tap.awaitClosed(Duration.ofSeconds(5));

            // tag::bytes[]
            Frame add = events.stream().filter(e -> e.frame() != null && e.frame().text().equals("add 5"))
                    .findFirst().orElseThrow().frame();
            // end::bytes[]
            System.out.println();
            System.out.printf("\"add 5\" crossed the wire as %d B: a %d B header%n"
                    + "and 5 B of payload. Not one byte says who is%n"
                    + "adding; the connection does.%n", add.wireLength(), add.headerLength());
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
        System.out.printf("  %-15s -> %s%n", message, answer);
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
