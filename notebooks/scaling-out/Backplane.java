///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Chat across three servers (three JVMs) behind a proxy: without a backplane, with Redis pub/sub; % delivered and latency
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES ChatNode.java
//SOURCES LocalRedis.java
//SOURCES Fleet.java

import java.util.Locale;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kit.*;

public class Backplane {

    static final int NODES = 3, MEMBERS = 9, MESSAGES_EACH = 5;

    public static void main(String[] args) throws Exception {
        // tag::fleet[]
        try (LocalRedis redis = LocalRedis.start(); Fleet fleet = Fleet.start(NODES, redis.port());
             ReverseProxy proxy = ReverseProxy.to(fleet.ports()).passUpgrade().start()) { // round-robin
            // end::fleet[]
            System.out.println("Redis " + redis.version() + " on 127.0.0.1:" + redis.port() + "; " + NODES
                    + " chat servers, each its own JVM, behind one proxy");
            Result alone = chat(fleet, proxy, false);
            Result shared = chat(fleet, proxy, true);

            Table table = new Table("backplane", "same server", "other servers", "latency p50", "p90");
            // (latency: from send to arrival, both in this JVM; the message crossed the proxy twice, and Redis once)
            table.row("none", alone.sameServerPercent() + " %", alone.otherServerPercent() + " %",
                    ms(alone.latency.p50()), ms(alone.latency.p90()));
            table.row("Redis pub/sub", shared.sameServerPercent() + " %", shared.otherServerPercent() + " %",
                    ms(shared.latency.p50()), ms(shared.latency.p90()));
            System.out.print(table);
            Figures.publish("redis-version", redis.version());
            Figures.publish("members", MEMBERS);
            Figures.publish("nodes", NODES);
            Figures.publish("messages", MEMBERS * MESSAGES_EACH);
            Figures.publish("alone-same-percent", alone.sameServerPercent());
            Figures.publish("alone-other-percent", alone.otherServerPercent());
            Figures.publish("shared-same-percent", shared.sameServerPercent());
            Figures.publish("shared-other-percent", shared.otherServerPercent());
            Figures.publish("alone-p50", ms(alone.latency.p50()));
            Figures.publish("shared-p50", ms(shared.latency.p50()));
            Claims.check("the proxy spread the members evenly, three on each server", proxy.routed(0) == 6 && proxy.routed(1) == 6 && proxy.routed(2) == 6,
                    "connections per server over both runs: " + proxy.routed(0) + ", " + proxy.routed(1) + ", " + proxy.routed(2));
            Claims.check("without a backplane, members on the same server got every message and members on other servers none",
                    alone.sameServerPercent() == 100 && alone.otherServerPercent() == 0, alone.sameServerPercent() + " % / " + alone.otherServerPercent() + " %");
            Claims.check("with Redis pub/sub, every member got every message", shared.sameServerPercent() == 100 && shared.otherServerPercent() == 100,
                    shared.sameServerPercent() + " % / " + shared.otherServerPercent() + " %");
            System.out.println("Without a backplane a message stays on its server; with Redis pub/sub it reaches every member on every server.");
        }
    }

    static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    record Result(int same, int sameExpected, int other, int otherExpected, Percentiles latency) {
        int sameServerPercent() { return same * 100 / sameExpected; }
        int otherServerPercent() { return other * 100 / otherExpected; }
    }

    static Result chat(Fleet fleet, ReverseProxy proxy, boolean backplane) throws Exception {
        fleet.backplane(backplane);
        System.out.println();
        System.out.println(backplane ? "=== with Redis pub/sub" : "=== without a backplane");
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            int server = (int) (proxy.routed(0) + proxy.routed(1) + proxy.routed(2)) % NODES; // where round-robin puts it
            members.add(new Member(i, server, WebSocketClient.connect(proxy.wsUri("/chat"))));
        }
        // Each member reads on its own thread and notes when each message arrived.
        List<long[]> arrivals = java.util.Collections.synchronizedList(new ArrayList<>()); // {sender server, receiver server, latency}
        java.util.Map<String, java.util.concurrent.CountDownLatch> pending = new java.util.concurrent.ConcurrentHashMap<>();
        for (Member member : members) {
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        String[] parts = member.client.receive(java.time.Duration.ofSeconds(30)).split(" ");
                        long latency = System.nanoTime() - Long.parseLong(parts[3]);
                        arrivals.add(new long[] {Integer.parseInt(parts[1]), member.server, latency});
                        pending.get(parts[2]).countDown();
                    }
                } catch (Exception closed) {
                    // the member left
                }
            });
            reader.setDaemon(true);
            reader.start();
        }
        // tag::send[]
        int sent = 0;
        for (int round = 0; round < MESSAGES_EACH; round++) {
            for (Member member : members) {
                String id = "m" + sent++;
                int expected = backplane ? MEMBERS : (int) members.stream().filter(m -> m.server == member.server).count();
                java.util.concurrent.CountDownLatch delivered = new java.util.concurrent.CountDownLatch(expected);
                pending.put(id, delivered);
                member.client.send(member.id + " " + member.server + " " + id + " " + System.nanoTime());
                if (!delivered.await(10, TimeUnit.SECONDS)) throw new IllegalStateException(id + " was not delivered within 10 s");
            }
        }
        // end::send[]
        System.out.println("waiting a bounded second for any late deliveries");
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        never.await(1, TimeUnit.SECONDS);
        int sameExpected = 0, otherExpected = 0, same = 0, other = 0;
        for (Member member : members) {
            int sameServerPeers = (int) members.stream().filter(m -> m.server == member.server).count(); // itself included
            sameExpected += sameServerPeers * MESSAGES_EACH;
            otherExpected += (MEMBERS - sameServerPeers) * MESSAGES_EACH;
        }
        List<Long> latencies = new ArrayList<>();
        synchronized (arrivals) {
            for (long[] arrival : arrivals) {
                if (arrival[0] == arrival[1]) same++; else other++;
                latencies.add(arrival[2]);
            }
        }
        for (Member member : members) member.client.close();
        System.out.printf(Locale.ROOT, "sent %d messages; same-server deliveries %d of %d, other-server deliveries %d of %d%n",
                MEMBERS * MESSAGES_EACH, same, sameExpected, other, otherExpected);
        return new Result(same, sameExpected, other, otherExpected, Percentiles.ofNanos(latencies.stream().mapToLong(Long::longValue).toArray()));
    }

    record Member(int id, int server, WebSocketClient client) {}
}
