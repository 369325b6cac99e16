///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION One member stops reading a feed: blocking sends stall everyone; drop, conflate and disconnect keep the others on time and the server's memory bounded
//JAVA 17+
//SOURCES ../_kit/*.java

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import kit.*;

/**
 * A feed of 16 KiB messages, one every 2 ms, to three fast members and one that stopped
 * reading. Once per way of sending: blocking sends, then {@link Outbox} with no bound, and
 * with each of its three policies. Everything in one JVM, on 127.0.0.1, for 3 s per way.
 */
public class SlowConsumer {

    static final int MESSAGE = 16 * 1024, EVERY_MS = 2, FAST = 3;
    static final long RUN_MS = 3000, LIMIT = 1024 * 1024; // each way runs this long; the policies' bound per member
    static final BlockingQueue<Session> JOINED = new LinkedBlockingQueue<>();
    // Tyrus logs each write the aborted slow member leaves behind; the table below says what happened.
    static final Logger QUIET = quiet("org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter");

    // tag::server[]
    @ServerEndpoint("/feed")
    public static class Feed {
        @OnOpen
        public void join(Session session) {
            JOINED.add(session);
        }
    }
    // end::server[]

    record Run(String way, int published, int fastGot, long fastMaxGot, Percentiles latency, long longestGap, long slowWritten,
               long heldMost, long heldAtEnd, long heapGrowth, String slowEnd) {}

    public static void main(String[] args) throws Exception {
        List<Run> runs = new ArrayList<>();
        runs.add(run("blocking", null));
        for (Outbox.Policy policy : Outbox.Policy.values()) runs.add(run(policy.name().toLowerCase(Locale.ROOT), policy));
        report(runs);
    }

