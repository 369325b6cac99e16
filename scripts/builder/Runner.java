package builder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The plan and run stages. Each block gets its cache key; cached blocks are
 * taken from the store, the others run as processes of their own on a pool
 * of {@code jobs} workers, and {@code exclusive} blocks run afterwards, one
 * at a time, with nothing else running.
 */
public final class Runner {

    /**
     * What a build's runs came to; {@code runs} lists the blocks that ran in
     * this build, with how long JBang took to build each one's script (0 when
     * its launch was already cached).
     */
    public record Outcome(Map<String, RunResult> results, int ran, int cached, long serialMillis, long prepareMillis,
                          List<Ran> runs) {
    }

    /** One block that ran: where it is written, its script's build time and its run's wall time. */
    public record Ran(String where, String script, List<String> args, long prepareMillis, long runMillis) {
    }

    private final Path root;
    private final ResultStore store;
    private final ScriptLauncher launcher;
    private final int jobs;
    private final Progress progress;
    private Runnable beforeExclusive = () -> { };

    public Runner(Path root, ResultStore store, int jobs, Progress progress) {
        this.root = root;
        this.store = store;
        this.launcher = new ScriptLauncher(root, store.dir());
        this.jobs = Math.max(1, jobs);
        this.progress = progress;
    }

    /** Called once before the first exclusive block runs (the build waits there for anything it started alongside). */
    public void beforeExclusive(Runnable action) {
        this.beforeExclusive = action;
    }

