///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION A game loop at 20 updates per second per player: bytes per second per player over WebSocket vs HTTP polling
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import static java.nio.charset.StandardCharsets.UTF_8;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import kit.*;

public class GameLoop {

    static final int PLAYERS = 4, PER_SECOND = 20, SECONDS = 2, TICKS = PER_SECOND * SECONDS;
    static final Duration TICK = Duration.ofMillis(1000 / PER_SECOND);
    static final Map<String, String> WORLD = new ConcurrentHashMap<>(); // each player's latest move

    // tag::server[]
    /** Moves come in; 20 times a second all get the world. */
    @ServerEndpoint("/game/{player}")
    public static class Game {
        static final Set<Session> SESSIONS =
                ConcurrentHashMap.newKeySet();

        @OnOpen
        public void join(Session session) {
            SESSIONS.add(session);
        }

        @OnMessage
        public void move(@PathParam("player") String player,
                         String move) {
            WORLD.put(player, move);
        }

        @OnClose
        public void leave(Session session) {
            SESSIONS.remove(session);
        }

        static void tick() { // run by the server's clock
            String world = world();
            for (Session session : SESSIONS) {
                session.getAsyncRemote().sendText(world);
            }
        }
    }
    // end::server[]

    static String world() {
        return "[" + String.join(",", new TreeMap<>(WORLD).values()) + "]";
    }

    /** One player's move at one tick: {"player":2,"seq":17,"x":137.0,"y":54.5} */
    static String move(int player, int seq) {
        return String.format(Locale.ROOT, "{\"player\":%d,\"seq\":%d,\"x\":%.1f,\"y\":%.1f}", player, seq, 100.0 + 10 * player + seq, 50.0 + seq / 2.0);
    }

    static String percent(Traffic t) {
        return String.format(Locale.ROOT, "%.0f %%", 100.0 * (t.wireBytes - t.gameBytes) / t.wireBytes);
    }

    record Traffic(String name, long wireBytes, long gameBytes, long requests) {
        long perPlayerPerSecond(long bytes) {
            return bytes / PLAYERS / SECONDS;
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "%d players for %d s; each sends %d moves/s%nand gets %d world states/s%n%n",
                PLAYERS, SECONDS, PER_SECOND, PER_SECOND);
        Traffic push = overWebSocket();
        WORLD.clear();
        Traffic poll = overPolling();

        Table table = new Table("per player, per s", "WebSocket", "polling");
        table.row("bytes on the wire", push.perPlayerPerSecond(push.wireBytes), poll.perPlayerPerSecond(poll.wireBytes));
        table.row("of which game data", push.perPlayerPerSecond(push.gameBytes), poll.perPlayerPerSecond(poll.gameBytes));
        table.row("overhead", percent(push), percent(poll));
        table.row("HTTP requests", push.requests / PLAYERS / SECONDS, poll.requests / PLAYERS / SECONDS);
        System.out.print(table);
        double ratio = (double) poll.wireBytes / push.wireBytes;
        Claims.check("over WebSocket the game made no HTTP request once it had begun", push.requests == 0,
                push.requests + " requests");
        Claims.check("polling made one request per player per tick", poll.requests == (long) PLAYERS * TICKS,
                poll.requests + " requests for " + PLAYERS * TICKS + " ticks");
        Claims.check("polling put more bytes on the wire than WebSocket for the same game", poll.wireBytes > push.wireBytes,
                poll.wireBytes + " B against " + push.wireBytes + " B");
        System.out.printf(Locale.ROOT, "%nPolling moved %.1fx the bytes for the same%n", ratio);
        System.out.println("game: an HTTP request and response head");
        System.out.println("around every message, against a frame");
        System.out.println("header of a few bytes. (Handshakes and");
        System.out.println("connection set-up are left out of both.)");

        Figures.publish("game-players", PLAYERS);
        Figures.publish("game-rate", PER_SECOND);
        Figures.publish("game-ws-bps", String.format(Locale.ROOT, "%,d", push.perPlayerPerSecond(push.wireBytes)));
        Figures.publish("game-poll-bps", String.format(Locale.ROOT, "%,d", poll.perPlayerPerSecond(poll.wireBytes)));
        Figures.publish("game-data-bps", String.format(Locale.ROOT, "%,d", push.perPlayerPerSecond(push.gameBytes)));
        Figures.publish("game-ws-overhead", percent(push));
        Figures.publish("game-poll-overhead", percent(poll));
        Figures.publish("game-ratio", String.format(Locale.ROOT, "%.1f", ratio));
        Figures.publish("game-poll-requests", poll.requests / PLAYERS / SECONDS);
        Files.writeString(Figures.file("game-bytes.svg"), chart(List.of(push, poll)));
    }

