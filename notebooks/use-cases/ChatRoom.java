///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION A chat room over WebSocket (join/leave notices, broadcast latency p50/p99), then the same room over polling
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kit.*;

public class ChatRoom {

    static final List<String> NAMES = List.of("ann", "bob", "cyd", "dan", "eve", "fay", "gus", "hal", "ivy", "jay");
    static final int MESSAGES = 50;                            // ann says this many things...
    static final Duration PACE = Duration.ofMillis(40);        // ...one every 40 ms
    static final Duration POLL_EVERY = Duration.ofMillis(200); // how often a polling member asks "anything new?"
    static final Duration QUIET = Duration.ofSeconds(1);       // then nobody says anything for a second

    // tag::server[]
    /** The whole WebSocket room: its members, and a broadcast. */
    @ServerEndpoint("/chat/{name}")
    public static class Room {
        static final Map<Session, String> MEMBERS =
                new ConcurrentHashMap<>();

        @OnOpen
        public void join(Session session,
                         @PathParam("name") String name) {
            MEMBERS.put(session, name);
            broadcast("* " + name + " joined, "
                    + MEMBERS.size() + " here");
        }

        @OnMessage
        public void say(Session session, String text) {
            broadcast(MEMBERS.get(session) + ": " + text);
        }

        @OnClose
        public void leave(Session session) {
            String name = MEMBERS.remove(session);
            broadcast("* " + name + " left, "
                    + MEMBERS.size() + " here");
        }

        static void broadcast(String text) {
            for (Session member : MEMBERS.keySet()) {
                synchronized (member) { // one send at a time
                    try {
                        member.getBasicRemote().sendText(text); // <1>
                    } catch (Exception e) {
                        // leaving; the others still get it
                    }
                }
            }
        }
    }
    // end::server[]

    // tag::poll[]
    /** The same room over HTTP: a log members add to and read. */
    static final class Log {
        final List<String> lines = new ArrayList<>();

        synchronized void add(String line) {
            lines.add(line);
        }

        /** The lines after the first {@code seen}. */
        synchronized String after(int seen) {
            int size = lines.size();
            return String.join("\n", lines.subList(seen, size));
        }
    }

