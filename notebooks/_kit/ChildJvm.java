package kit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Another JVM running a class of this same program: a second server with its own heap, its own
 * threads and its own port, as a real deployment has. It gets this JVM's java and class path,
 * says {@code ready <port>} on its first line, and reads commands from its standard input.
 *
 * <pre>{@code
 * try (ChildJvm node = ChildJvm.start("node-1", ChatNode.class, "--redis", "6379")) {
 *     int port = node.port();       // after "ready <port>"
 *     node.tell("drain");           // one line on its standard input
 * }                                 // stdin closed, then the process and its children ended
 * }</pre>
 *
 * A child whose parent dies sees its standard input end, and must exit then: no orphan outlives
 * the demo. {@link #kill()} is the hard way, as a crash or {@code kill -9} would do it.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final List<String> output = new ArrayList<>();
    private final java.util.concurrent.BlockingQueue<String> replies = new java.util.concurrent.LinkedBlockingQueue<>();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} of {@code type} in a new JVM; returns once it said "ready", up to 30 s. */
    public static ChildJvm start(String name, Class<?> type, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx128m");
        command.add("-XX:+UseSerialGC"); // small and quiet: several of these share two cores
        command.add("-Dfile.encoding=UTF-8");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(type.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ChildJvm child = new ChildJvm(name, process);
        try {
            child.ready.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            child.close();
            throw new IOException(name + " did not say \"ready <port>\" within 30 s; it printed " + child.output(), e);
        }
        return child;
    }

    /** The port it announced. */
    public int port() {
        return ready.join();
    }

    public String name() {
        return name;
    }

    /** Sends one line to its standard input. */
    public synchronized void tell(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Sends one line and waits for the next line it prints, up to {@code timeout}. */
    public String ask(String line, Duration timeout) throws IOException, InterruptedException {
        replies.clear();
        tell(line);
        String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) throw new IOException(name + " did not answer \"" + line + "\" within " + timeout.toMillis() + " ms");
        return reply;
    }

    /** Waits for it to exit by itself; true if it did within the timeout. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends it at once, as a crash would: no close frames, no goodbyes. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** What it printed after "ready". */
    public synchronized List<String> output() {
        return List.copyOf(output);
    }

    /** Closes its standard input (it exits), then ends whatever is left of it. */
    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // it is gone already
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) kill();
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (!ready.isDone() && line.startsWith("ready ")) {
                    ready.complete(Integer.parseInt(line.substring(6).strip()));
                } else {
                    synchronized (this) {
                        output.add(line);
                    }
                    replies.add(line);
                }
            }
        } catch (IOException | NumberFormatException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException(name + " ended"));
    }
}
