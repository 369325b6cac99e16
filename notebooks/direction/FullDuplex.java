///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Full duplex: the client streams up while the server streams down, on one socket, at the same time
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kit.*;

public class FullDuplex {

    static final int COUNT = 8;
    static final long EVERY_MS = 30;
    static final CountDownLatch SERVER_GOT_ALL = new CountDownLatch(COUNT);
    static final CountDownLatch BOTH_OPEN = new CountDownLatch(1); // both clocks start once the client has its socket
    static final ScheduledExecutorService CLOCK = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "stream-clock");
        thread.setDaemon(true);
        return thread;
    });

    // tag::endpoint[]
    @ServerEndpoint("/duplex")
    public static class Duplex {
        @OnOpen
        public void onOpen(Session session) {          // the server streams down, on its own schedule ...
            CLOCK.execute(() -> {
                if (!await(BOTH_OPEN)) return;
                for (int i = 1; i <= COUNT; i++) {
                    String text = "down " + i;
                    CLOCK.schedule(() -> send(session, text), i * EVERY_MS, TimeUnit.MILLISECONDS);
                }
            });
        }

        @OnMessage
        public void onMessage(String text) {            // ... and takes what comes up, whenever it comes
            SERVER_GOT_ALL.countDown();
        }
    }
    // end::endpoint[]

    public static void main(String[] args) throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(Duplex.class).start();
             WireTap tap = WireTap.in(server).start()) {
            // tag::client[]
            try (WebSocketClient client = WebSocketClient.connect(tap.wsUri("/duplex"))) {
                BOTH_OPEN.countDown();                  // a cold JVM takes long to connect: start both clocks now
                for (int i = 1; i <= COUNT; i++) {      // the client streams up on a schedule of its own
                    String text = "up " + i;
                    CLOCK.schedule(() -> client.send(text), i * EVERY_MS + EVERY_MS / 2, TimeUnit.MILLISECONDS);
                }
                for (int i = 0; i < COUNT; i++) client.receive();          // all of the server's stream arrived
                boolean allUp = SERVER_GOT_ALL.await(5, TimeUnit.SECONDS);  // and all of ours reached the server
                Claims.check("the server received all of the client's messages", allUp, "all within 5 s: " + allUp);
                System.out.println("client received " + COUNT + " messages; server received " + (allUp ? COUNT : "fewer than " + COUNT));
            }
            List<TapEvent> events = tap.awaitClosed(Duration.ofSeconds(5));
            // end::client[]
            CLOCK.shutdownNow();

            // tag::overlap[]
            List<TapEvent> data = events.stream().filter(e -> e.frame() != null && e.frame().opcode() == Frame.TEXT).toList();
            long upFirst = first(data, Direction.CLIENT_TO_SERVER), upLast = last(data, Direction.CLIENT_TO_SERVER);
            long downFirst = first(data, Direction.SERVER_TO_CLIENT), downLast = last(data, Direction.SERVER_TO_CLIENT);
            long overlap = Math.min(upLast, downLast) - Math.max(upFirst, downFirst);   // both streams running
            int turns = 0;
            for (int i = 1; i < data.size(); i++) if (data.get(i).direction() != data.get(i - 1).direction()) turns++;
            // end::overlap[]
            System.out.println();
            System.out.printf(Locale.ROOT, "up:   first frame at %6.1f ms, last at %6.1f ms%n", upFirst / 1000.0, upLast / 1000.0);
            System.out.printf(Locale.ROOT, "down: first frame at %6.1f ms, last at %6.1f ms%n", downFirst / 1000.0, downLast / 1000.0);
            Claims.check("all eight messages went each way", countOf(data, Direction.CLIENT_TO_SERVER) == COUNT
                    && countOf(data, Direction.SERVER_TO_CLIENT) == COUNT, data.size() + " data frames");
            Claims.check("both streams were running at the same time, and the direction changed more than once", overlap > 0 && turns > 1,
                    String.format(java.util.Locale.ROOT, "overlap %.1f ms, %d turns", overlap / 1000.0, turns));
            System.out.printf(java.util.Locale.ROOT, "Both streams ran at once for %.1f ms, and the%n"
                    + "direction changed %d times in %d data frames:%n"
                    + "neither side waited for the other to finish.%n", overlap / 1000.0, turns, data.size());

            Figures.publish("duplex-frames", data.size());
            Figures.publish("duplex-overlap-ms", String.format(java.util.Locale.ROOT, "%.1f", overlap / 1000.0));
            Figures.publish("duplex-turns", turns);
            SequenceDiagram.write(events.stream().filter(e -> e.frame() != null).toList(), Figures.file("full-duplex.svg"));
        }
    }

    static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }

    static void send(Session session, String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            // the client left
        }
    }

    static long countOf(List<TapEvent> events, Direction direction) {
        return events.stream().filter(e -> e.direction() == direction).count();
    }

    static long first(List<TapEvent> events, Direction direction) {
        return events.stream().filter(e -> e.direction() == direction).mapToLong(TapEvent::micros).min().orElseThrow();
    }

    static long last(List<TapEvent> events, Direction direction) {
        return events.stream().filter(e -> e.direction() == direction).mapToLong(TapEvent::micros).max().orElseThrow();
    }
}
