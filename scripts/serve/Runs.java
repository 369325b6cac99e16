package serve;

import builder.Block;
import builder.Build;
import builder.BuildFailure;
import builder.CacheKey;
import builder.Processes;
import builder.ResultStore;
import builder.ScriptLauncher;
import builder.ScriptSource;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Run buttons' runs: a block's script started fresh, the way the build's
 * run stage starts it (the launch JBang prepared, its own process session),
 * but with its output read line by line as it comes instead of stored.
 *
 * <p>Limits: at most {@link Limits#concurrent()} runs at once on the whole
 * server, each for at most its block's timeout (capped at {@link Limits#time()}),
 * with at most {@link Limits#outputBytes()} of output; past any of them the run
 * is ended with its whole process tree, and so it is when its page goes away.
 */
public final class Runs implements AutoCloseable {

    /** How much a reader's runs may take. */
    public record Limits(int concurrent, Duration time, int outputBytes) {
        public static Limits defaults() {
            return new Limits(2, Duration.ofSeconds(120), 256 * 1024);
        }
    }

    /** Where a run's output goes, as it comes. Called from the run's own threads. */
    public interface Sink {
        void started();

        void line(String stream, String text);

        /** A line of the run's timeline (kit.Timeline) as the script wrote it, its time in epoch µs. */
        default void timeline(JsonObject event) {
        }

        /** The end: exit status (-1 when ended), wall time and why it was ended early ("" when it was not). */
        void ended(int exit, long millis, String endedBy);
    }

    /** A run that could not start; the message says why, for the page. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** A run in progress; {@link #stop()} ends it with everything it started. */
    public final class Run {
        private final AtomicBoolean over = new AtomicBoolean();
        private volatile Process process;
        private volatile String endedBy = "";

        public void stop() {
            end("stopped");
        }

        void end(String why) {
            if (endedBy.isEmpty()) {
                endedBy = why;
            }
            Process p = process;
            if (p != null) {
                Processes.endTree(p);
            }
        }

        /** The process's pid, once started (tests use it to check that the tree is gone). */
        public long pid() {
            Process p = process;
            return p == null ? -1 : p.pid();
        }
    }

    private final Path root;
    private final ScriptLauncher launcher;
    private final Limits limits;
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "book-serve-run");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Run, Boolean> running = new ConcurrentHashMap<>();

    public Runs(Path root, Path cacheDir, Limits limits) {
        this.root = root;
        this.launcher = new ScriptLauncher(root, cacheDir);
        this.limits = limits;
        this.slots = new Semaphore(limits.concurrent());
    }

    /** Starts a fresh run of a block's script with the block's own arguments. */
    public Run start(Block block, Sink sink) throws Refused {
        if (!slots.tryAcquire()) {
            throw new Refused(limits.concurrent() + " runs are going already, the most this server allows at once; "
                    + "stop one or wait for it to end");
        }
        Run run = new Run();
        running.put(run, true);
        AtomicBoolean freed = new AtomicBoolean();
        Runnable free = () -> {
            if (freed.compareAndSet(false, true)) {
                running.remove(run);
                slots.release();
            }
        };
        Sink freeingSink = new Sink() { // the slot is free by the time the page hears the end
            @Override
            public void started() {
                sink.started();
            }

            @Override
            public void line(String stream, String text) {
                sink.line(stream, text);
            }

            @Override
            public void timeline(JsonObject event) {
                sink.timeline(event);
            }

            @Override
            public void ended(int exit, long millis, String endedBy) {
                free.run();
                sink.ended(exit, millis, endedBy);
            }
        };
        try {
            threads.execute(() -> {
                try {
                    execute(block, run, freeingSink);
                } finally {
                    free.run();
                }
            });
        } catch (RuntimeException e) {
            free.run();
            throw new Refused("the server is stopping");
        }
        return run;
    }

    private void execute(Block block, Run run, Sink sink) {
        long start = System.nanoTime();
        Path work = null;
        TimelineFollower follower = null;
        java.util.concurrent.Future<?> followed = null;
        try {
            String scriptKey = CacheKey.ofScript(root, ScriptSource.closure(block.script()));
            ScriptLauncher.Launch launch = launcher.prepare(block.script(), scriptKey);
            if (!run.endedBy.isEmpty()) {
                sink.ended(-1, millisSince(start), run.endedBy);
                return;
            }
            work = Files.createTempDirectory("book-serve-run");
            Duration limit = block.timeout().compareTo(limits.time()) < 0 ? block.timeout() : limits.time();
            sink.started();
            start = System.nanoTime();
            run.process = Processes.start(launch.command(block.args()), root,
                    builder.RunEnvironment.of(System.getenv(), Map.of("BOOK_OUTPUT_DIR", work.toString(), "BOOK_ROOT", root.toString())),
                    true, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE);
            if (!run.endedBy.isEmpty()) {
                run.end(run.endedBy); // stopped while it was starting
            }
            follower = new TimelineFollower(work.resolve("timeline.jsonl"), sink::timeline);
            followed = threads.submit(follower);
            AtomicLong bytes = new AtomicLong();
            var out = threads.submit(() -> pump(run.process.getInputStream(), "out", run, sink, bytes));
            var err = threads.submit(() -> pump(run.process.getErrorStream(), "err", run, sink, bytes));
            if (!run.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                run.end("the time limit of " + Build.seconds(limit.toMillis()));
            }
            run.process.waitFor(10, TimeUnit.SECONDS);
            Processes.endTree(run.process); // what it left running goes too
            out.get(5, TimeUnit.SECONDS);
            err.get(5, TimeUnit.SECONDS);
            follower.finish();
            followed.get(5, TimeUnit.SECONDS); // every event is out before the end
            sink.ended(run.endedBy.isEmpty() ? run.process.exitValue() : -1, millisSince(start), run.endedBy);
        } catch (BuildFailure e) {
            sink.line("err", e.errors().get(0).format());
            sink.ended(-1, millisSince(start), "a build error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.end("the server stopping");
            sink.ended(-1, millisSince(start), run.endedBy);
        } catch (Exception e) {
            run.end("an error: " + e);
            sink.ended(-1, millisSince(start), run.endedBy);
        } finally {
            if (followed != null) {
                follower.finish();
                try {
                    followed.get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // it stops reading once the folder is gone
                }
            }
            if (work != null) {
                try {
                    ResultStore.deleteTree(work);
                } catch (IOException ignored) {
                    // a temporary folder left behind is harmless
                }
            }
        }
    }

    /** Reads a stream line by line (long lines in pieces), stopping the run at the output limit. */
    private Void pump(InputStream stream, String name, Run run, Sink sink, AtomicLong bytes) throws IOException {
        try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = reader.read()) != -1) {
                if (c == '\n' || line.length() >= 4096) {
                    if (c != '\n') {
                        line.append((char) c);
                    }
                    if (!emit(line, name, run, sink, bytes)) {
                        return null;
                    }
                } else if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (line.length() > 0) {
                emit(line, name, run, sink, bytes);
            }
        } catch (IOException e) {
            // the process was ended: its pipes closed under the reader
        }
        return null;
    }

    private boolean emit(StringBuilder line, String name, Run run, Sink sink, AtomicLong bytes) {
        if (bytes.addAndGet(line.length() + 1) > limits.outputBytes()) {
            run.end("the output limit of " + (limits.outputBytes() < 1024 ? limits.outputBytes() + " bytes"
                    : limits.outputBytes() / 1024 + " KiB"));
            line.setLength(0);
            return false;
        }
        sink.line(name, line.toString());
        line.setLength(0);
        return true;
    }

    /** Runs going now. */
    public int active() {
        return running.size();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Ends every run with its process tree. */
    @Override
    public void close() {
        running.keySet().forEach(run -> run.end("the server stopping"));
        threads.shutdown();
        try {
            threads.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
    }
}