    static Traffic overWebSocket() throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(Game.class).start();
             WireTap tap = WireTap.in(server).start()) {
            List<WebSocketClient> players = new ArrayList<>();
            for (int p = 1; p <= PLAYERS; p++) players.add(WebSocketClient.connect(tap.wsUri("/game/" + p)));
            long before = tap.bytes(Direction.CLIENT_TO_SERVER) + tap.bytes(Direction.SERVER_TO_CLIENT); // handshakes done
            long handshakes = requests(tap);
            Claims.check("each player's connection began with one HTTP request, its handshake", handshakes == PLAYERS,
                    handshakes + " requests for " + PLAYERS + " players");

            ScheduledExecutorService clocks = Executors.newScheduledThreadPool(2);
            AtomicInteger clientTick = new AtomicInteger(), serverTick = new AtomicInteger();
            AtomicLong gameBytes = new AtomicLong();
            clocks.scheduleAtFixedRate(() -> { // every player's clock: send my move
                int t = clientTick.incrementAndGet();
                if (t > TICKS) return;
                for (int p = 1; p <= PLAYERS; p++) {
                    String move = move(p, t);
                    gameBytes.addAndGet(move.length());
                    players.get(p - 1).send(move);
                }
            }, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
            clocks.scheduleAtFixedRate(() -> { // the server's clock: send everyone the world
                if (serverTick.incrementAndGet() <= TICKS) Game.tick();
            }, TICK.toNanos() / 2, TICK.toNanos(), TimeUnit.NANOSECONDS);

            for (WebSocketClient player : players) {
                for (int t = 0; t < TICKS; t++) gameBytes.addAndGet(player.receive().length());
            }
            tap.await(events -> events.stream().filter(e -> e.frame() != null && e.frame().opcode() == Frame.TEXT
                    && e.direction() == Direction.CLIENT_TO_SERVER).count() == (long) PLAYERS * TICKS, Duration.ofSeconds(5));
            clocks.shutdownNow();
            long wire = tap.bytes(Direction.CLIENT_TO_SERVER) + tap.bytes(Direction.SERVER_TO_CLIENT) - before;
            long duringPlay = requests(tap) - handshakes; // request heads the tap saw after the handshakes
            for (WebSocketClient player : players) player.close();
            System.out.printf(Locale.ROOT, "WebSocket: %d moves up, %d worlds down,%n  %,d B on the wire, %d HTTP requests%n",
                    PLAYERS * TICKS, PLAYERS * TICKS, wire, duringPlay);
            return new Traffic("WebSocket", wire, gameBytes.get(), duringPlay);
        }
    }

    static Traffic overPolling() throws Exception {
        // tag::route[]
        // POST /game/state: my move in, the world out
        var builder = DemoServer.builder();
        builder.route("/game/state", (req, res) -> {
            byte[] move = req.getInputStream().readAllBytes();
            WORLD.put(req.getParameter("player"),
                    new String(move, UTF_8));
            byte[] world = world().getBytes(UTF_8);
            res.setContentType("application/json");
            res.setContentLength(world.length);
            res.getOutputStream().write(world);
        });
        // end::route[]
        try (DemoServer server = builder.start(); WireTap tap = WireTap.in(server).start()) {
            ScheduledExecutorService clocks = Executors.newScheduledThreadPool(PLAYERS);
            CountDownLatch answered = new CountDownLatch(PLAYERS * TICKS);
            AtomicLong gameBytes = new AtomicLong();
            for (int p = 1; p <= PLAYERS; p++) {
                int player = p;
                HttpClient http = Clients.http(); // each player its own client, so its own connection
                AtomicInteger tick = new AtomicInteger();
                clocks.scheduleAtFixedRate(() -> {
                    int t = tick.incrementAndGet();
                    if (t > TICKS) return;
                    String move = move(player, t);
                    HttpRequest request = HttpRequest.newBuilder(tap.httpUri("/game/state?player=" + player))
                            .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(move)).build();
                    try {
                        String world = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                        gameBytes.addAndGet(move.length() + world.length());
                        answered.countDown();
                    } catch (Exception e) {
                        System.out.println("player " + player + ": " + e);
                    }
                }, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
            }
            boolean all = answered.await(10, TimeUnit.SECONDS);
            clocks.shutdownNow();
            if (!all) throw new IllegalStateException("not every poll was answered");
            long wire = tap.bytes(Direction.CLIENT_TO_SERVER) + tap.bytes(Direction.SERVER_TO_CLIENT);
            long requests = requests(tap);
            System.out.printf(Locale.ROOT, "polling: %d POSTs (move up, world down),%n  %,d B on the wire%n%n", requests, wire);
            return new Traffic("HTTP polling", wire, gameBytes.get(), requests);
        }
    }

    /** HTTP request heads the tap has seen so far. */
    static long requests(WireTap tap) {
        return tap.timeline().stream().filter(e -> e.head() != null && e.head().isRequest()).count();
    }

    /** Two stacked bars: game data, and what the protocol added around it. */
    static String chart(List<Traffic> traffic) {
        long max = traffic.stream().mapToLong(t -> t.perPlayerPerSecond(t.wireBytes)).max().orElse(1);
        int width = 640, left = 120, barWidth = 440, row = 44, height = 40 + row * traffic.size() + 46;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"system-ui, sans-serif\" font-size=\"12\" fill=\"currentColor\" role=\"img\">%n"
                + "<title>Bytes per second per player</title>%n", width, height, width, height));
        svg.append("<text x=\"0\" y=\"18\" font-weight=\"600\">bytes per second per player, " + PER_SECOND + " updates/s each way</text>\n");
        for (int i = 0; i < traffic.size(); i++) {
            Traffic t = traffic.get(i);
            long wire = t.perPlayerPerSecond(t.wireBytes), data = t.perPlayerPerSecond(t.gameBytes);
            int y = 36 + row * i, dataWidth = (int) (barWidth * data / max), wireWidth = (int) (barWidth * wire / max);
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>%n", y + 18, t.name));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"26\" fill=\"#3b82f6\"/>%n", left, y, dataWidth));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"26\" fill-opacity=\"0.25\"/>%n",
                    left + dataWidth, y, wireWidth - dataWidth));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%,d B/s</text>%n", left + wireWidth + 6, y + 18, wire));
        }
        int y = 40 + row * traffic.size();
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#3b82f6\"/>"
                + "<text x=\"%d\" y=\"%d\">game data (moves and world states)</text>%n", left, y, left + 18, y + 10));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill-opacity=\"0.25\"/>"
                + "<text x=\"%d\" y=\"%d\">protocol overhead (HTTP heads, or frame headers)</text>%n", left, y + 20, left + 18, y + 30));
        return svg.append("</svg>\n").toString();
    }
}
