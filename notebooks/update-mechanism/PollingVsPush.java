///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION One event source, five ways to deliver it: short polls (100 ms, 1 s), long poll, SSE, WebSocket; latency, requests and bytes
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES LatencyChart.java

import java.util.Locale;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import kit.*;

import static java.nio.charset.StandardCharsets.UTF_8;
import static kit.Direction.CLIENT_TO_SERVER;
import static kit.Direction.SERVER_TO_CLIENT;

public class PollingVsPush {

    static int EVENTS = 200, WARMUP = 20; // the first 20 warm up the JVM: not in the latency columns
    static long MEAN_GAP_MS = 100, ONE_WAY_DELAY_MS = 25, SEED = 6202;
    static final long FAST_POLL_MS = 100, SLOW_POLL_MS = 1000;        // the two short pollers ask this often
    static final String FAST_POLL = "poll " + FAST_POLL_MS + "ms", SLOW_POLL = "poll " + SLOW_POLL_MS / 1000 + "s";
    static final Duration LONG_POLL_TIMEOUT = Duration.ofSeconds(10); // a held request with no news then gets a 204

    // tag::source[]
    /**
     * The news: EVENTS events with random gaps (exponential, mean MEAN_GAP_MS: a Poisson
     * process, like orders or chat messages). Clients and server share this JVM, so a
     * client looks up when an event was made and subtracts: that is its delivery latency.
     */
    static final class Events {
        final long[] createdNanos = new long[EVENTS];
        // long polls waiting for news; SSE streams and WebSockets, each with its queue
        final List<CompletableFuture<String>> heldPolls = new ArrayList<>();
        final List<BlockingQueue<Integer>> subscribers = new CopyOnWriteArrayList<>();
        int published; // guarded by this

        static String text(int id) {
            return id + " {\"symbol\":\"ACME\",\"price\":" + (100 + id % 17) + ".25}";
        }

        /** Every event after {@code after}, one per line; "" if there is none yet. */
        synchronized String since(int after) {
            StringBuilder out = new StringBuilder();
            for (int id = after + 1; id < published; id++) out.append(text(id)).append('\n');
            return out.toString();
        }

        void publish(int id) {
            List<CompletableFuture<String>> answer;
            synchronized (this) {
                createdNanos[id] = System.nanoTime();
                published = id + 1;
                answer = List.copyOf(heldPolls);
                heldPolls.clear();
            }
            answer.forEach(poll -> poll.complete(text(id) + "\n")); // long polls: answer now
            subscribers.forEach(subscriber -> subscriber.add(id));   // streams: send now
        }

        /** A long poll: the events after {@code after} if there are any, else the next one. */
        synchronized CompletableFuture<String> next(int after) {
            String ready = since(after);
            if (!ready.isEmpty()) return CompletableFuture.completedFuture(ready);
            CompletableFuture<String> held = new CompletableFuture<>();
            heldPolls.add(held);
            return held;
        }
    }
    // end::source[]

    static final Events NEWS = new Events();
    static final CountDownLatch STREAMS_READY = new CountDownLatch(4); // 2 SSE + 2 WebSocket subscribers

    // tag::websocket[]
    /** WebSocket push: the server writes a frame the moment an event exists. */
    @ServerEndpoint("/ws")
    public static class Push {
        private final BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        private Thread sender;

        @OnOpen
        public void open(Session session) {
            sender = new Thread(() -> {
                try {
                    for (int sent = 0; sent < EVENTS; sent++) {
                        session.getBasicRemote().sendText(Events.text(queue.take()));
                    }
                } catch (Exception e) {
                    // the client went away
                }
            }, "ws-push");
            sender.setDaemon(true);
            sender.start();
            NEWS.subscribers.add(queue);
            STREAMS_READY.countDown();
        }

        @OnClose
        public void close() {
            NEWS.subscribers.remove(queue);
            sender.interrupt();
        }
    }
    // end::websocket[]

