///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Kill one of three servers: its clients reconnect at once, or with exponential backoff and full jitter; histogram and peak connections per second
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES ChatNode.java
//SOURCES LocalRedis.java
//SOURCES Fleet.java

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import kit.*;

public class ReconnectStorm {

    static final int CLIENTS = 60, KILLED = 2, BUCKET_MS = 250;
    static final long BASE_MS = 4000, CAP_MS = 30_000;

    public static void main(String[] args) throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            Storm immediate = storm(redis, false);
            Storm backoff = storm(redis, true);

            System.out.println();
            System.out.println("reconnects after the kill, per " + BUCKET_MS + " ms (each # is one client)");
            int buckets = Math.max(immediate.histogram.length, backoff.histogram.length);
            Table table = new Table("after kill", "immediate retry", "backoff + full jitter");
            for (int b = 0; b < buckets; b++) {
                table.row(b * BUCKET_MS + "-" + (b + 1) * BUCKET_MS + " ms", bar(immediate.histogram, b), bar(backoff.histogram, b));
            }
            System.out.print(table);
            Table summary = new Table("policy", "clients moved", "all back after", "peak connections in one second");
            summary.row("immediate retry", immediate.moved, immediate.lastMillis + " ms", immediate.peakPerSecond);
            summary.row("backoff + full jitter", backoff.moved, backoff.lastMillis + " ms", backoff.peakPerSecond);
            System.out.print(summary);
            Figures.publish("storm-clients", CLIENTS);
            Figures.publish("storm-moved", immediate.moved);
            Figures.publish("immediate-peak", immediate.peakPerSecond);
            Figures.publish("backoff-peak", backoff.peakPerSecond);
            Figures.publish("immediate-last-ms", immediate.lastMillis);
            Figures.publish("backoff-last-ms", backoff.lastMillis);
            Figures.publish("base-ms", BASE_MS);
            Claims.check("every client of the killed server came back on a survivor, with either policy",
                    immediate.moved == CLIENTS / 3 && backoff.moved == CLIENTS / 3, immediate.moved + " / " + backoff.moved);
            Claims.check("backoff with full jitter cut the survivors' peak (new connections in one second) to two thirds or less of immediate retry's",
                    backoff.peakPerSecond * 3 <= immediate.peakPerSecond * 2, backoff.peakPerSecond + " vs " + immediate.peakPerSecond + " per second");
            System.out.println("Immediate retry sends a killed server's clients to the survivors at once; full jitter spreads them out.");
        }
    }

    static String bar(int[] histogram, int bucket) {
        return bucket < histogram.length ? "#".repeat(histogram[bucket]) : "";
    }

    record Storm(int moved, long lastMillis, int peakPerSecond, int[] histogram) {}

    // tag::policy[]
    /** How long to wait before reconnect attempt {@code attempt} (0, 1, 2 ...). */
    static long delayMillis(boolean backoff, int attempt) {
        if (!backoff) return 0; // immediate retry
        long ceiling = Math.min(CAP_MS, BASE_MS << Math.min(attempt, 20)); // exponential, capped
        return ThreadLocalRandom.current().nextLong(ceiling + 1); // full jitter: anywhere from 0 to the ceiling
    }
    // end::policy[]

    static Storm storm(LocalRedis redis, boolean backoff) throws Exception {
        System.out.println((backoff ? "=== backoff with full jitter" : "=== immediate retry") + ": " + CLIENTS + " clients on 3 servers");
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(CLIENTS / 3); // one thread per reconnecting client: each client is on its own
        try (Fleet fleet = Fleet.start(3, redis.port());
             ReverseProxy proxy = ReverseProxy.to(fleet.ports()).passUpgrade().start()) {
            List<WebSocketClient> onKilled = new ArrayList<>();
            List<WebSocketClient> all = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                WebSocketClient client = WebSocketClient.connect(proxy.wsUri("/chat"));
                all.add(client);
                if (proxy.log().get(proxy.log().size() - 1).backend() == KILLED) onKilled.add(client);
            }
            CountDownLatch back = new CountDownLatch(onKilled.size());
            List<Long> backAt = java.util.Collections.synchronizedList(new ArrayList<>());
            List<WebSocketClient> replacements = java.util.Collections.synchronizedList(new ArrayList<>());
            for (WebSocketClient client : onKilled) {
                Thread watcher = new Thread(() -> {
                    try {
                        if (!client.awaitClose(Duration.ofSeconds(30))) return;
                        reconnect(proxy, backoff, 0, timer, back, backAt, replacements);
                    } catch (InterruptedException e) {
                        // the demo is over
                    }
                });
                watcher.setDaemon(true);
                watcher.start();
            }
            // tag::kill[]
            long killedAt = System.nanoTime();
            fleet.nodes().get(KILLED).kill(); // kill -9: no close frames, the proxy's tunnels to it end
            // end::kill[]
            System.out.println("killed server-" + (KILLED + 1) + " with " + onKilled.size() + " clients; waiting up to 40 s for them to come back");
            if (!back.await(40, TimeUnit.SECONDS)) throw new IllegalStateException("only " + backAt.size() + " came back");

            long lastMillis = 0;
            List<Long> millis = new ArrayList<>();
            synchronized (backAt) {
                for (long at : backAt) millis.add((at - killedAt) / 1_000_000);
            }
            for (long m : millis) lastMillis = Math.max(lastMillis, m);
            int[] histogram = new int[(int) (lastMillis / BUCKET_MS) + 1];
            for (long m : millis) histogram[(int) (m / BUCKET_MS)]++;
            // The survivors' load: the most handshakes the proxy passed on in any one second after the kill.
            List<Long> routedAt = new ArrayList<>();
            for (ReverseProxy.Routed routed : proxy.log()) {
                long m = (routed.nanoTime() - killedAt) / 1_000_000;
                if (m >= 0) routedAt.add(m);
            }
            java.util.Collections.sort(routedAt);
            int peak = 0;
            for (int first = 0, last = 0; last < routedAt.size(); last++) {
                while (routedAt.get(last) - routedAt.get(first) >= 1000) first++;
                peak = Math.max(peak, last - first + 1);
            }
            for (WebSocketClient client : all) client.socket().abort();
            synchronized (replacements) {
                for (WebSocketClient client : replacements) client.socket().abort();
            }
            return new Storm(millis.size(), lastMillis, peak, histogram);
        } finally {
            timer.shutdownNow();
        }
    }

    /** One attempt after its delay; a failure schedules the next attempt with a longer ceiling. */
    static void reconnect(ReverseProxy proxy, boolean backoff, int attempt, ScheduledExecutorService timer,
                          CountDownLatch back, List<Long> backAt, List<WebSocketClient> replacements) {
        timer.schedule(() -> {
            try {
                replacements.add(WebSocketClient.connect(proxy.wsUri("/chat")));
                backAt.add(System.nanoTime());
                back.countDown();
            } catch (Exception failed) {
                reconnect(proxy, backoff, attempt + 1, timer, back, backAt, replacements);
            }
        }, delayMillis(backoff, attempt), TimeUnit.MILLISECONDS);
    }
}
