///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Three requests in flight on one socket: HTTP/1.1 answers in request order, WebSocket answers as work finishes, so messages need ids
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kit.*;

public class InFlight {

    // The "work": squaring n takes n × 50 ms, so big questions take longest.
    static final ScheduledExecutorService WORKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "worker");
        t.setDaemon(true);
        return t;
    });

    static long workMillis(int n) {
        return n * 50L;
    }

    // tag::servers[]
    /** WebSocket: "#id square n" in, "#id n²" out, sent whenever the work is done. */
    @ServerEndpoint("/square")
    public static class Squares {
        @OnMessage
        public void onMessage(String message, Session session) {
            String[] parts = message.split(" ");                  // "#1", "square", "3"
            int n = Integer.parseInt(parts[2]);
            WORKER.schedule(() -> send(session, parts[0] + " " + n * n), workMillis(n), TimeUnit.MILLISECONDS);
        }
    }

    /** HTTP: GET /square?n=3 answers "9" after the same work. */
    static void square(org.glassfish.grizzly.http.server.Request request, org.glassfish.grizzly.http.server.Response response) {
        int n = Integer.parseInt(request.getParameter("n"));
        response.suspend();                                       // answer later, from the worker
        WORKER.schedule(() -> {
            try {
                byte[] body = String.valueOf(n * n).getBytes(StandardCharsets.US_ASCII);
                response.setContentType("text/plain");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            } catch (IOException e) {
                response.setStatus(500);
            } finally {
                response.resume();
            }
        }, workMillis(n), TimeUnit.MILLISECONDS);
    }
    // end::servers[]

    public static void main(String[] args) throws Exception {
        int[] questions = {3, 1, 2};
        try (DemoServer server = DemoServer.builder().endpoint(Squares.class).route("/square", InFlight::square).start();
             WireTap httpTap = WireTap.in(server).start();
             WireTap wsTap = WireTap.in(server).start()) {
            warmUp(server); // one untimed round each way first, so neither side pays for class loading below

            // tag::http[]
            // HTTP/1.1: three GETs written back to back on one connection ("pipelining", RFC 9112 §9.3.2).
            // The JDK client never does this, so the bytes are written by hand.
            StringBuilder pipeline = new StringBuilder();
            for (int n : questions) pipeline.append("GET /square?n=" + n + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            try (Socket socket = new Socket("127.0.0.1", httpTap.port())) {
                socket.getOutputStream().write(pipeline.toString().getBytes(StandardCharsets.US_ASCII));
                httpTap.await(events -> count(events, TapEvent.Kind.BODY) == questions.length, Duration.ofSeconds(5));
            }
            // end::http[]
            System.out.println("HTTP/1.1, three requests pipelined on one connection:");
            List<TapEvent> http = httpTap.timeline();
            report(http, TapEvent.Kind.BODY);
            Figures.publish("http-answer-order", String.join(", ", http.stream().filter(e -> e.kind() == TapEvent.Kind.BODY)
                    .map(e -> new String(e.body(), StandardCharsets.US_ASCII)).toList()));

            // tag::ws[]
            // WebSocket: three messages sent at once; each carries an id, and so does each answer.
            try (WebSocketClient client = WebSocketClient.connect(wsTap.wsUri("/square"))) {
                for (int i = 0; i < questions.length; i++) client.send("#" + (i + 1) + " square " + questions[i]);
                List<String> answers = new ArrayList<>();
                for (int i = 0; i < questions.length; i++) answers.add(client.receive());
                System.out.println();
                System.out.println("WebSocket, three messages in flight on one connection:");
                report(wsTap.timeline(), TapEvent.Kind.FRAME);

                System.out.println();
                System.out.println("These WebSocket answers matched by arrival order,");
                System.out.println("the rule an HTTP/1.1 client may use:");
                int wrong = 0;
                for (int i = 0; i < questions.length; i++) {
                    String value = answers.get(i).split(" ")[1];
                    boolean right = Integer.parseInt(value) == questions[i] * questions[i];
                    if (!right) wrong++;
                    System.out.printf(Locale.ROOT, "  square %d = %-2s %s%n", questions[i], value, right ? "right" : "WRONG");
                }
                System.out.println("Matched by id, as a WebSocket client must:");
                for (String answer : answers) {
                    int id = Integer.parseInt(answer.substring(1, answer.indexOf(' ')));
                    System.out.printf(Locale.ROOT, "  %s is the answer to #%d, square %d%n", answer, id, questions[id - 1]);
                }
                // end::ws[]
                Claims.check("matched by arrival order, every WebSocket answer was wrong", wrong == questions.length,
                        "wrong: " + wrong + " of " + questions.length);
                Figures.publish("ws-answer-order", String.join(", ", answers.stream().map(a -> a.split(" ")[0]).toList()));
            }
            List<TapEvent> ws = wsTap.awaitClosed(Duration.ofSeconds(5));

            long httpLast = lastAnswer(http, TapEvent.Kind.BODY) - firstRequest(http), wsLast = lastAnswer(ws, TapEvent.Kind.FRAME) - firstFrame(ws);
            System.out.println();
            System.out.printf(java.util.Locale.ROOT, "All three answers took %.0f ms over HTTP/1.1%n"
                    + "(work %d + %d + %d ms, one after another), and%n"
                    + "%.0f ms over WebSocket (the longest piece of work).%n",
                    httpLast / 1000.0, workMillis(3), workMillis(1), workMillis(2), wsLast / 1000.0);
            String httpOrder = String.join(", ", http.stream().filter(e -> e.kind() == TapEvent.Kind.BODY)
                    .map(e -> new String(e.body(), StandardCharsets.US_ASCII)).toList());
            long workSum = workMillis(3) + workMillis(1) + workMillis(2);
            Claims.check("HTTP/1.1 answered in the order of the questions", httpOrder.equals("9, 1, 4"), "answers: " + httpOrder);
            Claims.check("Grizzly worked on the pipelined requests one after another: all three took at least the sum of the work",
                    httpLast / 1000.0 >= workSum * 0.95, String.format(java.util.Locale.ROOT, "%.0f ms for %d ms of work", httpLast / 1000.0, workSum));
            Claims.check("the WebSocket answers came as the work finished, quickest first", wsOrder(ws).equals("#2, #3, #1"),
                    "arrival: " + wsOrder(ws));
            Claims.check("all three WebSocket answers took less time than the three HTTP/1.1 answers", wsLast < httpLast,
                    String.format(java.util.Locale.ROOT, "WebSocket %.0f ms, HTTP/1.1 %.0f ms", wsLast / 1000.0, httpLast / 1000.0));
            Figures.publish("http-all-answers-ms", Math.round(httpLast / 1000.0));
            Figures.publish("ws-all-answers-ms", Math.round(wsLast / 1000.0));

            java.nio.file.Files.writeString(Figures.file("in-flight.svg"), SequenceDiagram.sideBySide(
                    "HTTP/1.1: pipelined, answered in order", withContent(http),
                    "WebSocket: answered as work finishes", withContent(ws.stream().filter(e -> e.kind() == TapEvent.Kind.FRAME).toList())));
        }
        WORKER.shutdownNow();
    }
    // Helpers below only print and draw what the tap recorded.

    static void warmUp(DemoServer server) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(server.httpUri("/square?n=0")).build();
        Clients.http().send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        try (WebSocketClient client = WebSocketClient.connect(server.wsUri("/square"))) {
            client.send("#0 square 0").receive();
        }
    }

    static void send(Session session, String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            // the client has gone; nothing to answer
        }
    }

    /** The ids of the server's text frames, in the order the tap saw them. */
    static String wsOrder(List<TapEvent> events) {
        return String.join(", ", events.stream().filter(e -> e.kind() == TapEvent.Kind.FRAME
                && e.direction() == Direction.SERVER_TO_CLIENT && e.frame().opcode() == Frame.TEXT)
                .map(e -> e.frame().text().split(" ")[0]).toList());
    }

    static long count(List<TapEvent> events, TapEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind && e.direction() == Direction.SERVER_TO_CLIENT).count();
    }

    /** One line per request and per answer, in the order the tap saw them. */
    static void report(List<TapEvent> events, TapEvent.Kind answerKind) {
        long start = -1;
        for (TapEvent e : events) {
            boolean question = e.direction() == Direction.CLIENT_TO_SERVER
                    && e.kind() == (answerKind == TapEvent.Kind.BODY ? TapEvent.Kind.HEAD : TapEvent.Kind.FRAME);
            boolean answer = e.direction() == Direction.SERVER_TO_CLIENT && e.kind() == answerKind;
            if (question && start < 0) start = e.micros();
            if (question || answer) {
                System.out.printf(Locale.ROOT, "  %7.1f ms  %-16s %s%n", (e.micros() - start) / 1000.0, e.direction(), content(e));
            }
        }
    }

    static String content(TapEvent e) {
        if (e.kind() == TapEvent.Kind.HEAD) return e.head().startLine().replace(" HTTP/1.1", "");
        if (e.kind() == TapEvent.Kind.FRAME) return "\"" + e.frame().text() + "\"";
        return "body \"" + new String(e.body(), StandardCharsets.UTF_8) + "\"";
    }

    static long firstRequest(List<TapEvent> events) {
        return events.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD).findFirst().orElseThrow().micros();
    }

    static long firstFrame(List<TapEvent> events) {
        return events.stream().filter(e -> e.kind() == TapEvent.Kind.FRAME).findFirst().orElseThrow().micros();
    }

    static long lastAnswer(List<TapEvent> events, TapEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind && e.direction() == Direction.SERVER_TO_CLIENT
                && (e.frame() == null || e.frame().opcode() == Frame.TEXT)).mapToLong(TapEvent::micros).max().orElseThrow();
    }

    /** The same events, labelled with what they carried, so the diagram shows which answer is which. */
    static List<TapEvent> withContent(List<TapEvent> events) {
        return events.stream()
                .filter(e -> e.kind() == TapEvent.Kind.HEAD || e.kind() == TapEvent.Kind.BODY || e.kind() == TapEvent.Kind.CONNECT
                        || (e.kind() == TapEvent.Kind.FRAME && e.frame().opcode() == Frame.TEXT))
                .filter(e -> !(e.kind() == TapEvent.Kind.HEAD && e.direction() == Direction.SERVER_TO_CLIENT))
                .map(e -> e.kind() == TapEvent.Kind.CONNECT ? e : new TapEvent(e.micros(), e.connection(), e.direction(),
                        TapEvent.Kind.BODY, content(e), e.bytes(), null, null, null))
                .toList();
    }
}
