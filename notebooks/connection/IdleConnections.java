///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Idle connections die: a tap drops connections quiet for 2 s, as NATs do; no heartbeat, a slow one, one every 1 s
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES IdleChart.java

import java.util.Locale;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import kit.*;

public class IdleConnections {

    static final Duration IDLE_LIMIT = Duration.ofSeconds(2);   // the "NAT" forgets connections quiet this long
    static final Duration SLOW_PING = Duration.ofSeconds(3);   // slower than the NAT forgets
    static final Duration STEADY_PING = Duration.ofSeconds(1); // half its limit
    static final long ASK_AT_MS = 5000, RUN_MS = 8000;
    static final Set<Session> OPEN = ConcurrentHashMap.newKeySet(); // what the server believes

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnOpen public void open(Session session) { OPEN.add(session); }
        @OnClose public void close(Session session) { OPEN.remove(session); }
        @OnMessage public String echo(String message) { return message; }
    }

    public static void main(String[] args) throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(Echo.class).start();
             WireTap nat = WireTap.in(server).dropWhenIdle(IDLE_LIMIT).start()) {
            // tag::clients[]
            URI echo = nat.wsUri("/echo");
            WebSocketClient silent = WebSocketClient.connect(echo);          // #1: no heartbeat
            long start = zero(nat);
            Heartbeat slow = Heartbeat.start(echo, SLOW_PING);               // #2: pings, but too seldom
            Heartbeat steady = Heartbeat.start(echo, STEADY_PING);           // #3: pings often enough

            // At ASK_AT_MS on the scenario's own clock, #3 and #1 ask "are you there?"
            TimeUnit.NANOSECONDS.sleep(start + ASK_AT_MS * 1_000_000 - System.nanoTime());
            steady.socket.sendText("are you there?", true);
            String steadyAnswer = answer(() -> steady.texts.poll(2500, MILLISECONDS));
            silent.send("are you there?");
            String silentAnswer = answer(() -> silent.receive(Duration.ofMillis(2500)));
            // end::clients[]
            // #2 notices at its first unanswered ping after the drop: wait for that, bounded by the run's end and a margin
            long left = start + (RUN_MS + 4000) * 1_000_000 - System.nanoTime();
            boolean slowNoticed = slow.gone.await(Math.max(0, left), TimeUnit.NANOSECONDS);

            List<TapEvent> timeline = nat.timeline();
            Table table = new Table("socket", "dropped", "noticed", ASK_AT_MS / 1000 + " s msg");
            table.row("#1 no heartbeat", dropped(timeline, 1), silent.closeCode() == -1 ? "never" : "closed " + silent.closeCode(), silentAnswer);
            table.row("#2 ping / " + SLOW_PING.toSeconds() + " s", dropped(timeline, 2), slow.noticed(start), "-");
            table.row("#3 ping / " + STEADY_PING.toSeconds() + " s", dropped(timeline, 3), steady.noticed(start), steadyAnswer);
            System.out.println(table);
            long droppedCount = java.util.stream.IntStream.rangeClosed(1, 3).filter(c -> !dropped(timeline, c).equals("no")).count();
            System.out.printf(Locale.ROOT, "never: not in this run. #1's send succeeded (TCP took the bytes) and its close "
                    + "code is still %d: as far as the client knows, it is open. #3 got %d pongs. The server holds %d open "
                    + "sessions; %d of them lead nowhere.%n%n", silent.closeCode(), steady.pongCount.get(), OPEN.size(), droppedCount);
            Claims.check("the socket with no heartbeat was dropped, its send went unanswered, and its client still believes it open",
                    !dropped(timeline, 1).equals("no") && silentAnswer.equals("lost") && silent.closeCode() == -1,
                    "dropped " + dropped(timeline, 1) + ", message " + silentAnswer + ", close code " + silent.closeCode());
            Claims.check("the socket pinging slower than the limit was dropped and noticed it at its next ping",
                    slowNoticed && !dropped(timeline, 2).equals("no"), "dropped " + dropped(timeline, 2) + ", noticed " + slow.noticed(start));
            Claims.check("the socket pinging within the limit was never dropped, got its pongs and its echo",
                    dropped(timeline, 3).equals("no") && steadyAnswer.equals("echoed") && steady.pongCount.get() > 0 && steady.noticedNanos == 0,
                    steady.pongCount.get() + " pongs, message " + steadyAnswer);
            Claims.check("the server still holds all three sessions, two of them talking to no one", OPEN.size() == 3 && droppedCount == 2,
                    OPEN.size() + " open sessions, " + droppedCount + " connections dropped");
            Claims.check("the slow heartbeat's period is longer than the middlebox's limit, the steady one's half of it",
                    SLOW_PING.compareTo(IDLE_LIMIT) > 0 && STEADY_PING.multipliedBy(2).equals(IDLE_LIMIT),
                    "limit " + IDLE_LIMIT.toSeconds() + " s, pings every " + SLOW_PING.toSeconds() + " s and " + STEADY_PING.toSeconds() + " s");
            Figures.publish("idle-limit-s", IDLE_LIMIT.toSeconds());
            Figures.publish("slow-ping-s", SLOW_PING.toSeconds());
            Figures.publish("steady-ping-s", STEADY_PING.toSeconds());
            Figures.publish("ask-at-s", ASK_AT_MS / 1000);
            Figures.publish("silent-dropped-s", dropped(timeline, 1).replace(" s", ""));
            Figures.publish("slow-noticed-s", slow.noticed(start).replace(" s", ""));
            Figures.publish("server-open-sessions", OPEN.size());
            Figures.publish("steady-pings", steady.pongCount.get());
            Files.writeString(Figures.file("idle-connections.svg"), IdleChart.svg(timeline, RUN_MS,
                    List.of("#1 no heartbeat", "#2 ping every " + SLOW_PING.toSeconds() + " s",
                            "#3 ping every " + STEADY_PING.toSeconds() + " s"),
                    slow.noticedNanos == 0 ? -1 : (slow.noticedNanos - start) / 1000), StandardCharsets.UTF_8);
            silent.socket().abort();
            slow.stop();
            steady.stop();
        }
        System.out.println("A connection nobody speaks on looks the same as a dead one, until someone speaks. "
                + "A heartbeat both keeps the path alive and finds out when it is gone.");
    }

    /** The tap's time zero (its first connection) on this JVM's clock, from the 101 it passed on. */
    static long zero(WireTap tap) {
        long now = System.nanoTime();
        long seen = tap.timeline().stream().filter(e -> e.head() != null && e.head().status() == 101)
                .mapToLong(TapEvent::micros).findFirst().orElse(0);
        return now - seen * 1000;
    }

    interface Answer {
        String get() throws Exception;
    }

    static String answer(Answer wait) {
        try {
            String text = wait.get();
            return text == null ? "lost" : "echoed";
        } catch (TimeoutException e) {
            return "lost";
        } catch (Exception e) {
            return "failed: " + e.getMessage();
        }
    }

    static String dropped(List<TapEvent> timeline, int connection) {
        return timeline.stream().filter(e -> e.connection() == connection && e.kind() == TapEvent.Kind.DROP)
                .map(e -> String.format(Locale.ROOT, "%.1f s", e.micros() / 1e6)).findFirst().orElse("no");
    }

    // tag::heartbeat[]
    /** A JDK WebSocket that pings every {@code interval}; no pong within 1 s: the path is gone. */
    static final class Heartbeat implements WebSocket.Listener {
        final BlockingQueue<Long> pongs = new LinkedBlockingQueue<>();
        final AtomicInteger pongCount = new AtomicInteger();
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        volatile WebSocket socket;
        volatile long noticedNanos;
        final java.util.concurrent.CountDownLatch gone = new java.util.concurrent.CountDownLatch(1);
        private Thread pinger;

        static Heartbeat start(URI uri, Duration interval) throws Exception {
            Heartbeat beat = new Heartbeat();
            HttpClient http = Clients.http();
            beat.socket = http.newWebSocketBuilder().buildAsync(uri, beat).get(5, SECONDS);
            beat.pinger = new Thread(() -> beat.beat(interval), "heartbeat");
            beat.pinger.setDaemon(true);
            beat.pinger.start();
            return beat;
        }

        private void beat(Duration interval) {
            try {
                while (true) {
                    TimeUnit.NANOSECONDS.sleep(interval.toNanos()); // the heartbeat's period
                    socket.sendPing(ByteBuffer.allocate(0));
                    if (pongs.poll(1, SECONDS) == null) { // no pong: the path is gone
                        noticedNanos = System.nanoTime();
                        socket.abort();
                        gone.countDown();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(System.nanoTime());
            pongCount.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            texts.add(data.toString());
            webSocket.request(1);
            return null;
        }
        // end::heartbeat[]

        String noticed(long start) {
            return noticedNanos == 0 ? "-" : String.format(Locale.ROOT, "%.1f s", (noticedNanos - start) / 1e9);
        }

        void stop() throws InterruptedException {
            pinger.interrupt();
            pinger.join(2000);
            socket.abort();
        }
    }
}
