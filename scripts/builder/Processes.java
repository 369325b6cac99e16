package builder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starting processes so that nothing they start outlives them. Each process
 * is started in a session of its own ({@code setsid}), so its whole tree can
 * be ended at once: what it left running after it exited, or everything at a
 * timeout.
 */
public final class Processes {
    private static final boolean SETSID = new File("/usr/bin/setsid").canExecute();

    private Processes() {
    }

    /** The finished process: exit status, whether it hit its timeout, wall time. */
    public record Finished(int exit, boolean timedOut, long millis) {
    }

    /**
     * Runs a command with its output sent to files, waits at most {@code timeout},
     * then ends the process and everything it started.
     */
    public static Finished run(List<String> command, Path dir, Map<String, String> env, Path stdout, Path stderr,
                               Duration timeout) throws IOException, InterruptedException {
        return run(command, dir, env, false, stdout, stderr, null, timeout);
    }

    /** As {@link #run(List, Path, Map, Path, Path, Duration)}, with exactly {@code environment} (nothing inherited). */
    public static Finished runIn(Map<String, String> environment, List<String> command, Path dir, Path stdout, Path stderr,
                                 Duration timeout) throws IOException, InterruptedException {
        return run(command, dir, environment, true, stdout, stderr, null, timeout);
    }

    /**
     * As {@link #runIn}; with {@code lines} not null, the output is also read as it comes and the moment
     * of each line is written there (see {@link LineTimes}), for the page's replay.
     */
    public static Finished runIn(Map<String, String> environment, List<String> command, Path dir, Path stdout, Path stderr,
                                 Path lines, Duration timeout) throws IOException, InterruptedException {
        return run(command, dir, environment, true, stdout, stderr, lines, timeout);
    }

    private static Finished run(List<String> command, Path dir, Map<String, String> env, boolean exactly, Path stdout,
                                Path stderr, Path lines, Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        LineTimes times = lines == null ? null : new LineTimes(lines, stdout, stderr);
        Process process;
        if (times == null) {
            process = start(command, dir, env, exactly, ProcessBuilder.Redirect.to(stdout.toFile()),
                    ProcessBuilder.Redirect.to(stderr.toFile()));
        } else {
            try {
                process = start(command, dir, env, exactly, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE);
            } catch (IOException e) {
                times.finish();
                throw e;
            }
            times.read(process);
        }
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                endTree(process);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (process.isAlive()) {
                endTree(process);
            }
            endSession(process.pid());
            if (times != null) {
                times.finish();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Finished(timedOut ? -1 : process.exitValue(), timedOut, millis);
    }

    /**
     * Starts a command in a session of its own, with no input; end it with {@link #endTree}.
     * With {@link ProcessBuilder.Redirect#PIPE} its output can be read as it comes (serve's Run buttons).
     */
    public static Process start(List<String> command, Path dir, Map<String, String> env,
                                ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr) throws IOException {
        return start(command, dir, env, false, stdout, stderr);
    }

    /** As above; with {@code exactly}, the process gets {@code env} and nothing of this one's environment. */
    public static Process start(List<String> command, Path dir, Map<String, String> env, boolean exactly,
                                ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr) throws IOException {
        List<String> full = new ArrayList<>();
        if (SETSID) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile())
                .redirectOutput(stdout).redirectError(stderr)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (exactly) {
            builder.environment().clear();
        }
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs a short command (a JBang sub-command) and returns its stdout; stderr goes to a file. */
    public static String output(List<String> command, Path dir, Path stderr, Duration timeout)
            throws IOException, InterruptedException, CommandFailed {
        Path stdout = Files.createTempFile("book-cmd", ".out");
        try {
            Finished finished = run(command, dir, Map.of(), stdout, stderr, timeout);
            String out = Files.readString(stdout);
            if (finished.timedOut() || finished.exit() != 0) {
                throw new CommandFailed(finished, out, Files.readString(stderr));
            }
            return out;
        } finally {
            Files.deleteIfExists(stdout);
        }
    }

    /** A command that exited non-zero or ran past its timeout. */
    public static final class CommandFailed extends Exception {
        public final Finished finished;
        public final String stdout;
        public final String stderr;

        CommandFailed(Finished finished, String stdout, String stderr) {
            super(finished.timedOut() ? "timed out" : "exit " + finished.exit());
            this.finished = finished;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    /** Ends a process and all its descendants, children first. */
    public static void endTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        endSession(process.pid());
    }

    /** Kills whatever is left in the process group the process led (children it orphaned). */
    private static void endSession(long pid) {
        if (!SETSID) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to kill, or no kill command: the tree was already ended above
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