    public Outcome run(List<Block> blocks, boolean fresh) throws BuildFailure, InterruptedException {
        List<BuildError> errors = Collections.synchronizedList(new ArrayList<>());
        Map<Block, String> scriptKeys = new LinkedHashMap<>();
        Map<Block, String> runKeys = new LinkedHashMap<>();
        for (Block block : blocks) {
            try {
                String scriptKey = CacheKey.ofScript(root, ScriptSource.closure(block.script()));
                scriptKeys.put(block, scriptKey);
                runKeys.put(block, CacheKey.ofRun(scriptKey, block));
            } catch (BuildFailure e) {
                String inBook = root + java.io.File.separator;
                e.errors().forEach(err -> errors.add(new BuildError(err.where().replace(inBook, ""),
                        err.message() + " (the script of " + block.where(root) + ")",
                        err.fix() == null ? "" : err.fix().replace(inBook, ""))));
            }
        }
        if (!errors.isEmpty()) {
            throw new BuildFailure(errors);
        }

        Map<String, RunResult> results = new ConcurrentHashMap<>();
        Map<String, Block> toRun = new LinkedHashMap<>();
        int cached = 0;
        for (Block block : blocks) {
            String key = runKeys.get(block);
            var hit = fresh ? java.util.Optional.<RunResult>empty() : store.find(key);
            if (hit.isPresent()) {
                results.put(block.renderKey(), hit.get());
                cached++;
            } else {
                toRun.putIfAbsent(key, block);
            }
        }
        progress.start(blocks.size(), cached);

        long serialMillis = 0;
        long prepareStart = System.nanoTime();
        Map<String, Long> prepared = new ConcurrentHashMap<>();
        Map<String, ScriptLauncher.Launch> launches = prepare(toRun.values(), scriptKeys, errors, prepared);
        long prepareMillis = toRun.isEmpty() ? 0 : (System.nanoTime() - prepareStart) / 1_000_000;

        Map<String, RunResult> byKey = new ConcurrentHashMap<>();
        List<Map.Entry<String, Block>> shared = toRun.entrySet().stream().filter(e -> !e.getValue().exclusive()).toList();
        List<Map.Entry<String, Block>> alone = toRun.entrySet().stream().filter(e -> e.getValue().exclusive()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(jobs, daemon("book-run"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (var entry : shared) {
                running.add(pool.submit(() -> runOne(entry.getValue(), entry.getKey(),
                        launches.get(scriptKeys.get(entry.getValue())), byKey, errors)));
            }
            await(running);
            if (!alone.isEmpty()) {
                beforeExclusive.run();
            }
            for (var entry : alone) {
                runOne(entry.getValue(), entry.getKey(), launches.get(scriptKeys.get(entry.getValue())), byKey, errors);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Block block : blocks) {
            RunResult result = byKey.get(runKeys.get(block));
            if (result != null) {
                results.put(block.renderKey(), result);
            }
        }
        // A result is checked against every block that shows it, on every build: a cached one, or one
        // that ran for another block with the same key, meets this block's own expectations too.
        for (Block block : blocks) {
            RunResult result = results.get(block.renderKey());
            if (result != null && toRun.get(runKeys.get(block)) != block) {
                BuildError problem = check(block, result);
                if (problem != null) {
                    errors.add(problem);
                }
            }
        }
        for (RunResult result : byKey.values()) {
            serialMillis += result.millis();
        }
        progress.finish();
        if (!errors.isEmpty()) {
            throw new BuildFailure(sorted(errors));
        }
        List<Ran> runs = new ArrayList<>();
        for (var entry : toRun.entrySet()) {
            RunResult result = byKey.get(entry.getKey());
            Block block = entry.getValue();
            if (result != null) {
                runs.add(new Ran(block.where(root), root.relativize(block.script()).toString(), block.args(),
                        prepared.getOrDefault(scriptKeys.get(block), 0L), result.millis()));
            }
        }
        return new Outcome(results, byKey.size(), cached, serialMillis, prepareMillis, List.copyOf(runs));
    }

    /** The results already in the cache for these blocks, without running anything (for --only). */
    public Map<String, RunResult> cached(List<Block> blocks) {
        Map<String, RunResult> results = new LinkedHashMap<>();
        for (Block block : blocks) {
            try {
                String key = CacheKey.ofRun(CacheKey.ofScript(root, ScriptSource.closure(block.script())), block);
                store.find(key).ifPresent(result -> results.put(block.renderKey(), result));
            } catch (BuildFailure e) {
                // a block that cannot be keyed has no cached result; its own build reports why
            }
        }
        return results;
    }

    /** Builds each distinct script once, on the pool; a script that does not build fails its blocks. */
    private Map<String, ScriptLauncher.Launch> prepare(Iterable<Block> blocks, Map<Block, String> scriptKeys,
                                                       List<BuildError> errors, Map<String, Long> prepared)
            throws InterruptedException {
        Map<String, ScriptLauncher.Launch> launches = new ConcurrentHashMap<>();
        Map<String, Block> distinct = new LinkedHashMap<>();
        blocks.forEach(b -> distinct.putIfAbsent(scriptKeys.get(b), b));
        ExecutorService pool = Executors.newFixedThreadPool(jobs, daemon("book-prepare"));
        try {
            List<Future<?>> preparing = new ArrayList<>();
            for (var entry : distinct.entrySet()) {
                preparing.add(pool.submit(() -> {
                    try {
                        long start = System.nanoTime();
                        launches.put(entry.getKey(), launcher.prepare(entry.getValue().script(), entry.getKey()));
                        prepared.put(entry.getKey(), (System.nanoTime() - start) / 1_000_000);
                    } catch (BuildFailure e) {
                        errors.addAll(e.errors());
                    } catch (IOException e) {
                        errors.add(new BuildError(entry.getValue().where(root), "cannot build " + entry.getValue().target() + ": " + e, ""));
                    }
                    return null;
                }));
            }
            await(preparing);
        } finally {
            pool.shutdownNow();
        }
        return launches;
    }

    private Void runOne(Block block, String runKey, ScriptLauncher.Launch launch,
                        Map<String, RunResult> byKey, List<BuildError> errors) {
        if (launch == null) {
            progress.failed();
            return null; // its build error is already reported
        }
        progress.running(block);
        try {
            Path work = store.newWorkDir();
            Map<String, String> env = RunEnvironment.of(System.getenv(), Map.of(
                    "BOOK_OUTPUT_DIR", work.resolve("out").toString(), "BOOK_ROOT", root.toString()));
            Processes.Finished finished = Processes.runIn(env, launch.command(block.args()), root,
                    work.resolve("stdout.txt"), work.resolve("stderr.txt"), work.resolve("lines.jsonl"), block.timeout());
            RunResult result = store.store(work, runKey, finished.exit(), finished.timedOut(), finished.millis(),
                    RunEnvironment.machine(launch.classpath()));
            byKey.put(runKey, result);
            BuildError problem = check(block, result);
            if (problem != null) {
                store.forget(runKey);
                errors.add(problem);
                progress.failed();
            } else {
                progress.ran(block, result);
            }
        } catch (IOException e) {
            errors.add(new BuildError(block.where(root), "cannot run " + block.target() + ": " + e.getMessage(), ""));
            progress.failed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Whether a finished run is what the chapter expects; null when it is. */
    private BuildError check(Block block, RunResult result) {
        String where = block.where(root);
        var failed = result.failedClaim();
        if (failed.isPresent()) {
            // before the exit status: a failed claim fails its block even when a non-zero exit is expected
            RunResult.Claim claim = failed.get();
            return new BuildError(where, block.target() + ": claim failed: \"" + claim.text() + "\" ("
                            + scriptLine(block, claim.where()) + ")",
                    (claim.observed().isEmpty() ? "the run observed nothing it could say" : "observed: " + claim.observed())
                            + "\nfix: the run contradicts the chapter: correct the prose and the claim, or the demo;"
                            + "\nrun it yourself: ./jbang " + root.relativize(block.script())
                            + (block.args().isEmpty() ? "" : " " + String.join(" ", block.args())));
        }
        if (result.timedOut()) {
            String last = RunResult.tail(result.stdout(), 3);
            String lastLine = last.isEmpty() ? "" : last.lines().reduce((a, b) -> b).orElse("").strip();
            return new BuildError(where, block.target() + " ran past its timeout of " + human(block.timeout())
                    + " and was killed with everything it started",
                    (last.isEmpty()
                            ? "it printed nothing before it was killed, so the build cannot tell which wait never ended;\n"
                                    + "print a line before each wait (\"waiting for the reply, up to 5 s\") and it will"
                            : "the wait that never ended comes after its last words, \"" + lastLine + "\""
                                    + printedAt(block.script(), lastLine).map(l -> " (" + root.relativize(block.script()) + ":" + l + ")").orElse("")
                                    + "\nits last output:\n" + indent(last))
                            + "\nfix: bound that wait (a latch or future with a timeout), or give the block a longer timeout=");
        }
        if (result.exit() != block.expectExit()) {
            String tail = RunResult.tail(result.stderr(), 10);
            return new BuildError(where, block.target() + " exited with " + result.exit() + " (expected " + block.expectExit() + ")",
                    (tail.isEmpty() ? "it printed nothing on stderr" : "stderr, last lines:\n" + indent(tail))
                            + "\nfix: run it yourself: ./jbang " + root.relativize(block.script())
                            + (block.args().isEmpty() ? "" : " " + String.join(" ", block.args()))
                            + (block.expectExit() == 0 ? "; if failing is the point, add expect-exit=" + result.exit() : ""));
        }
        if (result.stdout().isBlank() && result.stderr().isBlank()) {
            return new BuildError(where, block.target() + " printed nothing",
                    "fix: a demo prints what it proves, e.g. System.out.println(\"echo: \" + reply)");
        }
        return null;
    }

    /**
     * A claim's {@code File.java:line} (as the stack names it) as a path from the book's root: the
     * block's script, or the file of its {@code //SOURCES} closure with that name.
     */
    String scriptLine(Block block, String frame) {
        int colon = frame.lastIndexOf(':');
        String name = colon < 0 ? frame : frame.substring(0, colon);
        String line = colon < 0 ? "" : frame.substring(colon);
        List<Path> files = new ArrayList<>(List.of(block.script()));
        try {
            files.addAll(ScriptSource.closure(block.script()));
        } catch (BuildFailure e) {
            // keyed already, so it has a closure; without it the script alone is searched
        }
        return files.stream().filter(f -> f.getFileName().toString().equals(name)).findFirst()
                .map(f -> root.toAbsolutePath().normalize().relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/') + line)
                .orElse(frame);
    }

    private static final java.util.regex.Pattern STRING_LITERAL = java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The line of the script whose string literal printed this output line: the longest literal found in it. */
    static java.util.Optional<Integer> printedAt(Path script, String output) {
        List<String> lines = ScriptSource.read(script);
        int best = -1;
        int bestLength = 5; // shorter literals ("", ": ") say nothing
        for (int i = 0; i < lines.size(); i++) {
            java.util.regex.Matcher literal = STRING_LITERAL.matcher(lines.get(i));
            while (literal.find()) {
                String text = literal.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
                if (text.length() > bestLength && output.contains(text)) {
                    best = i + 1;
                    bestLength = text.length();
                }
            }
        }
        return best < 0 ? java.util.Optional.empty() : java.util.Optional.of(best);
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  | " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    static String human(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static List<BuildError> sorted(List<BuildError> errors) {
        List<BuildError> copy = new ArrayList<>(errors);
        copy.sort(java.util.Comparator.comparing(BuildError::where, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        return copy;
    }

    private static void await(List<Future<?>> futures) throws InterruptedException {
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
