///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Server memory per idle WebSocket, Tyrus (behind the kit's guard) and Jetty 12.1 side by side, each server in its own JVM
//JAVA 17+
//DEPS org.eclipse.jetty.websocket:jetty-websocket-jetty-server:12.1.14
//DEPS org.eclipse.jetty:jetty-slf4j-impl:12.1.14
//SOURCES ../_kit/*.java
//SOURCES JettyEcho.java SessionCount.java

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.server.ServerEndpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kit.*;

/**
 * N idle WebSockets held by one server, measured by the server itself: heap after a GC,
 * resident memory, threads. The server runs in a JVM of its own (this class with
 * {@code --serve tyrus|jetty}), one fresh JVM per server, and this one is the client,
 * as in the Connection chapter's {@code ManySockets}.
 */
public class IdleMemory {

    static final int IN_FLIGHT = 64;                            // handshakes under way at once
    static final Duration PHASE_LIMIT = Duration.ofSeconds(20); // stop opening after this, whatever N

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--serve")) {
            serve(args[1]);
            return;
        }
        int count = 2000;
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("--count")) count = Integer.parseInt(args[i + 1]);
        if (count < 1 || count > 9000) {
            System.err.println("--count must be between 1 and 9,000 (both processes need a descriptor per socket), not " + count);
            System.exit(2);
        }
        HttpClient client = HttpClient.newHttpClient();
        Table table = new Table(String.format(Locale.ROOT, "N = %,d idle WebSockets", count), "Tyrus 2.2.2 + guard", "Jetty 12.1.14");
        long[][] perSocket = new long[2][];
        int[] opened = new int[2];
        String[] kinds = {"tyrus", "jetty"};
        Measure[][] measured = new Measure[2][];
        for (int k = 0; k < 2; k++) {
            // tag::measure[]
            try (ServerProcess server = ServerProcess.start(kinds[k])) {
                URI uri = URI.create("ws://127.0.0.1:" + server.port + "/echo");
                closeAll(connect(client, uri, 200), server);           // warm-up: load and compile both sides' code
                Measure before = Measure.parse(server.ask("measure"));
                List<WebSocket> open = connect(client, uri, count);     // N idle WebSockets at once
                server.ask("await-sessions " + open.size());
                Measure with = Measure.parse(server.ask("measure"));   // the server's heap, RSS, threads
                closeAll(open, server);
                // end::measure[]
                opened[k] = open.size();
                measured[k] = new Measure[] {before, with};
                perSocket[k] = new long[] {(with.heap - before.heap) / open.size(), (with.rss - before.rss) / open.size()};
            }
        }
        table.row("sockets opened", opened[0], opened[1]);
        table.row("heap / socket, B", perSocket[0][0], perSocket[1][0]);
        table.row("RSS / socket, B", perSocket[0][1], perSocket[1][1]);
        table.row("threads, idle server", measured[0][0].threads, measured[1][0].threads);
        table.row("threads, N sockets", measured[0][1].threads, measured[1][1].threads);
        System.out.println("What each server process paid for its idle WebSockets (its heap after a GC, its resident memory):");
        System.out.println(table);
        for (int k = 0; k < 2; k++) {
            Figures.publish(kinds[k] + "-sockets", String.format(Locale.ROOT, "%,d", opened[k]));
            Figures.publish(kinds[k] + "-heap-per-socket", String.format(Locale.ROOT, "%,d", perSocket[k][0]));
            Figures.publish(kinds[k] + "-rss-per-socket", String.format(Locale.ROOT, "%,d", perSocket[k][1]));
            Figures.publish(kinds[k] + "-threads", measured[k][1].threads);
            Figures.publish(kinds[k] + "-threads-before", measured[k][0].threads);
        }
        Figures.publish("idle-count", String.format(Locale.ROOT, "%,d", count));
        Claims.check("both servers held every socket the client opened, and the client opened all N",
                opened[0] == count && opened[1] == count, "opened: " + opened[0] + " / " + opened[1]);
        Claims.check("neither server's thread count grew with N (within 20 threads)",
                measured[0][1].threads - measured[0][0].threads <= 20 && measured[1][1].threads - measured[1][0].threads <= 20,
                "Tyrus " + measured[0][0].threads + " -> " + measured[0][1].threads + ", Jetty " + measured[1][0].threads + " -> " + measured[1][1].threads);
        Claims.check("an idle WebSocket cost each server less than a hundred kilobytes of heap and of resident memory",
                perSocket[0][0] < 100_000 && perSocket[1][0] < 100_000 && perSocket[0][1] < 100_000 && perSocket[1][1] < 100_000,
                "heap per socket: " + perSocket[0][0] + " / " + perSocket[1][0] + ", RSS: " + perSocket[0][1] + " / " + perSocket[1][1]);
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

    static void closeAll(List<WebSocket> sockets, ServerProcess server) throws Exception {
        for (WebSocket socket : sockets) socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        server.ask("await-sessions 0");
    }

    /** heap (bytes, after a GC), rss (bytes), threads, as the server process reports them. */
    record Measure(long heap, long rss, int threads) {
        static Measure parse(String line) {
            String[] parts = line.split(" ");
            return new Measure(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        }
    }

    /** The server JVM, talked to over its stdin and stdout, one line each way. */
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
            this.port = Integer.parseInt(next(Duration.ofSeconds(30)));
        }

        static ServerProcess start(String kind) throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            return new ServerProcess(new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    "IdleMemory", "--serve", kind).redirectError(ProcessBuilder.Redirect.INHERIT).start());
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

    static final SessionCount TYRUS_SESSIONS = new SessionCount();

    /** The Tyrus side: an echo endpoint that counts its sessions. */
    @ServerEndpoint("/echo")
    public static class CountedEcho {
        @OnOpen public void open() { TYRUS_SESSIONS.add(1); }
        @OnMessage public String echo(String text) { return text; }
        @OnClose public void close() { TYRUS_SESSIONS.add(-1); }
    }

    /** The server JVM: one server, its port on the first line, then one answer per command. */
    static void serve(String kind) throws Exception {
        Thread deadline = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(150); // a deadline, not a wait for anything: if the client vanished
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // exiting anyway
            }
        }, "deadline");
        deadline.setDaemon(true);
        deadline.start();
        AutoCloseable server;
        int port;
        SessionCount sessions;
        if (kind.equals("jetty")) {
            JettyEcho jetty = JettyEcho.start();
            server = jetty;
            port = jetty.port();
            sessions = JettyEcho.SESSIONS;
        } else {
            DemoServer tyrus = DemoServer.builder().endpoint(CountedEcho.class).start();
            server = tyrus;
            port = tyrus.port();
            sessions = TYRUS_SESSIONS;
        }
        try (server; BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println(port);
            for (String line; (line = in.readLine()) != null; ) {
                String[] command = line.split(" ");
                try {
                    System.out.println(switch (command[0]) {
                        case "measure" -> measure();
                        case "await-sessions" -> sessions.await(Integer.parseInt(command[1]), 30);
                        default -> "error: unknown command " + line;
                    });
                } catch (Exception e) {
                    System.out.println("error: " + e);
                }
            }
        }
    }

    static String measure() throws Exception {
        for (int i = 0; i < 3; i++) System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1);
        return heap + " " + rss + " " + ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
