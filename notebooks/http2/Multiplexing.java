///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Three requests at once on one HTTP/2 connection: answers as work finishes, on their own streams; HTTP/1.1 pipelining answers in order
//JAVA 17+
//DEPS org.glassfish.grizzly:grizzly-http2:4.0.2
//DEPS org.glassfish.grizzly:grizzly-npn-api:2.0.0
//DEPS org.eclipse.jetty.http2:jetty-http2-hpack:12.1.14
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES ../_kit/*.java
//SOURCES GrizzlyH2.java
//SOURCES H2Wire.java
//SOURCES StreamLanes.java

import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import kit.*;

public class Multiplexing {

    public static void main(String[] args) throws Exception {
        int[] questions = {3, 1, 2}; // n x 50 ms of work each: the first question is the slowest
        H2Wire wire = new H2Wire();
        try (GrizzlyH2 server = new GrizzlyH2();
             WireTap tap = WireTap.to(server.port()).observe(wire).start();
             WireTap pipelineTap = WireTap.to(server.port()).start()) {
            // tag::h2[]
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            // The first request offers the upgrade (Upgrade: h2c) and becomes stream 1 (RFC 9113 §3.1 keeps it only as history).
            String first = client.send(HttpRequest.newBuilder(tap.httpUri("/square?n=0")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            int warm = warmUp(client, tap); // one untimed round of three streams first, so neither side pays for class loading below
            server.gather(questions.length); // the work starts when all three questions are in, as if they had come at once
            ConcurrentLinkedQueue<String> arrivals = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < questions.length; i++) { // three streams on the one connection, none waiting for an answer
                answers.add(client.sendAsync(HttpRequest.newBuilder(tap.httpUri("/square?n=" + questions[i])).build(),
                        HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> arrivals.add(r.uri().getQuery() + " = " + r.body())));
                wire.await(f -> f.type().equals("HEADERS") && f.stream() > warm && f.direction() == Direction.CLIENT_TO_SERVER,
                        i + 1, Duration.ofSeconds(5)); // <1>
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            // end::h2[]
            List<H2Wire.H2Frame> all = wire.await(f -> f.type().equals("DATA") && f.endStream() && f.stream() > warm
                    && f.direction() == Direction.SERVER_TO_CLIENT, questions.length, Duration.ofSeconds(5));
            List<H2Wire.H2Frame> frames = all.stream().filter(f -> f.stream() == 0 || f.stream() == 1 || f.stream() > warm).toList();
            List<H2Wire.H2Frame> round = frames.stream().filter(f -> f.stream() > warm).toList();
            // on the wire, from the moment all three questions were out (the last request's HEADERS) to the last answer's DATA
            long h2Millis = (last(round, "DATA").micros() - last(round, "HEADERS", Direction.CLIENT_TO_SERVER).micros()) / 1000;
            System.out.println("HTTP/2 (h2c), the JDK client and Grizzly with Http2AddOn; the frames as the tap read them");
            System.out.println("(the warm-up's streams 3 to " + warm + " left out):");
            System.out.print(H2Wire.transcript(frames, false));
            System.out.println();
            System.out.println("sent " + order(questions) + "; answers arrived: " + String.join(", ", arrivals));
            List<Integer> answerStreams = round.stream().filter(f -> f.type().equals("DATA")
                    && f.direction() == Direction.SERVER_TO_CLIENT).map(H2Wire.H2Frame::stream).toList();
            System.out.println("the answers came on streams " + answerStreams + ", all over " + tap.connections() + " TCP connection");
            System.out.println("first answer " + first + ", version " + answers.get(0).get().version());

            // tag::h1[]
            // HTTP/1.1 on the same server: the same three GETs pipelined (RFC 9112 §9.3.2), written by hand.
            StringBuilder pipeline = new StringBuilder();
            for (int n : questions) pipeline.append("GET /square?n=" + n + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            try (Socket socket = new Socket("127.0.0.1", pipelineTap.port())) {
                socket.getOutputStream().write(pipeline.toString().getBytes(StandardCharsets.US_ASCII));
                pipelineTap.await(events -> bodies(events).size() == questions.length, Duration.ofSeconds(10));
            }
            // end::h1[]
            List<String> h1Order = bodies(pipelineTap.timeline());
            List<TapEvent> h1Events = pipelineTap.timeline();
            long h1Millis = (h1Events.stream().filter(e -> e.kind() == TapEvent.Kind.BODY).mapToLong(TapEvent::micros).max().orElseThrow()
                    - h1Events.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD).findFirst().orElseThrow().micros()) / 1000;
            List<String> h2Order = arrivals.stream().map(a -> a.substring(a.indexOf("= ") + 2)).toList();
            List<String> h2Sent = round.stream().filter(f -> f.type().equals("HEADERS")
                    && f.direction() == Direction.CLIENT_TO_SERVER).map(f -> f.fields().stream()
                    .filter(x -> x.startsWith(":path")).findFirst().orElse("?").replace(":path /square?", "")).toList();
            System.out.println();
            System.out.println("HTTP/1.1 pipelined, same server, same questions: answers " + h1Order + " in " + h1Millis + " ms");
            System.out.println("HTTP/2, three streams, sent " + h2Sent + ":       answers " + h2Order + " in " + h2Millis + " ms");

            long work = 0;
            for (int n : questions) work += GrizzlyH2.workMillis(n);
            Claims.check("The three HTTP/2 requests and their warm-up shared one TCP connection", tap.connections() == 1,
                    "connections: " + tap.connections());
            Claims.check("HTTP/2 answers arrived in order of work (1, 4, 9)", h2Order.equals(List.of("1", "4", "9")),
                    "arrival order: " + h2Order);
            Claims.check("The HTTP/2 requests went out in another order than their answers came back",
                    !h2Sent.equals(List.of("n=1", "n=2", "n=3")), "requests on the wire: " + h2Sent);
            Claims.check("HTTP/1.1 pipelined answers came in request order (9, 1, 4)", h1Order.equals(List.of("9", "1", "4")),
                    "arrival order: " + h1Order);
            Claims.check("Each HTTP/2 answer came on its own stream", answerStreams.stream().distinct().count() == questions.length,
                    "streams: " + answerStreams);
            Claims.check("HTTP/1.1 pipelining took at least the sum of the work: one answer after another",
                    h1Millis >= work, "HTTP/1.1 " + h1Millis + " ms, work " + work + " ms");
            Claims.check("On the wire, the HTTP/2 round took less time than the pipelined HTTP/1.1 one", h2Millis < h1Millis,
                    "HTTP/2 " + h2Millis + " ms, HTTP/1.1 " + h1Millis + " ms");
            Figures.publish("h2-connections", tap.connections());
            Figures.publish("h2-answer-order", String.join(", ", h2Order));
            Figures.publish("h1-answer-order", String.join(", ", h1Order));
            Figures.publish("h2-streams", answerStreams.toString().replace("[", "").replace("]", ""));
            Figures.publish("h2-all-ms", h2Millis);
            Figures.publish("h1-all-ms", h1Millis);
            Figures.publish("work-sum-ms", work);
            Figures.publish("h2-sent-order", String.join(", ", h2Sent));
            Figures.publish("h2-frames", frames.size());
            Files.writeString(Figures.file("pipelining-vs-multiplexing.svg"), SequenceDiagram.sideBySide(
                    "HTTP/1.1: pipelined, answered in order", pipelined(h1Events),
                    "HTTP/2: three streams, answered as work finishes", asEvents(round)), StandardCharsets.UTF_8);
            Files.writeString(Figures.file("multiplexing-lanes.svg"),
                    StreamLanes.svg("HTTP/2: one connection, a stream per request (tap's view)", frames), StandardCharsets.UTF_8);
        }
    }

    /** Three answers at once on the fresh connection; returns the last stream id they used. */
    static int warmUp(HttpClient client, WireTap tap) throws Exception {
        List<CompletableFuture<HttpResponse<Void>>> warm = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            warm.add(client.sendAsync(HttpRequest.newBuilder(tap.httpUri("/square?n=0")).build(), HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        return 7; // streams 3, 5 and 7: the upgrade took stream 1, and client streams are odd (RFC 9113 §5.1.1)
    }

    static H2Wire.H2Frame last(List<H2Wire.H2Frame> frames, String type) {
        return frames.stream().filter(f -> f.type().equals(type)).reduce((a, b) -> b).orElseThrow();
    }

    static H2Wire.H2Frame last(List<H2Wire.H2Frame> frames, String type, Direction direction) {
        return frames.stream().filter(f -> f.type().equals(type) && f.direction() == direction).reduce((a, b) -> b).orElseThrow();
    }

    static String order(int[] questions) {
        List<String> out = new ArrayList<>();
        for (int n : questions) out.add("n=" + n);
        return String.join(", ", out);
    }

    /** The pipelined requests and their answers' bodies, labelled with what they carried. */
    static List<TapEvent> pipelined(List<TapEvent> events) {
        return events.stream().filter(e -> (e.kind() == TapEvent.Kind.HEAD && e.direction() == Direction.CLIENT_TO_SERVER)
                        || (e.kind() == TapEvent.Kind.BODY && e.direction() == Direction.SERVER_TO_CLIENT))
                .map(e -> new TapEvent(e.micros(), e.connection(), e.direction(), TapEvent.Kind.BODY, e.kind() == TapEvent.Kind.HEAD
                        ? e.head().startLine().replace(" HTTP/1.1", "") : "body \"" + new String(e.body(), StandardCharsets.US_ASCII) + "\"",
                        e.bytes(), null, null, null)).toList();
    }

    /** HTTP/2 requests and answers as arrows for the kit's sequence diagram: HEADERS out, DATA back. */
    static List<TapEvent> asEvents(List<H2Wire.H2Frame> frames) {
        return frames.stream().filter(f -> (f.type().equals("HEADERS") && f.direction() == Direction.CLIENT_TO_SERVER)
                        || (f.type().equals("DATA") && f.direction() == Direction.SERVER_TO_CLIENT))
                .map(f -> new TapEvent(f.micros(), f.connection(), f.direction(), TapEvent.Kind.BODY, f.type().equals("DATA")
                        ? "stream " + f.stream() + ": DATA \"" + new String(f.payload(), StandardCharsets.US_ASCII) + "\""
                        : "stream " + f.stream() + ": HEADERS " + StreamLanes.shortLabel(f).replace("HEADERS ", "").replace(" \u2022", ""),
                        9 + f.length(), null, null, null)).toList();
    }

    static List<String> bodies(List<TapEvent> events) {
        return events.stream().filter(e -> e.kind() == TapEvent.Kind.BODY && e.direction() == Direction.SERVER_TO_CLIENT)
                .map(e -> new String(e.body(), StandardCharsets.US_ASCII)).toList();
    }
}
