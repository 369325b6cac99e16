///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Server-Sent Events: drop the stream mid-way, reconnect with Last-Event-ID, lose nothing
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kit.*;

public class SseResume {

    static final int TOTAL = 12, DROP_AFTER = 4, EVERY_MS = 50;
    static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sse-deadline");
        thread.setDaemon(true);
        return thread;
    });

    // tag::log[]
    /** Every event the server ever sent, numbered: what lets a stream resume. */
    static final class EventLog {
        private final List<String> events = new ArrayList<>();
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private boolean started;

        /** The prices start ticking when the first client subscribes. */
        synchronized void startTicking() {
            if (started) return;
            started = true;
            ticker.scheduleAtFixedRate(() -> {
                if (size() < TOTAL) append("{\"price\":" + (100 + size()) + "}");
            }, 0, EVERY_MS, TimeUnit.MILLISECONDS);
        }

        void stop() {
            ticker.shutdownNow();
        }

        synchronized void append(String data) {
            events.add(data);
            notifyAll();
        }

        /** Waits (bounded) until there is an event after {@code lastId}; returns its id, or -1. */
        synchronized int awaitAfter(int lastId, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (events.size() <= lastId) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) return -1;
                wait(left);
            }
            return lastId + 1;
        }

        synchronized String get(int id) {
            return events.get(id - 1);
        }

        synchronized int size() {
            return events.size();
        }
    }
    // end::log[]

    public static void main(String[] args) throws Exception {
        Result forgetful = run(false);
        Result resuming = run(true);
        System.out.println();
        Table table = new Table("client", "Last-Event-ID", "received", "missing");
        table.row("forgetful", "(not sent)", ranges(forgetful.ids), ranges(forgetful.missing()));
        table.row("resuming", DROP_AFTER, ranges(resuming.ids), ranges(resuming.missing()));
        System.out.print(table);
        Claims.check("the client that did not send Last-Event-ID missed events", !forgetful.missing().isEmpty(),
                "missing: " + ranges(forgetful.missing()));
        Claims.check("the client that sent Last-Event-ID missed none, and got each event once",
                resuming.missing().isEmpty() && resuming.ids.size() == TOTAL, "received: " + resuming.ids);
        Claims.check("events were sent while the clients were away", forgetful.inGap > 0 && resuming.inGap > 0,
                "forgetful: " + forgetful.inGap + ", resuming: " + resuming.inGap);
        Figures.publish("forgetful-missing", forgetful.missing().size());
        Figures.publish("forgetful-ids", ranges(forgetful.ids));
        Figures.publish("resuming-ids", ranges(resuming.ids));
        Figures.publish("resuming-missing", resuming.missing().size());
        Figures.publish("in-gap", resuming.inGap);
        Figures.publish("gap-ms", resuming.gapMillis);
        Figures.publish("total", TOTAL);
        Figures.publish("drop-after", DROP_AFTER);
    }

    /** [1, 2, 3, 7, 8] as "1-3, 7-8". */
    static String ranges(List<Integer> ids) {
        if (ids.isEmpty()) return "none";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            int start = ids.get(i);
            while (i + 1 < ids.size() && ids.get(i + 1) == ids.get(i) + 1) i++;
            out.append(out.length() > 0 ? ", " : "").append(start).append(start == ids.get(i) ? "" : "-" + ids.get(i));
        }
        return out.toString();
    }

    /** Two connections, each ended by the client (FIN) or by the server's last chunk. */
    static boolean bothStreamsOver(List<TapEvent> events) {
        return java.util.stream.IntStream.of(1, 2).allMatch(c -> events.stream().anyMatch(e -> e.connection() == c
                && (e.kind() == TapEvent.Kind.END || "last chunk".equals(e.summary()))));
    }

    record Result(List<Integer> ids, int inGap, long gapMillis) {
        List<Integer> missing() {
            List<Integer> missing = new ArrayList<>();
            for (int id = 1; id <= TOTAL; id++) if (!ids.contains(id)) missing.add(id);
            return missing;
        }
    }

    static Result run(boolean resume) throws Exception {
        EventLog log = new EventLog();
        // tag::server[]
        DemoServer.Builder builder = DemoServer.builder().stream("/prices", "text/event-stream", (request, out) -> {
            String lastEventId = request.getHeader("Last-Event-ID"); // <1>
            int last = lastEventId != null ? Integer.parseInt(lastEventId) : log.size(); // none: only what comes next
            out.send("retry: 250\n\n"); // <2>
            log.startTicking(); // (once the first client is listening)
            while (last < TOTAL) {
                int id = log.awaitAfter(last, 2000);
                if (id < 0) return;
                out.send("id: " + id + "\ndata: " + log.get(id) + "\n\n"); // <3>
                last = id;
            }
        });
        // end::server[]
        try (DemoServer server = builder.start(); WireTap tap = WireTap.in(server).start()) {
            // tag::client[]
            List<Integer> ids = new ArrayList<>();
            long retry = read(tap, null, DROP_AFTER, ids); // reads events 1..4, then drops the connection
            long droppedAt = System.nanoTime();
            int lastSeen = ids.get(ids.size() - 1);
            int sentBeforeDrop = log.size();
            TimeUnit.MILLISECONDS.sleep(retry); // a browser's EventSource waits `retry` ms, then reconnects
            int inGap = log.size() - sentBeforeDrop;
            long gapMillis = (System.nanoTime() - droppedAt) / 1_000_000;
            read(tap, resume ? String.valueOf(lastSeen) : null, TOTAL, ids);
            // end::client[]

            System.out.printf(Locale.ROOT, "%s client: dropped after id %d,%n  away %d ms, while %d events were sent,%n  back %s%n",
                    resume ? "resuming" : "forgetful", lastSeen, gapMillis, inGap,
                    resume ? "with Last-Event-ID: " + lastSeen : "without Last-Event-ID");
            List<TapEvent> seen = tap.await(SseResume::bothStreamsOver, Duration.ofSeconds(5));
            if (resume) {
                SequenceDiagram.write(seen, Figures.file("sse-resume.svg"));
                seen.stream().filter(e -> e.head() != null && e.head().isRequest() && e.connection() == 2)
                        .forEach(e -> System.out.print("  the reconnect, as the tap saw it:\n" + e.head().text().indent(4)));
            }
            return new Result(ids, inGap, gapMillis);
        } finally {
            log.stop();
        }
    }

    /**
     * One EventSource connection: reads "id:" and "data:" lines until the event with
     * id {@code stopAt}, then closes the body, which drops the TCP connection.
     * Returns the server's {@code retry:} value in milliseconds.
     */
    static long read(WireTap tap, String lastEventId, int stopAt, List<Integer> ids) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(tap.httpUri("/prices"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(5));
        if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
        HttpResponse<InputStream> response = Clients.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        long retry = 3000;
        // The request's timeout ends with the response head: the client bounds the stream itself.
        AtomicBoolean tooLong = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            tooLong.set(true);
            try {
                response.body().close(); // wakes the blocked read
            } catch (java.io.IOException e) {
                // closing anyway
            }
        }, 10, TimeUnit.SECONDS);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("retry: ")) retry = Long.parseLong(line.substring(7));
                if (line.startsWith("id: ")) {
                    int id = Integer.parseInt(line.substring(4));
                    ids.add(id);
                    if (id >= stopAt) break; // close() below: the connection is gone mid-stream
                }
            }
        } catch (java.io.IOException e) {
            if (!tooLong.get()) throw e;
        } finally {
            deadline.cancel(false);
        }
        if (tooLong.get()) throw new IllegalStateException("no event " + stopAt + " within 10 s; got " + ids);
        return retry;
    }
}