    /** What one client saw. */
    record Outcome(String mechanism, long delayMs, Percentiles latency, int requests, int empty, long up, long down) {}

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--events")) EVENTS = Integer.parseInt(args[i + 1]);
            if (args[i].equals("--mean-gap-ms")) MEAN_GAP_MS = Long.parseLong(args[i + 1]);
        }
        WARMUP = Math.min(WARMUP, EVENTS / 5); // a short run keeps most of its events for measuring
        // tag::server[]
        DemoServer server = DemoServer.builder()
                .get("/poll", request -> NEWS.since(after(request))) // <1>
                .longPoll("/long", LONG_POLL_TIMEOUT, // <2>
                        request -> NEWS.next(after(request)))
                .stream("/sse", "text/event-stream", (request, out) -> { // <3>
                    BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
                    NEWS.subscribers.add(queue);
                    STREAMS_READY.countDown();
                    for (int sent = 0; sent < EVENTS; sent++) {
                        int id = queue.take();
                        out.send("id: " + id + "\ndata: " + Events.text(id) + "\n\n"); // <4>
                    }
                })
                .endpoint(Push.class) // <5>
                .start();
        // end::server[]
        System.out.printf(Locale.ROOT, "%d events, random gaps with a mean of %d ms (seed %d), to ten clients at once: five mechanisms, "
                + "each on a plain loopback tap and on a tap that delays %d ms each way. The first %d events warm up "
                + "the JVM; latency counts the other %d.%n%n", EVENTS, MEAN_GAP_MS, SEED, ONE_WAY_DELAY_MS, WARMUP, EVENTS - WARMUP);
        Figures.publish("one-way-delay-ms", ONE_WAY_DELAY_MS);
        Figures.publish("poll-every-ms", FAST_POLL_MS);
        Figures.publish("long-poll-timeout-s", LONG_POLL_TIMEOUT.toSeconds());

        List<WireTap> taps = new ArrayList<>();
        ExecutorService clients = Executors.newCachedThreadPool();
        List<Future<Outcome>> outcomes = new ArrayList<>();
        try {
            for (long delay : new long[] {0, ONE_WAY_DELAY_MS}) {
                for (String mechanism : List.of(FAST_POLL, SLOW_POLL, "long poll", "SSE", "WebSocket")) {
                    WireTap.Builder builder = WireTap.in(server);
                    if (delay > 0) builder.delay(Direction.CLIENT_TO_SERVER, Duration.ofMillis(delay))
                            .delay(Direction.SERVER_TO_CLIENT, Duration.ofMillis(delay));
                    WireTap tap = builder.start();
                    taps.add(tap);
                    outcomes.add(clients.submit(() -> run(mechanism, delay, tap)));
                }
            }
            if (!STREAMS_READY.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("streams did not connect");
            publishAll();

            List<Outcome> done = new ArrayList<>();
            for (Future<Outcome> future : outcomes) done.add(future.get(EVENTS * MEAN_GAP_MS + 20_000, TimeUnit.MILLISECONDS));
            System.out.println("Delivery latency in ms, on each network:");
            for (long delay : new long[] {0, ONE_WAY_DELAY_MS}) {
                Table latency = new Table(delay == 0 ? "no delay" : delay + " ms delay", "p50", "p90", "p99", "max");
                for (Outcome o : done) {
                    if (o.delayMs != delay) continue;
                    Percentiles p = o.latency;
                    latency.row(o.mechanism, ms(p.p50()), ms(p.p90()), ms(p.p99()), ms(p.max()));
                }
                System.out.println(latency);
            }
            System.out.println("Requests and bytes on the wire, on each network:");
            for (long delay : new long[] {0, ONE_WAY_DELAY_MS}) {
                Table traffic = new Table(delay == 0 ? "no delay" : delay + " ms delay", "reqs", "empty", "up B", "down B");
                for (Outcome o : done) if (o.delayMs == delay) traffic.row(o.mechanism, o.requests, o.empty, o.up, o.down);
                System.out.println(traffic);
            }
            done.forEach(PollingVsPush::publish);
            checkClaims(done);
            LatencyChart.write(done, Figures.file("update-latency.svg"));
            System.out.println("Latency: from the moment an event exists on the server to the moment the client has it. "
                    + "reqs: HTTP requests, the WebSocket's upgrade request included. empty: answers with no event. "
                    + "Bytes: all of it on the wire, headers, chunks and frames included, for all " + EVENTS + " events.");
        } finally {
            clients.shutdownNow();
            for (WireTap tap : taps) tap.close();
            server.close();
        }
    }

    /** Publishes the events on their schedule: the gaps are drawn up front from a fixed seed. */
    static void publishAll() throws InterruptedException {
        Random random = new Random(SEED);
        long start = System.nanoTime(), at = 0;
        for (int id = 0; id < EVENTS; id++) {
            at += (long) (-Math.log(1 - random.nextDouble()) * MEAN_GAP_MS * 1_000_000);
            long wait = start + at - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait); // the source's own clock: this is when news happens
            NEWS.publish(id);
        }
    }

    // tag::clients[]
    static Outcome run(String mechanism, long delay, WireTap tap) throws Exception {
        Receiver receiver = new Receiver();
        HttpClient http = Clients.http(); // HTTP/1.1, keep-alive
        switch (mechanism) {
            case FAST_POLL, SLOW_POLL -> {
                long interval = mechanism.equals(FAST_POLL) ? FAST_POLL_MS : SLOW_POLL_MS;
                long next = System.nanoTime();
                while (!receiver.all()) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait); // the polling interval itself
                    next += interval * 1_000_000;
                    String body = get(http, tap.httpUri("/poll?after=" + receiver.last));
                    receiver.lines(body);
                }
            }
            case "long poll" -> {
                // ask, wait for the answer, ask again at once (RFC 6202 §2.1)
                while (!receiver.all()) {
                    String body = get(http, tap.httpUri("/long?after=" + receiver.last));
                    receiver.lines(body);
                }
            }
            case "SSE" -> {
                // one request, whose answer lasts until the last event
                HttpRequest request = HttpRequest.newBuilder(tap.httpUri("/sse"))
                        .header("Accept", "text/event-stream").build();
                InputStream body = http.send(request, BodyHandlers.ofInputStream()).body();
                try (var lines = new BufferedReader(new InputStreamReader(body, UTF_8))) {
                    for (String line; !receiver.all() && (line = lines.readLine()) != null; ) {
                        if (line.startsWith("data: ")) receiver.lines(line.substring(6));
                    }
                }
            }
            case "WebSocket" -> {
                // the upgrade request; after the 101, frames only
                try (WebSocketClient ws = WebSocketClient.connect(tap.wsUri("/ws"))) {
                    while (!receiver.all()) {
                        receiver.lines(ws.receive(Duration.ofSeconds(15)));
                    }
                }
            }
            default -> throw new IllegalArgumentException(mechanism);
        }
        // requests and empty answers as the tap saw them on the wire, for every mechanism alike
        List<HttpHead> heads = tap.timeline().stream().filter(e -> e.kind() == TapEvent.Kind.HEAD).map(TapEvent::head).toList();
        int requests = (int) heads.stream().filter(HttpHead::isRequest).count();
        int empty = (int) heads.stream().filter(h -> !h.isRequest() && isEmptyAnswer(h)).count();
        return new Outcome(mechanism, delay, Percentiles.ofNanos(receiver.latencies),
                requests, empty, tap.bytes(CLIENT_TO_SERVER), tap.bytes(SERVER_TO_CLIENT));
    }
    // end::clients[]

    /** An answer with no event in it: a 204 (a long poll that timed out) or a 200 whose body is empty. */
    static boolean isEmptyAnswer(HttpHead response) {
        return response.startLine().contains(" 204 ") || "0".equals(response.field("Content-Length"));
    }

    /** What the chapter says of this run, as relations with room to spare on a busy machine. */
    static void checkClaims(List<Outcome> done) {
        java.util.function.BiFunction<String, Long, Outcome> find = (mechanism, delay) -> done.stream()
                .filter(o -> o.mechanism.equals(mechanism) && o.delayMs == delay).findFirst().orElseThrow();
        Outcome slow = find.apply(SLOW_POLL, 0L), fast = find.apply(FAST_POLL, 0L);
        for (String push : List.of("long poll", "SSE", "WebSocket")) {
            Outcome o = find.apply(push, 0L);
            Claims.check("on loopback, " + push + " delivered the typical event sooner than the 1 s poller",
                    o.latency.p50() < slow.latency.p50(), "p50 " + ms(o.latency.p50()) + " ms against " + ms(slow.latency.p50()) + " ms");
        }
        Claims.check("the 1 s poller's typical event waited longer than the 100 ms poller's", slow.latency.p50() > fast.latency.p50(),
                "p50 " + ms(slow.latency.p50()) + " ms against " + ms(fast.latency.p50()) + " ms");
        Claims.check("the 100 ms poller made more requests than the 1 s poller, many of them answered empty",
                fast.requests > slow.requests && fast.empty > 0, fast.requests + " requests (" + fast.empty + " empty) against " + slow.requests);
        for (Outcome o : done) {
            if (o.delayMs > 0) {
                Claims.check("with the delay, " + o.mechanism + "'s typical event took at least one one-way trip",
                        o.latency.p50() >= o.delayMs * 950_000, "p50 " + ms(o.latency.p50()) + " ms, one way " + o.delayMs + " ms");
            }
            if (o.mechanism.equals("SSE") || o.mechanism.equals("WebSocket")) {
                Claims.check(o.mechanism + " made one request for all the events" + (o.delayMs > 0 ? ", with the delay" : ", on loopback"),
                        o.requests == 1 && o.empty == 0, o.requests + " request(s) on the tap");
            }
        }
        // a lower bound, so a busy machine cannot break it: events born while the client re-asks wait up to a round trip more
        Outcome longDelayed = find.apply("long poll", ONE_WAY_DELAY_MS);
        Claims.check("with the delay, long polling's p90 was more than a round trip: its blind spot between questions",
                longDelayed.latency.p90() > 2 * ONE_WAY_DELAY_MS * 1_000_000,
                "p90 " + ms(longDelayed.latency.p90()) + " ms, round trip " + 2 * ONE_WAY_DELAY_MS + " ms");
    }

    /** Notes the latency of each event the first time it arrives. */
    static final class Receiver {
        final long[] latencies = new long[EVENTS - WARMUP];
        int count, last = -1;

        void lines(String body) {
            long now = System.nanoTime();
            for (String line : body.split("\n")) {
                if (line.isBlank()) continue;
                int id = Integer.parseInt(line.substring(0, line.indexOf(' ')));
                if (id <= last) continue;
                if (id >= WARMUP) latencies[count++] = now - NEWS.createdNanos[id];
                last = id;
            }
        }

        boolean all() {
            return last == EVENTS - 1;
        }
    }

    static String get(HttpClient http, URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The {@code after} parameter: the last event the client has, -1 for none. */
    static int after(org.glassfish.grizzly.http.server.Request request) {
        String value = request.getParameter("after");
        return value == null ? -1 : Integer.parseInt(value);
    }

    static String ms(long nanos) {
        return nanos < 10_000_000 ? String.format(Locale.ROOT, "%.2f", nanos / 1e6) : String.format(Locale.ROOT, "%.0f", nanos / 1e6);
    }

    static void publish(Outcome o) {
        String key = switch (o.mechanism) {
            case FAST_POLL -> "short-100ms";
            case SLOW_POLL -> "short-1s";
            case "long poll" -> "long-poll";
            case "SSE" -> "sse";
            default -> "websocket";
        } + (o.delayMs > 0 ? "-delayed" : "");
        Figures.publish(key + "-p50-ms", ms(o.latency.p50()));
        Figures.publish(key + "-p90-ms", ms(o.latency.p90()));
        Figures.publish(key + "-p99-ms", ms(o.latency.p99()));
        Figures.publish(key + "-max-ms", ms(o.latency.max()));
        Figures.publish(key + "-requests", String.format(Locale.ROOT, "%,d", o.requests));
        Figures.publish(key + "-empty", String.format(Locale.ROOT, "%,d", o.empty));
        Figures.publish(key + "-bytes-up", String.format(Locale.ROOT, "%,d", o.up));
        Figures.publish(key + "-bytes-down", String.format(Locale.ROOT, "%,d", o.down));
        Figures.publish(key + "-bytes-per-event", String.format(Locale.ROOT, "%,d", (o.up + o.down) / EVENTS));
    }
}