    static Run run(String way, Outbox.Policy policy) throws Exception {
        JOINED.clear();
        HttpClient http = HttpClient.newHttpClient();
        try (DemoServer server = DemoServer.builder().endpoint(Feed.class).start()) {
            // tag::slow[]
            WebSocket slow = http.newWebSocketBuilder().buildAsync(server.wsUri("/feed"), new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket webSocket) { /* never calls request(n): the JDK stops reading */ }
            }).get(10, TimeUnit.SECONDS);
            // end::slow[]
            List<Member> fast = new ArrayList<>();
            for (int i = 0; i < FAST; i++) fast.add(Member.join(http, server));
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < FAST + 1; i++) sessions.add(JOINED.poll(10, TimeUnit.SECONDS)); // the slow one first
            List<Outbox> boxes = sessions.stream().map(s -> policy == null ? null : new Outbox(s, policy, LIMIT)).toList();

            long heapBefore = heap();
            String padding = "x".repeat(MESSAGE - 16);
            AtomicInteger published = new AtomicInteger();
            ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor();
            // tag::feed[]
            feed.scheduleAtFixedRate(() -> {
                String message = String.format(Locale.ROOT, "%016x", System.nanoTime()) + padding; // its own timestamp
                published.incrementAndGet();
                for (int i = 0; i < sessions.size(); i++) {
                    if (policy == null) {
                        try {
                            sessions.get(i).getBasicRemote().sendText(message); // returns when written: waits for the slowest
                        } catch (Exception e) {
                            // this member is gone; go on with the others
                        }
                    } else {
                        boxes.get(i).offer(message); // returns at once; the policy handles a full outbox
                    }
                }
            }, 0, EVERY_MS, TimeUnit.MILLISECONDS);
            // end::feed[]
            feed.awaitTermination(RUN_MS, TimeUnit.MILLISECONDS); // the feed runs this long (it never ends by itself)
            feed.shutdown();
            long heapGrowth = heap() - heapBefore;  // while the slow member is still connected
            Outbox slowBox = boxes.get(0);
            String slowEnd = slowBox != null && slowBox.closed() ? "closed, 1013" : "connected";
            long heldAtEnd = slowBox == null ? -1 : slowBox.queuedBytes(); // what the server still holds for it, before it goes
            slow.abort();                            // frees a blocked send, if any
            if (!feed.awaitTermination(10, TimeUnit.SECONDS)) throw new IllegalStateException("the feed did not stop");
            int sent = published.get();
            for (Member m : fast) m.awaitLast(sent);
            List<Long> latencies = new ArrayList<>();
            for (Member m : fast) latencies.addAll(m.latencies);
            int fastGot = fast.stream().mapToInt(m -> m.latencies.size()).min().orElse(0);
            long maxGot = fast.stream().mapToInt(m -> m.latencies.size()).max().orElse(0);
            long gap = fast.stream().mapToLong(Member::longestGap).max().orElse(0);
            for (Member m : fast) m.socket.abort();
            return new Run(way, sent, fastGot, maxGot, Percentiles.ofNanos(latencies.stream().mapToLong(Long::longValue).toArray()), gap,
                    slowBox == null ? -1 : slowBox.sent(), slowBox == null ? -1 : slowBox.maxQueuedBytes(), heldAtEnd, heapGrowth, slowEnd);
        }
    }

    /** A fast member: reads every message at once and notes how long it took to arrive. */
    static final class Member {
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final BlockingQueue<Long> stamps = new LinkedBlockingQueue<>();
        final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        WebSocket socket;

        static Member join(HttpClient http, DemoServer server) throws Exception {
            Member member = new Member();
            StringBuilder part = new StringBuilder();
            member.socket = http.newWebSocketBuilder().buildAsync(server.wsUri("/feed"), new WebSocket.Listener() {
                @Override
                public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    part.append(data);
                    if (last) {
                        long stamp = Long.parseUnsignedLong(part.substring(0, 16), 16), now = System.nanoTime();
                        member.latencies.add(now - stamp);
                        member.arrivals.add(now);
                        member.stamps.add(stamp);
                        part.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            return member;
        }

        /** The longest time between two messages this member received. */
        long longestGap() {
            long longest = 0, last = -1;
            for (long t : arrivals) {
                if (last >= 0) longest = Math.max(longest, t - last);
                last = t;
            }
            return longest;
        }

        /** Waits, at most 10 s, until the messages stop coming: none for half a second. */
        void awaitLast(int published) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (latencies.size() < published && System.nanoTime() < deadline) {
                if (stamps.poll(500, TimeUnit.MILLISECONDS) == null) return; // a policy may have dropped the rest
            }
        }
    }

    static void report(List<Run> runs) {
        Table table = new Table("way of sending", "published", "each fast got", "fast p50 ms", "fast p99 ms", "longest gap ms",
                "slow: written", "slow: held at most", "held at end", "heap growth", "slow member");
        for (Run r : runs) {
            table.row(r.way(), r.published(), r.fastGot() == r.fastMaxGot() ? String.valueOf(r.fastGot()) : r.fastGot() + "-" + r.fastMaxGot(),
                    ms(r.latency().p50()), ms(r.latency().p99()), ms(r.longestGap()),
                    r.slowWritten() < 0 ? "-" : String.valueOf(r.slowWritten()), r.heldMost() < 0 ? "-" : kib(r.heldMost()),
                    r.heldAtEnd() < 0 ? "-" : kib(r.heldAtEnd()),
                    kib(r.heapGrowth()), r.slowEnd());
            String n = r.way();
            Figures.publish(n + "-published", r.published());
            Figures.publish(n + "-fast-got", r.fastGot());
            Figures.publish(n + "-fast-p99-ms", ms(r.latency().p99()));
            Figures.publish(n + "-fast-gap-ms", ms(r.longestGap()));
            if (r.heldMost() >= 0) Figures.publish(n + "-held-kib", kib(r.heldMost()));
            if (r.heldAtEnd() >= 0) Figures.publish(n + "-held-at-end-kib", kib(r.heldAtEnd()));
            Figures.publish(n + "-heap-growth-kib", kib(r.heapGrowth()));
        }
        System.out.printf(Locale.ROOT, "A feed of %,d B messages every %d ms for %,d ms; 3 fast members and 1 that stopped reading.%n",
                MESSAGE, EVERY_MS, RUN_MS);
        System.out.println(table);
        Figures.publish("message-kib", MESSAGE / 1024);
        Figures.publish("every-ms", EVERY_MS);
        Figures.publish("run-ms", String.format(Locale.ROOT, "%,d", RUN_MS));
        Figures.publish("limit-kib", String.format(Locale.ROOT, "%,d", LIMIT / 1024));
        checkClaims(runs);
    }

    // tag::claims[]
    static void checkClaims(List<Run> runs) {
        Run blocking = runs.get(0), unbounded = find(runs, "unbounded");
        Claims.check("with blocking sends the feed published less than half of what it meant to",
                blocking.published() < RUN_MS / EVERY_MS / 2, "published " + blocking.published() + " of " + RUN_MS / EVERY_MS);
        for (Run r : runs.subList(1, runs.size())) {
            Claims.check("with " + r.way() + ", the fast members' longest gap was under half the blocking run's",
                    r.longestGap() * 2 < blocking.longestGap(), ms(r.longestGap()) + " vs " + ms(blocking.longestGap()) + " ms");
            if (!r.way().equals("unbounded")) {
                Claims.check("with " + r.way() + ", the server held at most the bound for the slow member",
                        r.heldMost() <= LIMIT, kib(r.heldMost()) + " KiB");
            }
            if (!r.way().equals("conflate")) {
                Claims.check("with " + r.way() + ", every fast member got every message", r.fastGot() == r.published(),
                        r.fastGot() + " of " + r.published());
            }
        }
        Claims.check("without a bound, the server held more than ten times the bound for the slow member",
                unbounded.heldMost() > 10 * LIMIT, kib(unbounded.heldMost()) + " KiB");
        Claims.check("with an unbounded queue the heap grew by more than the payload held",
                unbounded.heapGrowth() > unbounded.heldMost(), kib(unbounded.heapGrowth()) + " vs " + kib(unbounded.heldMost()));
        Claims.check("with blocking sends the heap grew by less than a tenth of the unbounded queue's growth",
                blocking.heapGrowth() * 10 < unbounded.heapGrowth(), kib(blocking.heapGrowth()) + " vs " + kib(unbounded.heapGrowth()));
        Run conflate = find(runs, "conflate"), disconnect = find(runs, "disconnect");
        Claims.check("with conflate, at most one message waited besides the one being written",
                conflate.heldMost() <= 2L * MESSAGE, kib(conflate.heldMost()) + " at most, messages of " + kib(MESSAGE));
        Claims.check("once disconnect had closed the slow member, the server held at most the one message being written for it",
                disconnect.heldAtEnd() <= MESSAGE, kib(disconnect.heldAtEnd()) + " held at the end");
        Claims.check("disconnect closed the slow member", find(runs, "disconnect").slowEnd().startsWith("closed"), find(runs, "disconnect").slowEnd());
    }
    // end::claims[]

    static Run find(List<Run> runs, String way) {
        return runs.stream().filter(r -> r.way().equals(way)).findFirst().orElseThrow();
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    static String kib(long bytes) {
        return String.format(Locale.ROOT, "%,d KiB", bytes / 1024);
    }

    static long heap() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.OFF);
        return logger;
    }
}
