///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Long polling in detail: held requests, timeouts (204), and the gap between one answer and the next request
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kit.*;

public class LongPollDetails {

    static final Duration HOLD = Duration.ofMillis(300);

    // tag::log[]
    /** Numbered events, and the polls waiting for the next one. */
    @SuppressWarnings("unchecked")
    static final class EventLog {
        private final List<String> events = new ArrayList<>();
        private final List<long[]> publishedAt = new ArrayList<>();
        private final List<Object[]> waiting = new ArrayList<>(); // {since, future}
        private final List<Boolean> heldWhenPublished = new ArrayList<>();

        /** Everything after {@code since} at once, or a future the next event completes. */
        synchronized CompletionStage<String> after(int since) {
            if (events.size() > since) return CompletableFuture.completedFuture(from(since));
            CompletableFuture<String> next = new CompletableFuture<>();
            waiting.add(new Object[] {since, next});
            notifyAll();
            return next;
        }

        synchronized void publish(String event) {
            events.add(event);
            publishedAt.add(new long[] {System.nanoTime()});
            heldWhenPublished.add(!waiting.isEmpty());
            for (Object[] poll : waiting) ((CompletableFuture<String>) poll[1]).complete(from((int) poll[0]));
            waiting.clear();
        }

        private String from(int since) {
            StringBuilder body = new StringBuilder();
            for (int id = since + 1; id <= events.size(); id++) body.append(id).append(' ').append(events.get(id - 1)).append('\n');
            return body.toString();
        }

