///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION A graceful drain: one of three servers closes its WebSockets with 1012, clients resume on the others from a Redis stream, nothing lost
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES ChatNode.java
//SOURCES LocalRedis.java
//SOURCES FeedClient.java
//SOURCES Fleet.java

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import kit.*;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

public class Drain {

    static final int CLIENTS = 9, ENTRIES = 300, EVERY_MS = 10, DRAIN_AT = 100, CODE = 1012;
    static final int DRAINED = 1; // the second server (0-based)

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        try (LocalRedis redis = LocalRedis.start(); Fleet fleet = Fleet.start(3, redis.port());
             ReverseProxy proxy = ReverseProxy.to(fleet.ports()).passUpgrade().start()) {
            List<FeedClient> clients = new ArrayList<>();
            List<Integer> serverBefore = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                FeedClient client = new FeedClient(since -> proxy.wsUri("/feed?since=" + since), ENTRIES);
                client.start();
                clients.add(client);
                serverBefore.add(proxy.log().get(proxy.log().size() - 1).backend());
            }
            // tag::publish[]
            // The feed: entry N is written to the Redis stream as id N-0, every 10 ms.
            AtomicLong next = new AtomicLong(1);
            java.util.concurrent.CompletableFuture<Void> drainPoint = new java.util.concurrent.CompletableFuture<>();
            Jedis writer = redis.connect();
            publisher.scheduleAtFixedRate(() -> {
                long n = next.get();
                if (n > ENTRIES) return;
                writer.xadd("feed", new StreamEntryID(n, 0), Map.of("n", String.valueOf(n)));
                next.incrementAndGet();
                if (n == DRAIN_AT) drainPoint.complete(null);
            }, 0, EVERY_MS, TimeUnit.MILLISECONDS);
            drainPoint.get(20, TimeUnit.SECONDS);
            // end::publish[]
            // tag::drain[]
            int routedBefore = proxy.log().size();
            proxy.disable(DRAINED);                                           // 1. no new connections for it
            String done = fleet.nodes().get(DRAINED).ask("drain " + CODE, Duration.ofSeconds(10)); // 2. close 1012 to each
            // end::drain[]
            System.out.println("after entry " + DRAIN_AT + ": server-" + (DRAINED + 1) + " taken out of the proxy's rotation and told to drain: " + done);
            System.out.println("waiting up to 20 s for every client to have all " + ENTRIES + " entries");
            boolean all = true;
            for (FeedClient client : clients) all &= client.awaitAll(Duration.ofSeconds(20));

            Table table = new Table("client", "server", "closed with", "received", "missing", "duplicates dropped");
            int moved = 0, missing = 0;
            for (int i = 0; i < CLIENTS; i++) {
                FeedClient client = clients.get(i);
                long lost = ENTRIES - client.received.stream().filter(n -> n >= 1 && n <= ENTRIES).count();
                missing += lost;
                boolean wasDrained = serverBefore.get(i) == DRAINED;
                if (wasDrained && String.valueOf(client.closeCodes).equals(String.valueOf(CODE))) moved++;
                table.row("#" + (i + 1), "server-" + (serverBefore.get(i) + 1) + (wasDrained ? " -> another" : ""),
                        client.closeCodes.length() == 0 ? "-" : client.closeCodes.toString(), client.received.size(), lost, client.duplicates.get());
            }
            System.out.print(table);
            long onDrained = serverBefore.stream().filter(s -> s == DRAINED).count();
            Figures.publish("drain-clients", CLIENTS);
            Figures.publish("drain-entries", ENTRIES);
            Figures.publish("drain-at", DRAIN_AT);
            Figures.publish("drain-every-ms", EVERY_MS);
            Figures.publish("drained-clients", onDrained);
            Figures.publish("drain-missing", missing);
            Figures.publish("drain-duplicates", clients.stream().mapToInt(c -> c.duplicates.get()).sum());
            Claims.check("every client on the drained server was closed with 1012 and came back", moved == onDrained && onDrained > 0,
                    moved + " of " + onDrained);
            long backToDrained = proxy.log().stream().skip(routedBefore).filter(r -> r.backend() == DRAINED).count();
            Claims.check("every reconnect landed on another server", backToDrained == 0 && proxy.log().size() - routedBefore == onDrained,
                    (proxy.log().size() - routedBefore) + " reconnects, " + backToDrained + " to the drained server");
            Claims.check("every client got every entry: nothing was lost in the move", all && missing == 0, "missing: " + missing);
            System.out.println("A drain with close " + CODE + ": " + moved + " clients moved to the other servers, "
                    + missing + " entries missing.");
            writer.close();
            for (FeedClient client : clients) client.client.socket().abort();
        } finally {
            publisher.shutdownNow();
        }
    }
}