    static DemoServer.Builder pollingRoom(Log log) {
        return DemoServer.builder()
                .route("/room/join", (request, response) -> {
                    String name = request.getParameter("name");
                    log.add("* " + name + " joined");
                    response.setStatus(204);
                })
                .route("/room/say", (request, response) -> { // <2>
                    String name = request.getParameter("name");
                    byte[] text = request.getInputStream()
                            .readAllBytes();
                    log.add(name + ": " + new String(text, UTF_8));
                    response.setStatus(204);
                })
                .get("/room/messages", request -> { // <3>
                    String after = request.getParameter("after");
                    return log.after(Integer.parseInt(after));
                });
    }
    // end::poll[]

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "%d members; ann says %d things,%none every %d ms, then a quiet second%n%n",
                NAMES.size(), MESSAGES, PACE.toMillis());
        Result push = overWebSocket();
        Result poll = overPolling();

        System.out.println();
        Table table = new Table("", "WebSocket", "polling");
        table.row("requests", push.requests, poll.requests);
        table.row("bytes", push.bytes, poll.bytes);
        table.row("p50 ms", ms(push.latency.p50()), ms(poll.latency.p50()));
        table.row("p99 ms", ms(push.latency.p99()), ms(poll.latency.p99()));
        table.row("quiet 1 s: requests", push.quietRequests, poll.quietRequests);
        table.row("quiet 1 s: bytes", push.quietBytes, poll.quietBytes);
        System.out.print(table);
        System.out.printf(Locale.ROOT, "%nPolling: %.1fx the bytes, %dx the requests.%n", (double) poll.bytes / push.bytes,
                poll.requests / push.requests);
        long mostQuietPolls = NAMES.size() * (QUIET.toMillis() / POLL_EVERY.toMillis() + 1);
        Claims.check("the WebSocket room cost one HTTP request per member: its opening handshake",
                push.requests == NAMES.size(), "requests: " + push.requests);
        Claims.check("the polled room cost more requests and more bytes", poll.requests > push.requests && poll.bytes > push.bytes,
                poll.requests + " requests, " + poll.bytes + " B against " + push.requests + ", " + push.bytes + " B");
        Claims.check("a polled message waited for the next poll: polling's median latency is above the WebSocket's",
                poll.latency.p50() > push.latency.p50(), ms(poll.latency.p50()) + " ms against " + ms(push.latency.p50()) + " ms");
        Claims.check("in the quiet second the WebSocket room sent nothing", push.quietBytes == 0, push.quietBytes + " B");
        Claims.check("in the quiet second every polling member kept asking, at most once per interval each",
                poll.quietRequests > 0 && poll.quietRequests <= mostQuietPolls,
                poll.quietRequests + " requests, at most " + mostQuietPolls);

        Figures.publish("chat-members", NAMES.size());
        Figures.publish("chat-messages", MESSAGES);
        Figures.publish("chat-ws-requests", push.requests);
        Figures.publish("chat-ws-bytes", String.format(Locale.ROOT, "%,d", push.bytes));
        Figures.publish("chat-ws-p50", ms(push.latency.p50()) + " ms");
        Figures.publish("chat-ws-p99", ms(push.latency.p99()) + " ms");
        Figures.publish("chat-poll-every", POLL_EVERY.toMillis() + " ms");
        Figures.publish("chat-poll-requests", String.format(Locale.ROOT, "%,d", poll.requests));
        Figures.publish("chat-poll-bytes", String.format(Locale.ROOT, "%,d", poll.bytes));
        Figures.publish("chat-poll-p50", ms(poll.latency.p50()) + " ms");
        Figures.publish("chat-poll-p99", ms(poll.latency.p99()) + " ms");
        Figures.publish("chat-ws-quiet-bytes", String.format(Locale.ROOT, "%,d", push.quietBytes));
        Figures.publish("chat-poll-quiet-requests", poll.quietRequests);
        Figures.publish("chat-poll-quiet-most", mostQuietPolls);
        Figures.publish("chat-poll-quiet-bytes", String.format(Locale.ROOT, "%,d", poll.quietBytes));
        Figures.publish("chat-bytes-ratio", String.format(Locale.ROOT, "%.1f", (double) poll.bytes / push.bytes));
        Figures.publish("chat-requests-ratio", poll.requests / push.requests);
    }

    record Result(long requests, long bytes, Percentiles latency, long quietRequests, long quietBytes) {}

    static Result overWebSocket() throws Exception {
        System.out.println("== WebSocket");
        long[] sentAt = new long[MESSAGES];
        CountDownLatch delivered = new CountDownLatch((NAMES.size() - 1) * MESSAGES);
        List<Member> members = new ArrayList<>();
        try (DemoServer server = DemoServer.builder().endpoint(Room.class).start();
             WireTap tap = WireTap.in(server).start()) {
            for (String name : NAMES) { // join one by one; each hears its own join notice
                Member member = new Member(name, WebSocketClient.connect(tap.wsUri("/chat/" + name)), delivered);
                members.add(member);
                member.expectNotice("* " + name + " joined");
            }
            Member ann = members.get(0);
            ann.expectNotice("* " + NAMES.get(NAMES.size() - 1) + " joined");
            System.out.println("ann heard:");
            for (String notice : ann.notices.subList(0, 3)) System.out.println("  " + notice);
            System.out.println("  ...");

            long start = System.nanoTime();
            for (int i = 0; i < MESSAGES; i++) {
                long due = start + i * PACE.toNanos(); // sleeping sets the pace of the talk; it waits for no one
                TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                sentAt[i] = System.nanoTime();
                ann.socket.send("message " + i);
            }
            boolean all = delivered.await(10, TimeUnit.SECONDS);
            Claims.check("over WebSocket every message reached every other member", all,
                    delivered.getCount() + " deliveries missing after 10 s");
            long[] quiet = quietSecond(tap);

            for (Member member : members.subList(1, members.size())) member.socket.close();
            for (Member member : members.subList(1, members.size())) ann.expectNotice("* " + member.name + " left");
            System.out.println("  " + ann.notices.get(ann.notices.size() - 1));
            ann.socket.close();
            tap.awaitClosed(Duration.ofSeconds(5));
            Percentiles latency = latencies(sentAt, members.subList(1, members.size()).stream().map(m -> m.arrivedAt).toList());
            report(latency, quiet);
            return new Result(requests(tap), total(tap), latency, quiet[0], quiet[1]);
        }
    }

    /** A member of the WebSocket room: a client and a thread that notes when each message arrives. */
    static final class Member {
        final String name;
        final WebSocketClient socket;
        final long[] arrivedAt = new long[MESSAGES];
        final List<String> notices = new ArrayList<>();
        final BlockingQueue<String> newNotices = new LinkedBlockingQueue<>();

        Member(String name, WebSocketClient socket, CountDownLatch delivered) {
            this.name = name;
            this.socket = socket;
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        String text = socket.receive(Duration.ofSeconds(30));
                        long now = System.nanoTime();
                        int i = messageNumber(text);
                        if (i >= 0) {
                            arrivedAt[i] = now;
                            if (!name.equals("ann")) delivered.countDown();
                        } else {
                            newNotices.add(text);
                        }
                    }
                } catch (Exception closed) {
                    // the connection ended: nothing more to read
                }
            }, "reader-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        void expectNotice(String prefix) throws InterruptedException {
            while (true) {
                String notice = newNotices.poll(5, TimeUnit.SECONDS);
                if (notice == null) throw new IllegalStateException(name + " never heard \"" + prefix + "...\"");
                notices.add(notice);
                if (notice.startsWith(prefix)) return;
            }
        }
    }

    static Result overPolling() throws Exception {
        System.out.printf(Locale.ROOT, "%n== polling every %d ms%n", POLL_EVERY.toMillis());
        long[] sentAt = new long[MESSAGES];
        CountDownLatch delivered = new CountDownLatch((NAMES.size() - 1) * MESSAGES);
        AtomicInteger polls = new AtomicInteger(), empty = new AtomicInteger();
        ScheduledExecutorService pollers = Executors.newScheduledThreadPool(NAMES.size());
        List<Poller> members = new ArrayList<>();
        try (DemoServer server = pollingRoom(new Log()).start(); WireTap tap = WireTap.in(server).start()) {
            for (String name : NAMES) {
                Poller member = new Poller(name, Clients.http(), tap); // each its own client and connection
                member.post("/room/join?name=" + name, "");
                members.add(member);
            }
            for (Poller member : members) {
                pollers.scheduleWithFixedDelay(() -> {
                    int got = member.poll(polls, empty);
                    for (int i = 0; i < got; i++) if (!member.name.equals("ann")) delivered.countDown();
                }, 0, POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            }
            Poller ann = members.get(0);
            long start = System.nanoTime();
            for (int i = 0; i < MESSAGES; i++) {
                long due = start + i * PACE.toNanos();
                TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                sentAt[i] = System.nanoTime();
                ann.post("/room/say?name=ann", "message " + i);
            }
            boolean all = delivered.await(10, TimeUnit.SECONDS);
            long[] quiet = quietSecond(tap);
            pollers.shutdown();
            pollers.awaitTermination(5, TimeUnit.SECONDS);
            Claims.check("over polling every message reached every other member", all,
                    delivered.getCount() + " deliveries missing after 10 s");
            Percentiles latency = latencies(sentAt, members.subList(1, members.size()).stream().map(p -> p.arrivedAt).toList());
            long gets = tap.timeline().stream().filter(e -> e.head() != null && "GET".equals(e.head().method())).count();
            System.out.printf(Locale.ROOT, "the tap saw %d polls (GET), %d POSTs;%n  %d polls brought nothing new%n",
                    gets, requests(tap) - gets, empty.get());
            Figures.publish("chat-poll-gets", gets);
            Figures.publish("chat-poll-posts", requests(tap) - gets);
            report(latency, quiet);
            return new Result(requests(tap), total(tap), latency, quiet[0], quiet[1]);
        } finally {
            pollers.shutdownNow();
        }
    }

    /** A polling member: its own HTTP client (its own connection), and how far it has read. */
    static final class Poller {
        final String name;
        final HttpClient http;
        final WireTap tap;
        final long[] arrivedAt = new long[MESSAGES];
        int seen; // lines of the log read so far

        Poller(String name, HttpClient http, WireTap tap) {
            this.name = name;
            this.http = http;
            this.tap = tap;
        }

        void post(String path, String body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(tap.httpUri(path)).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }

        /** One "anything new?" request; returns how many of ann's messages it brought. */
        int poll(AtomicInteger polls, AtomicInteger empty) {
            try {
                HttpRequest request = HttpRequest.newBuilder(tap.httpUri("/room/messages?after=" + seen))
                        .timeout(Duration.ofSeconds(5)).build();
                String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                long now = System.nanoTime();
                polls.incrementAndGet();
                if (body.isEmpty()) {
                    empty.incrementAndGet();
                    return 0;
                }
                int got = 0;
                for (String line : body.split("\n")) {
                    seen++;
                    int i = messageNumber(line);
                    if (i >= 0) {
                        arrivedAt[i] = now;
                        got++;
                    }
                }
                return got;
            } catch (Exception e) {
                throw new IllegalStateException(name + " could not poll", e);
            }
        }
    }

    static void report(Percentiles latency, long[] quiet) {
        System.out.printf(Locale.ROOT, "latency: p50 %s ms, p99 %s ms%n", ms(latency.p50()), ms(latency.p99()));
        System.out.printf(Locale.ROOT, "quiet second: %d requests, %,d B%n", quiet[0], quiet[1]);
    }

    /** The room says nothing for a second (this wait is the experiment): what crosses the wire meanwhile? */
    static long[] quietSecond(WireTap tap) throws InterruptedException {
        long requests = requests(tap), bytes = total(tap);
        TimeUnit.NANOSECONDS.sleep(QUIET.toNanos());
        return new long[] {requests(tap) - requests, total(tap) - bytes};
    }

    static long requests(WireTap tap) {
        return tap.timeline().stream().filter(e -> e.head() != null && e.head().isRequest()).count();
    }

    static long total(WireTap tap) {
        return tap.bytes(Direction.CLIENT_TO_SERVER) + tap.bytes(Direction.SERVER_TO_CLIENT);
    }

    /** "ann: message 17" is message 17; notices are -1. */
    static int messageNumber(String line) {
        return line.startsWith("ann: message ") ? Integer.parseInt(line.substring("ann: message ".length())) : -1;
    }

    /** One sample per message per receiver: from ann's send to that member having it. */
    static Percentiles latencies(long[] sentAt, List<long[]> arrivals) {
        List<Long> samples = new ArrayList<>();
        for (long[] arrivedAt : arrivals) {
            for (int i = 0; i < MESSAGES; i++) samples.add(arrivedAt[i] - sentAt[i]);
        }
        return Percentiles.ofNanos(samples.stream().mapToLong(Long::longValue).toArray());
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
