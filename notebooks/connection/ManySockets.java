///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION One Tyrus server holding N idle WebSockets, then N held long polls: connect rate, heap, RSS and threads per connection
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES BarChart.java

import java.util.Locale;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.server.ServerEndpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kit.*;
import org.glassfish.grizzly.http.server.Response;

/**
 * Two processes, because each loopback connection costs a file descriptor at both
 * ends and one process may hold 20,000 here: this one is the client, and it starts
 * a second JVM (the same class, with --serve) as the server.
 */
public class ManySockets {

    static final int IN_FLIGHT = 64;                          // connection attempts under way at once
    static final Duration PHASE_LIMIT = Duration.ofSeconds(18); // each phase stops opening after this, whatever N

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--serve")) {
            Server.main();
            return;
        }
        int count = 10_000;
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("--count")) count = Integer.parseInt(args[i + 1]);
        long limit = openFileLimit();
        System.out.printf(Locale.ROOT, "Open files allowed per process here: %,d (ulimit -n; hard limit %,d). Each connection needs "
                + "one descriptor in the client and one in the server, so they run as two processes. Ephemeral ports: %s.%n",
                limit, openFileLimit(1), portRange());
        if (count > limit - 500) {
            System.out.printf(Locale.ROOT, "--count %,d does not fit under that limit (a JVM needs a few hundred of its own).%n", count);
            System.exit(2);
        }
        // Each kind gets a fresh server process: memory a JVM has taken from the system it rarely gives back,
        // so a second phase in the same process would look cheaper than it is.
        HttpClient client = Clients.http();
        int sockets;
        Measure baseline, withSockets;
        double wsSeconds;
        try (ServerProcess server = ServerProcess.start()) {
            URI ws = URI.create("ws://127.0.0.1:" + server.port + "/idle");
            openAndClose(client, ws, server, 300); // warm-up: load and compile both sides' code paths
            baseline = Measure.parse(server.ask("measure"));
            // tag::websockets[]
            long started = System.nanoTime();
            List<WebSocket> open = connect(client, ws, count); // N idle WebSockets at once
            wsSeconds = (System.nanoTime() - started) / 1e9;
            server.ask("await-sessions " + open.size());
            withSockets = Measure.parse(server.ask("measure")); // server's heap, RSS, threads
            for (WebSocket socket : open) socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
            server.ask("await-sessions 0");
            // end::websockets[]
            sockets = open.size();
        }
        try (ServerProcess server = ServerProcess.start()) {
            URI poll = URI.create("http://127.0.0.1:" + server.port + "/hold");
            holdAndRelease(client, poll, server, 300, null); // warm-up
            // tag::longpolls[]
            Measure before = Measure.parse(server.ask("measure"));
            long started = System.nanoTime();
            Measure[] withPolls = new Measure[1];
            // N requests held at once, measured, then answered
            int held = holdAndRelease(client, poll, server, count, m -> withPolls[0] = m);
            double pollSeconds = (System.nanoTime() - started) / 1e9;
            // end::longpolls[]
            report(count, sockets, baseline, withSockets, wsSeconds, held, before, withPolls[0], pollSeconds);
        }
    }

    /** Opens {@code count} WebSockets, {@value #IN_FLIGHT} handshakes at a time, or as many as fit in PHASE_LIMIT. */
    static List<WebSocket> connect(HttpClient client, URI uri, int count) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>(count);
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            if (!slots.tryAcquire(10, TimeUnit.SECONDS)) throw new TimeoutException("handshakes stalled");
            opening.add(client.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {})
                    .whenComplete((socket, failure) -> slots.release()));
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return opening.stream().map(CompletableFuture::join).toList();
    }

    static void openAndClose(HttpClient client, URI uri, ServerProcess server, int count) throws Exception {
        for (WebSocket socket : connect(client, uri, count)) socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        server.ask("await-sessions 0");
    }

    /** Sends {@code count} requests the server holds; measures while all are held; then lets them go. */
    static int holdAndRelease(HttpClient client, URI uri, ServerProcess server, int count,
                              java.util.function.Consumer<Measure> whileHeld) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>(count);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(40)).build();
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            waiting.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            if ((i + 1) % 250 == 0) server.ask("await-held " + (i + 1)); // 250 new connections at a time
        }
        server.ask("await-held " + waiting.size());
        if (whileHeld != null) whileHeld.accept(Measure.parse(server.ask("measure")));
        server.ask("release");
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return waiting.size();
    }

    static void report(int count, int sockets, Measure base, Measure ws, double wsSeconds,
                       int polls, Measure base2, Measure held, double pollSeconds) throws Exception {
        if (sockets < count || polls < count) {
            System.out.printf(Locale.ROOT, "%nThe machine was too busy to open %,d connections within %d s per phase;%n", count, PHASE_LIMIT.toSeconds());
            System.out.println("the numbers below are for as many as it opened.");
        }
        Table table = new Table(String.format(Locale.ROOT, "N = %,d", count), "idle WS", "held poll");
        table.row("connections", sockets, polls);
        table.row("open all, s", String.format(Locale.ROOT, "%.1f", wsSeconds), String.format(Locale.ROOT, "%.1f", pollSeconds));
        table.row("per second", (long) (sockets / wsSeconds), (long) (polls / pollSeconds));
        long wsHeap = (ws.heap - base.heap) / sockets, pollHeap = (held.heap - base2.heap) / polls;
        long wsRss = (ws.rss - base.rss) / sockets, pollRss = (held.rss - base2.rss) / polls;
        table.row("heap / conn, B", wsHeap, pollHeap);
        table.row("RSS / conn, B", wsRss, pollRss);
        table.row("server threads", ws.threads, held.threads);
        table.row("(before)", base.threads, base2.threads);
        System.out.println();
        System.out.println("What the server process paid (its own heap after a GC, its resident memory):");
        System.out.println(table);
        System.out.println("For held polls, \"open all\" is the time to send all N requests, see them held, and have them answered. "
                + "Threads do not grow with N: Grizzly serves every connection from a few selector threads.");
        Claims.check("the server's threads did not grow with N: a few selector threads served every connection",
                ws.threads - base.threads < 20 && held.threads - base2.threads < 20,
                "threads " + base.threads + " -> " + ws.threads + " with WebSockets, " + base2.threads + " -> " + held.threads + " with polls");
        Claims.check("scaled from this N to 10,000, either kind of connection fits in well under a gigabyte of server memory",
                Math.max(Math.max(wsHeap, pollHeap), Math.max(wsRss, pollRss)) * 10_000L < 512L * 1024 * 1024,
                "largest per connection: " + Math.max(Math.max(wsHeap, pollHeap), Math.max(wsRss, pollRss)) + " B");
        new BarChart("Server memory per connection", "bytes per connection", "heap", "resident (RSS)")
                .row("idle WebSocket", wsHeap, wsRss).row("held long poll", pollHeap, pollRss)
                .write(Figures.file("many-sockets.svg"));
        Figures.publish("count", String.format(Locale.ROOT, "%,d", count));
        Figures.publish("ws-connections", String.format(Locale.ROOT, "%,d", sockets));
        Figures.publish("poll-connections", String.format(Locale.ROOT, "%,d", polls));
        Figures.publish("ws-connect-per-second", String.format(Locale.ROOT, "%,d", (long) (sockets / wsSeconds)));
        Figures.publish("poll-connect-per-second", String.format(Locale.ROOT, "%,d", (long) (polls / pollSeconds)));
        Figures.publish("ws-heap-per-connection", String.format(Locale.ROOT, "%,d", wsHeap));
        Figures.publish("ws-rss-per-connection", String.format(Locale.ROOT, "%,d", wsRss));
        Figures.publish("poll-heap-per-connection", String.format(Locale.ROOT, "%,d", pollHeap));
        Figures.publish("poll-rss-per-connection", String.format(Locale.ROOT, "%,d", pollRss));
        Figures.publish("ws-threads", ws.threads);
        Figures.publish("poll-threads", held.threads);
        Figures.publish("threads-before", base.threads);
        Figures.publish("open-file-limit", String.format(Locale.ROOT, "%,d", openFileLimit()));
        Figures.publish("open-file-limit-hard", String.format(Locale.ROOT, "%,d", openFileLimit(1)));
        Figures.publish("ephemeral-ports", portRange());
        Figures.publish("phase-limit-s", PHASE_LIMIT.toSeconds());
    }

    /** heap (bytes, after a GC), rss (bytes), threads: as the server process reports them. */
    record Measure(long heap, long rss, int threads) {
        static Measure parse(String line) {
            String[] parts = line.split(" ");
            return new Measure(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        }
    }

    static long openFileLimit() throws Exception {
        return openFileLimit(0);
    }

    /** From /proc/self/limits: column 0 is the soft limit, 1 the hard one. */
    static long openFileLimit(int column) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) return Long.parseLong(line.substring(26).trim().split("\\s+")[column]);
        }
        return -1;
    }

    static String portRange() throws Exception {
        // readAllLines, not readString: a /proc file says its size is 0
        return Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().replaceAll("\\s+", " to ");
    }

    /** The server JVM: this same class with --serve, talked to over its stdin and stdout, one line each way. */
    static final class ServerProcess implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final PrintStream commands;
        final int port;

        private ServerProcess(Process process) throws Exception {
            this.process = process;
            this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) lines.add(line);
                } catch (Exception e) {
                    // the process ended
                }
            }, "server-output");
            reader.setDaemon(true);
            reader.start();
            this.port = Integer.parseInt(next(Duration.ofSeconds(20)));
        }

        static ServerProcess start() throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            return new ServerProcess(new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    "ManySockets", "--serve").redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        String ask(String command) throws Exception {
            commands.println(command);
            return next(Duration.ofSeconds(40));
        }

        private String next(Duration timeout) throws Exception {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) throw new TimeoutException("the server process did not answer within " + timeout);
            if (line.startsWith("error")) throw new IllegalStateException("server: " + line);
            return line;
        }

        @Override
        public void close() throws Exception {
            commands.close(); // the server exits when its input ends
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The server side: idle WebSocket sessions and held requests, counted; memory on request. */
    static final class Server {
        static final Counter SESSIONS = new Counter();
        static final ConcurrentLinkedQueue<Response> HELD = new ConcurrentLinkedQueue<>();
        static final Counter HELD_COUNT = new Counter();

        // tag::server[]
        @ServerEndpoint("/idle")
        public static class Idle {
            @OnOpen public void open() { SESSIONS.add(1); }
            @OnClose public void close() { SESSIONS.add(-1); }
        }

        static void main() throws Exception {
            exitAfter(Duration.ofSeconds(120)); // if the client vanished without a word
            try (DemoServer server = DemoServer.builder().endpoint(Idle.class)
                    .route("/hold", (request, response) -> {
                        response.suspend(); // no thread waits: the request is parked
                        HELD.add(response);
                        HELD_COUNT.add(1);
                    }).start();
                 // end::server[]
                 BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                System.out.println(server.port());
                for (String line; (line = in.readLine()) != null; ) {
                    String[] command = line.split(" ");
                    try {
                        System.out.println(switch (command[0]) {
                            case "measure" -> measure();
                            case "await-sessions" -> SESSIONS.await(Integer.parseInt(command[1]));
                            case "await-held" -> HELD_COUNT.await(Integer.parseInt(command[1]));
                            case "release" -> release();
                            default -> "error: unknown command " + line;
                        });
                    } catch (Exception e) {
                        System.out.println("error: " + e);
                    }
                }
            }
        }

        static void exitAfter(Duration limit) {
            Thread guard = new Thread(() -> {
                try {
                    TimeUnit.NANOSECONDS.sleep(limit.toNanos()); // a deadline, not a wait for anything
                    Runtime.getRuntime().halt(3);
                } catch (InterruptedException e) {
                    // exiting anyway
                }
            }, "guard");
            guard.setDaemon(true);
            guard.start();
        }

        static String release() throws Exception {
            for (Response response; (response = HELD.poll()) != null; ) {
                HELD_COUNT.add(-1);
                response.setHeader("Connection", "close"); // the server closes, so TIME_WAIT stays on its side
                response.setContentLength(0);
                response.resume();
            }
            return "released";
        }

        static String measure() throws Exception {
            for (int i = 0; i < 3; i++) System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1);
            return heap + " " + rss + " " + ManagementFactory.getThreadMXBean().getThreadCount();
        }
    }

    /** A number others can wait for, with a bound. */
    static final class Counter {
        private int value;

        synchronized void add(int delta) {
            value += delta;
            notifyAll();
        }

        synchronized String await(int target) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (value != target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new TimeoutException("count is " + value + ", not " + target);
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return "count " + value;
        }
    }
}
