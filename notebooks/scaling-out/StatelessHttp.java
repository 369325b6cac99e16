///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Plain HTTP over three servers with no stickiness: a counter, SSE resuming with Last-Event-ID on another server, long polling, all from Redis
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES ChatNode.java
//SOURCES LocalRedis.java
//SOURCES Fleet.java

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import kit.*;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

public class StatelessHttp {

    static final int REQUESTS = 9, ENTRIES = 40, EVERY_MS = 25, DROP_AFTER = 15;

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        try (LocalRedis redis = LocalRedis.start(); Fleet fleet = Fleet.start(3, redis.port());
             ReverseProxy proxy = ReverseProxy.to(fleet.ports()).start()) { // round-robin, no stickiness
            // tag::count[]
            List<String> servedBy = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String[] answer = get(proxy, "/count").strip().split(" "); // "server-2 7"
                servedBy.add(answer[0]);
                counts.add(Long.parseLong(answer[1]));
            }
            // end::count[]
            System.out.println(REQUESTS + " GET /count, round-robin: " + servedBy);
            System.out.println("  the counter they returned: " + counts);

            // The feed: entry N goes into the Redis stream as id N-0, every 25 ms.
            AtomicLong next = new AtomicLong(1);
            Jedis writer = redis.connect();
            publisher.scheduleAtFixedRate(() -> {
                long n = next.get();
                if (n > ENTRIES) return;
                writer.xadd("feed", new StreamEntryID(n, 0), Map.of("n", String.valueOf(n)));
                next.incrementAndGet();
            }, 0, EVERY_MS, TimeUnit.MILLISECONDS);
            CompletableFuture<Polls> polling = CompletableFuture.supplyAsync(() -> longPoll(proxy));

            // tag::sse[]
            List<Long> ids = new ArrayList<>();
            String first = events(proxy, null, DROP_AFTER, ids);                      // reads 1..15, then drops
            String second = events(proxy, String.valueOf(ids.get(ids.size() - 1)), ENTRIES, ids); // Last-Event-ID: 15
            // end::sse[]
            Polls polls = polling.get(30, TimeUnit.SECONDS);
            writer.close();
            System.out.println("SSE: first connection on " + first + ", resumed with Last-Event-ID on " + second
                    + "; ids received: " + ids.size() + ", distinct: " + new LinkedHashSet<>(ids).size());
            System.out.println("long polling: " + polls.answers + " answers from " + polls.servers + "; entries received: " + polls.ids.size());

            boolean countsInOrder = true;
            for (int i = 0; i < counts.size(); i++) countsInOrder &= counts.get(i) == i + 1;
            long perServer = servedBy.stream().filter(servedBy.get(0)::equals).count();
            Figures.publish("http-requests", REQUESTS);
            Figures.publish("http-servers", new LinkedHashSet<>(servedBy).size());
            Figures.publish("sse-first", first);
            Figures.publish("sse-second", second);
            Figures.publish("sse-drop-after", DROP_AFTER);
            Figures.publish("sse-entries", ENTRIES);
            Figures.publish("sse-missing", missing(ids));
            Figures.publish("poll-answers", polls.answers);
            Figures.publish("poll-servers", polls.servers.size());
            Figures.publish("poll-missing", missing(polls.ids));
            Claims.check("the requests went round-robin, three to each server, and the counter still ran from 1 with no gap",
                    perServer == REQUESTS / 3 && new LinkedHashSet<>(servedBy).size() == 3 && countsInOrder, servedBy + " " + counts);
            Claims.check("the event stream resumed on a different server with nothing missing and nothing twice",
                    !first.equals(second) && missing(ids) == 0 && ids.size() == ENTRIES, first + " then " + second + ", " + ids.size() + " ids");
            Claims.check("the long polls were answered by more than one server, and every entry arrived once",
                    polls.servers.size() > 1 && missing(polls.ids) == 0 && polls.ids.size() == ENTRIES, polls.servers + ", " + polls.ids.size() + " ids");
            System.out.println("Any server answers any request: the state is in Redis, so HTTP needs no stickiness, and streams resume anywhere.");
        } finally {
            publisher.shutdownNow();
        }
    }

    static long missing(List<Long> ids) {
        Set<Long> seen = new LinkedHashSet<>(ids);
        long missing = 0;
        for (long n = 1; n <= ENTRIES; n++) if (!seen.contains(n)) missing++;
        return missing;
    }

    static String get(ReverseProxy proxy, String path) throws Exception {
        return Clients.http().send(HttpRequest.newBuilder(proxy.httpUri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** An EventSource, by hand: reads events until id {@code stopAt}; returns the server that served it. */
    static String events(ReverseProxy proxy, String lastEventId, long stopAt, List<Long> ids) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.httpUri("/events")).timeout(Duration.ofSeconds(10));
        if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
        HttpResponse<InputStream> response = Clients.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String server = "?";
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith(": served by ")) server = line.substring(12);
                if (line.startsWith("id: ")) {
                    ids.add(Long.parseLong(line.substring(4)));
                    if (ids.get(ids.size() - 1) >= stopAt) break; // closing the body drops the connection
                }
            }
        }
        return server;
    }

    record Polls(int answers, Set<String> servers, List<Long> ids) {}

    /** Long polling from the same feed: each poll says the last entry it has. */
    static Polls longPoll(ReverseProxy proxy) {
        List<Long> ids = new ArrayList<>();
        Set<String> servers = new LinkedHashSet<>();
        int answers = 0;
        try {
            long since = 0;
            while (since < ENTRIES && answers < 200) {
                String[] answer = get(proxy, "/poll?since=" + since).strip().split(" ");
                answers++;
                if (answer[0].isEmpty()) continue; // 204: nothing new in the hold time
                servers.add(answer[0]);
                for (int i = 1; i < answer.length; i++) {
                    ids.add(Long.parseLong(answer[i]));
                    since = Math.max(since, Long.parseLong(answer[i]));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("long poll: " + e, e);
        }
        return new Polls(answers, servers, ids);
    }
}