        /** Publishes {@code event} {@code delayMillis} after a poll is being held (waits for one at most 5 s). */
        void publishWhileHeld(String event, long delayMillis, ScheduledExecutorService timer) {
            timer.execute(() -> {
                synchronized (this) {
                    long deadline = System.currentTimeMillis() + 5000;
                    while (waiting.isEmpty() && System.currentTimeMillis() < deadline) {
                        try {
                            wait(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                timer.schedule(() -> publish(event), delayMillis, TimeUnit.MILLISECONDS);
            });
        }

        /** Whether a poll was being held when event {@code id} was published. */
        synchronized boolean wasHeld(int id) {
            return heldWhenPublished.get(id - 1);
        }

        synchronized long publishedNanos(int id) {
            return publishedAt.get(id - 1)[0];
        }
    }
    // end::log[]

    public static void main(String[] args) throws Exception {
        EventLog log = new EventLog();
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        // tag::server[]
        DemoServer.Builder builder = DemoServer.builder()
                .longPoll("/poll", HOLD, request -> log.after(Integer.parseInt(request.getParameter("since")))); // <1>
        // end::server[]
        builder.longPoll("/warm-up", HOLD, request -> CompletableFuture.completedFuture("ok\n"));
        try (DemoServer server = builder.start(); WireTap tap = WireTap.in(server).start()) {
            Poller poller = new Poller(tap, log);
            for (int i = 0; i < 50; i++) poller.warmUp(); // a warm JVM, so the numbers are the network's, not the JIT's
            int warmUpEvents = tap.timeline().size();
            Table table = new Table("#", "meanwhile", "status", "held", "ids");
            // tag::polls[]
            poller.poll(table, "nothing");                                   // 204 after HOLD
            poller.poll(table, "nothing");                                   // and again
            log.publishWhileHeld("price 101", 100, later);
            poller.poll(table, "event 100 ms into it");                      // answered at once
            log.publish("price 102");                                        // between two polls:
            log.publish("price 103");                                        // nobody is waiting
            poller.poll(table, "2 events before it");                        // the cursor finds them
            log.publishWhileHeld("price 104", 50, later);
            poller.poll(table, "event 50 ms into it");
            // end::polls[]
            System.out.print(table);
            checkRows(poller.rows, log);

            List<TapEvent> all = tap.timeline();
            List<TapEvent> seen = all.subList(warmUpEvents, all.size());
            List<Long> gaps = reconnectGaps(seen);
            long heads = seen.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD).mapToLong(TapEvent::bytes).sum();
            long bodies = seen.stream().filter(e -> e.kind() == TapEvent.Kind.BODY).mapToLong(TapEvent::bytes).sum();
            System.out.println();
            System.out.printf(Locale.ROOT, "TCP connections: %d (keep-alive)%n", tap.connections());
            System.out.printf(Locale.ROOT, "HTTP heads: %,d B for %d polls%n", heads, poller.polls);
            System.out.printf(Locale.ROOT, "event data: %,d B%n", bodies);
            System.out.printf(Locale.ROOT, "an event published while a poll was held%n  reached the client in %.2f ms%n", poller.heldLatencyMs);
            System.out.println("gaps from an answer to the next request:");
            System.out.println("  " + String.join(", ", gaps.stream().map(g -> String.format(Locale.ROOT, "%.2f ms", g / 1000.0)).toList()));
            Figures.publish("hold-ms", HOLD.toMillis());
            Figures.publish("timeout-held", String.format(Locale.ROOT, "%.0f ms", poller.timeoutHeldMs));
            Figures.publish("held-latency", String.format(Locale.ROOT, "%.2f ms", poller.heldLatencyMs));
            Claims.check("one TCP connection carried every poll", tap.connections() == 1, "connections: " + tap.connections());
            Figures.publish("gap-count", gaps.size());
            Figures.publish("gap-median", String.format(Locale.ROOT, "%.2f ms", median(gaps) / 1000.0));
            Figures.publish("head-bytes-per-poll", (heads / poller.polls) + " B");
            Figures.publish("body-bytes", bodies + " B");
            Claims.check("one poll's HTTP heads took more bytes than the event data of the whole run",
                    heads / poller.polls > bodies, "heads per poll: " + heads / poller.polls + " B, event data: " + bodies + " B");
            Figures.publish("connections", tap.connections());
        } finally {
            later.shutdownNow();
        }
    }

    /** A client that asks again as soon as it has its answer, always saying which event it saw last. */
    static final class Poller {
        final WireTap tap;
        final EventLog log;
        int since, polls;
        double timeoutHeldMs, heldLatencyMs;
        final List<Row> rows = new ArrayList<>();
        final java.net.http.HttpClient http = Clients.http();

        Poller(WireTap tap, EventLog log) {
            this.tap = tap;
            this.log = log;
        }

        void warmUp() throws Exception {
            http.send(HttpRequest.newBuilder(tap.httpUri("/warm-up")).build(), HttpResponse.BodyHandlers.ofString());
        }

        void poll(Table table, String meanwhile) throws Exception {
            long sent = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(tap.httpUri("/poll?since=" + since)).timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            polls++;
            List<String> events = response.body().lines().toList();
            if (!events.isEmpty()) {
                int last = Integer.parseInt(events.get(events.size() - 1).split(" ")[0]);
                if (events.size() == 1 && meanwhile.contains("into")) heldLatencyMs = (answered - log.publishedNanos(last)) / 1e6;
                since = last;
            } else {
                timeoutHeldMs = (answered - sent) / 1e6;
            }
            List<Integer> ids = events.stream().map(e -> Integer.parseInt(e.split(" ")[0])).toList();
            rows.add(new Row(meanwhile, response.statusCode(), (answered - sent) / 1e6, ids));
            table.row(polls, meanwhile, response.statusCode(), String.format(Locale.ROOT, "%.1f ms", (answered - sent) / 1e6),
                    events.isEmpty() ? "-" : String.join(", ", events.stream().map(e -> e.split(" ")[0]).toList()));
        }
    }

    record Row(String meanwhile, int status, double heldMs, List<Integer> ids) {}

    /** Each row's label is what its run did, or the run fails here. */
    static void checkRows(List<Row> rows, EventLog log) {
        long hold = HOLD.toMillis();
        for (Row row : rows.subList(0, 2)) {
            Claims.check("with nothing to say, a poll came back 204 once the hold time had passed",
                    row.status == 204 && row.ids.isEmpty() && row.heldMs >= hold, row.toString());
        }
        for (Row row : List.of(rows.get(2), rows.get(4))) {
            boolean held = row.ids.size() == 1 && log.wasHeld(row.ids.get(0));
            Claims.check("an event published while a poll was held answered that poll at once, before its hold ran out",
                    row.status == 200 && held && row.heldMs < hold, row + ", held when published: " + held);
        }
        Row gap = rows.get(3);
        Claims.check("the two events published between polls came in the next answer, together",
                gap.status == 200 && gap.ids.equals(List.of(2, 3)) && !log.wasHeld(2) && !log.wasHeld(3), gap.toString());
    }

    static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /** For each request after the first: microseconds since the end of the answer before it. */
    static List<Long> reconnectGaps(List<TapEvent> events) {
        List<Long> gaps = new ArrayList<>();
        long answerEnd = -1;
        for (TapEvent event : events) {
            if (event.direction() == Direction.SERVER_TO_CLIENT && (event.kind() == TapEvent.Kind.HEAD || event.kind() == TapEvent.Kind.BODY)) {
                answerEnd = event.micros();
            }
            if (event.kind() == TapEvent.Kind.HEAD && event.head().isRequest() && answerEnd >= 0) {
                gaps.add(event.micros() - answerEnd);
                answerEnd = -1;
            }
        }
        return gaps;
    }
}
