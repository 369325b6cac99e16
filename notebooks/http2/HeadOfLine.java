///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Head-of-line blocking moves down to TCP: the tap holds back one segment of one stream, and every stream on the connection waits
//JAVA 17+
//DEPS org.glassfish.grizzly:grizzly-http2:4.0.2
//DEPS org.glassfish.grizzly:grizzly-npn-api:2.0.0
//DEPS org.eclipse.jetty.http2:jetty-http2-hpack:12.1.14
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES ../_kit/*.java
//SOURCES GrizzlyH2.java
//SOURCES H2Wire.java
//SOURCES StreamLanes.java

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import kit.*;

public class HeadOfLine {

    static final long HOLD_MS = 600; // how long the "lost" segment stays lost: a retransmission timeout, roughly

    public static void main(String[] args) throws Exception {
        int[] questions = {1, 2, 3}; // 50, 100 and 150 ms of work
        H2Wire wire = new H2Wire();
        AtomicLong heldAt = new AtomicLong(), releasedAt = new AtomicLong();
        Map<Integer, Long> written = new ConcurrentHashMap<>(), received = new ConcurrentHashMap<>();
        // tag::hold[]
        // The tap plays a lossy network: the first piece of an answer on a stream after the warm-up is
        // "lost" and arrives HOLD_MS late. TCP delivers bytes in order, so nothing behind it reaches the client either.
        WireTap.Observer loseOneSegment = (connection, direction, micros, data) -> {
            wire.bytes(connection, direction, micros, data);
            boolean answerOnNewStream = wire.frames().stream().anyMatch(f -> f.direction() == Direction.SERVER_TO_CLIENT
                    && f.type().equals("HEADERS") && f.stream() > 1);
            if (direction == Direction.SERVER_TO_CLIENT && answerOnNewStream && heldAt.compareAndSet(0, System.nanoTime())) {
                TimeUnit.MILLISECONDS.sleep(HOLD_MS); // the simulated loss, not a wait for another thread
                releasedAt.set(System.nanoTime());
            }
        };
        // end::hold[]
        try (GrizzlyH2 server = new GrizzlyH2();
             WireTap tap = WireTap.to(server.port()).observe(loseOneSegment).start()) {
            server.answered = (n, nanos) -> written.put(n, nanos);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            client.send(HttpRequest.newBuilder(tap.httpUri("/square?n=0")).build(), HttpResponse.BodyHandlers.discarding()); // h2c upgrade
            server.gather(questions.length); // the work starts when all three questions are in
            // tag::send[]
            long sent = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int n : questions) {
                answers.add(client.sendAsync(HttpRequest.newBuilder(tap.httpUri("/square?n=" + n)).build(),
                        HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> received.put(n, System.nanoTime())));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
            // end::send[]

            long release = ms(releasedAt.get() - sent);
            System.out.printf(Locale.ROOT, "one segment held back by the tap from %d ms to %d ms after sending%n%n", ms(heldAt.get() - sent), release);
            Table table = new Table("question", "work", "server answered at", "client got it at", "waited for the lost segment");
            boolean allWaited = true, allReadyBefore = true;
            for (int n : questions) {
                long wrote = ms(written.get(n) - sent), got = ms(received.get(n) - sent);
                table.row("n=" + n, GrizzlyH2.workMillis(n) + " ms", wrote + " ms", got + " ms", (got - wrote) + " ms");
                allWaited &= got >= release;
                allReadyBefore &= wrote < release;
            }
            System.out.print(table);
            System.out.println("all on " + tap.connections() + " TCP connection, streams "
                    + wire.frames().stream().filter(f -> f.type().equals("DATA") && f.stream() > 1).map(H2Wire.H2Frame::stream).distinct().toList());
            Claims.check("Every answer was ready at the server before the held segment was let through", allReadyBefore,
                    "answered " + written.values().stream().map(t -> ms(t - sent)).toList() + " ms, released " + release + " ms");
            Claims.check("No answer reached the client before the held segment did, whatever its stream", allWaited,
                    "received " + received.values().stream().map(t -> ms(t - sent)).toList() + " ms, released " + release + " ms");
            Claims.check("All three streams shared the one TCP connection", tap.connections() == 1, "connections: " + tap.connections());
            java.nio.file.Files.writeString(Figures.file("head-of-line-lanes.svg"), StreamLanes.svg(
                    "One segment held: every stream's answer waits (tap's view)", wire.frames().stream()
                            .filter(f -> f.stream() > 1).toList()), java.nio.charset.StandardCharsets.UTF_8);
            Figures.publish("hold-ms", HOLD_MS);
            Figures.publish("hold-from-ms", ms(heldAt.get() - sent));
            Figures.publish("release-ms", release);
            Figures.publish("last-ready-ms", ms(written.get(questions[questions.length - 1]) - sent));
            Figures.publish("first-ready-ms", ms(written.get(questions[0]) - sent));
            Figures.publish("first-received-ms", received.values().stream().mapToLong(t -> ms(t - sent)).min().orElseThrow());
        }
    }

    static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
