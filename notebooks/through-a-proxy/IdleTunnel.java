///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION A proxy cuts a WebSocket idle past its timeout (2 s here): no pings, pings at the timeout, pings at half of it
//JAVA 17+
//SOURCES ../_kit/*.java

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kit.*;

public class IdleTunnel {

    static final Duration TIMEOUT = Duration.ofSeconds(2); // nginx's proxy_read_timeout is 60 s: scaled down
    static final Duration WATCH = TIMEOUT.multipliedBy(3);

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService pinger = Executors.newScheduledThreadPool(2);
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
             // tag::proxy[]
             ReverseProxy proxy = ReverseProxy.to(server.port()).passUpgrade().idleTimeout(TIMEOUT).start()) {
            // end::proxy[]
            System.out.println("three WebSockets through a proxy with a " + TIMEOUT.toMillis() + " ms idle timeout, watched for up to "
                    + WATCH.toMillis() + " ms each");
            CompletableFuture<Run> silent = CompletableFuture.supplyAsync(() -> watch(proxy, null, pinger));
            CompletableFuture<Run> atTimeout = CompletableFuture.supplyAsync(() -> watch(proxy, TIMEOUT, pinger));
            CompletableFuture<Run> atHalf = CompletableFuture.supplyAsync(() -> watch(proxy, TIMEOUT.dividedBy(2), pinger));
            List<Run> runs = List.of(silent.get(30, TimeUnit.SECONDS), atTimeout.get(30, TimeUnit.SECONDS), atHalf.get(30, TimeUnit.SECONDS));

            Table table = new Table("client", "pings sent", "cut after", "close code", "close frame from proxy");
            for (Run run : runs) {
                table.row(run.name, run.pings, run.cutMillis < 0 ? "still open at " + WATCH.toMillis() + " ms" : run.cutMillis + " ms",
                        run.cutMillis < 0 ? "-" : String.valueOf(run.code), run.cutMillis < 0 ? "-" : run.closeFrame ? "yes" : "no");
            }
            System.out.print(table);
            Run idle = runs.get(0), slow = runs.get(1), steady = runs.get(2);
            Figures.publish("timeout-ms", TIMEOUT.toMillis());
            Figures.publish("idle-cut-ms", idle.cutMillis);
            Figures.publish("at-timeout-cut-ms", slow.cutMillis);
            Figures.publish("watch-ms", WATCH.toMillis());
            Figures.publish("half-pings", steady.pings);
            Claims.check("the idle WebSocket was cut at the proxy's timeout (within a quarter of it either way)",
                    idle.cutMillis >= TIMEOUT.toMillis() * 3 / 4 && idle.cutMillis <= TIMEOUT.toMillis() * 5 / 4, "cut after " + idle.cutMillis + " ms");
            Claims.check("the cut came with no close frame: the client saw 1006", idle.code == 1006 && !idle.closeFrame,
                    "code " + idle.code + ", close frame " + idle.closeFrame);
            Claims.check("pings at the timeout lost the race: the tunnel was cut before the watch ended", slow.cutMillis >= 0,
                    "cut after " + slow.cutMillis + " ms");
            Claims.check("pings at half the timeout kept the tunnel open for the whole watch, and it still echoed",
                    steady.cutMillis < 0 && steady.echoAtEnd, "cut after " + steady.cutMillis + " ms, echo " + steady.echoAtEnd);
            System.out.println("A proxy cuts a quiet tunnel at its timeout, without a close frame; a ping every half timeout keeps it.");
        } finally {
            pinger.shutdownNow();
        }
    }

    record Run(String name, int pings, long cutMillis, int code, boolean closeFrame, boolean echoAtEnd) {}

    /** From the last byte the proxy passed on to the FIN it sent the client: how long it waited, as the tap saw it. */
    static long quietMillis(List<TapEvent> events) {
        long end = events.stream().filter(e -> e.kind() == TapEvent.Kind.END && e.direction() == Direction.SERVER_TO_CLIENT)
                .mapToLong(TapEvent::micros).findFirst().orElseThrow();
        long lastByte = events.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD || e.kind() == TapEvent.Kind.FRAME)
                .mapToLong(TapEvent::micros).filter(micros -> micros <= end).max().orElseThrow();
        return (end - lastByte) / 1000;
    }

    static Run watch(ReverseProxy proxy, Duration pingEvery, ScheduledExecutorService pinger) {
        String name = pingEvery == null ? "no pings" : "ping every " + pingEvery.toMillis() + " ms";
        try (WireTap tap = WireTap.to(proxy.port()).start()) {
            // tag::watch[]
            WebSocketClient client = WebSocketClient.connect(tap.wsUri("/echo"));
            java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
            if (pingEvery != null) { // a heartbeat counted from the open: the proxy's clock started a little earlier
                pinger.scheduleAtFixedRate(() -> {
                    if (client.closeCode() < 0) { client.ping(); pings.incrementAndGet(); }
                }, pingEvery.toMillis(), pingEvery.toMillis(), TimeUnit.MILLISECONDS);
            }
            boolean cut = client.awaitClose(WATCH); // a close ends this wait; nothing else does
            // end::watch[]
            long cutMillis = cut ? quietMillis(tap.timeline()) : -1;
            boolean echo = false;
            if (!cut) {
                echo = "still here?".equals(client.send("still here?").receive());
                client.close();
            }
            boolean closeFrame = cut && tap.frames(Direction.SERVER_TO_CLIENT).stream().anyMatch(f -> f.opcode() == Frame.CLOSE);
            if (pingEvery == null) SequenceDiagram.write(tap.timeline(), Figures.file("idle-cut.svg"));
            return new Run(name, pings.get(), cutMillis, client.closeCode(), closeFrame, echo);
        } catch (Exception e) {
            throw new IllegalStateException(name + ": " + e, e);
        }
    }
}
