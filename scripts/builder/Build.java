package builder;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One build of the book, stage after stage: collect → plan/run → render → publish.
 * Used by {@code ./jbang site}, by the tests and by {@code serve}.
 */
public final class Build {

    /**
     * How to build: the book's root, the site folder, the command-line options,
     * and {@code tools}, the checkout whose {@code scripts/} holds the builder
     * and its static files (the book's own root, except for test fixtures).
     */
    public record Options(Path root, Path out, boolean fresh, int jobs, String only, Progress progress, Path tools) {
        public Options {
            root = root.toAbsolutePath().normalize();
            out = out.toAbsolutePath().normalize();
            tools = tools.toAbsolutePath().normalize();
        }

        public Options(Path root, Path out, boolean fresh, int jobs, String only, Progress progress) {
            this(root, out, fresh, jobs, only, progress, root);
        }

        public static Options defaults(Path root) {
            return new Options(root, root.resolve("site"), false, Runtime.getRuntime().availableProcessors(), null,
                    Progress.silent());
        }

        public Options withTools(Path tools) {
            return new Options(root, out, fresh, jobs, only, progress, tools);
        }

        public Options withOut(Path out) {
            return new Options(root, out, fresh, jobs, only, progress, tools);
        }

        public Options withJobs(int jobs) {
            return new Options(root, out, fresh, jobs, only, progress, tools);
        }

        public Options withFresh(boolean fresh) {
            return new Options(root, out, fresh, jobs, only, progress, tools);
        }

        public Options withOnly(String only) {
            return new Options(root, out, fresh, jobs, only, progress, tools);
        }

        public Options withProgress(Progress progress) {
            return new Options(root, out, fresh, jobs, only, progress, tools);
        }
    }

    /** What a build did, for the summary line and for tests and benchmarks. */
    public record Summary(boolean upToDate, int blocks, int ran, int cached, int pages, long wallMillis,
                          long serialMillis, long prepareMillis, Map<String, String> figures, List<String> notes) {

        public void print(PrintStream out, Path root, Path site) {
            String where = site.startsWith(root) ? root.relativize(site).toString() : site.toString();
            if (upToDate) {
                out.printf("Nothing changed: all %d blocks cached, %s/ is up to date (%s).%n", blocks, where, seconds(wallMillis));
                return;
            }
            out.printf("Built %d page(s) into %s/ in %s: %d block(s) run, %d cached, 0 failed.%n",
                    pages, where, seconds(wallMillis), ran, cached);
            if (ran > 0) {
                out.printf("Serial sum of script run times: %s (%s to build scripts with JBang first).%n",
                        seconds(serialMillis), seconds(prepareMillis));
            }
            notes.forEach(note -> out.println("Note: " + note));
        }
    }

    private static final Gson GSON = new Gson();
    private final Options options;
    private final Renderer sharedRenderer;

    /** A build that starts its own renderer when it has pages to render. */
    public Build(Options options) {
        this(options, null);
    }

    /** A build that renders with a renderer kept warm by the caller (serve, tests); the caller closes it. */
    public Build(Options options, Renderer renderer) {
        this.options = options;
        this.sharedRenderer = renderer;
    }

    /** {@code .book-cache/} in the book's root, or the folder BOOK_CACHE_DIR names (a test's own cache). */
    public Path cacheDir() {
        String dir = System.getenv("BOOK_CACHE_DIR");
        return dir == null || dir.isBlank() ? options.root().resolve(".book-cache") : Path.of(dir).toAbsolutePath();
    }

    /** Runs the whole pipeline; on failure the published site is left as it was. */
    public Summary run() throws BuildFailure, IOException, InterruptedException {
        long start = System.nanoTime();
        Path root = options.root();
        String manifest = manifest();
        Path stamp = cacheDir().resolve("published").resolve(Integer.toHexString(options.out().toString().hashCode()) + ".json");
        if (!options.fresh() && options.only() == null && Files.isDirectory(options.out()) && Files.isRegularFile(stamp)) {
            Stamp last = GSON.fromJson(Files.readString(stamp), Stamp.class);
            if (last != null && manifest.equals(last.manifest())) {
                return new Summary(true, last.blocks(), 0, last.blocks(), 0, millisSince(start), 0, 0, Map.of(), List.of());
            }
        }

        Book book = Book.collect(root);
        List<Page> pages = book.pages();
        List<Block> toRun = book.blocks();
        if (options.only() != null) {
            pages = book.pages().stream().filter(p -> p.slug().equals(options.only())).toList();
            if (pages.isEmpty()) {
                List<String> slugs = book.pages().stream().map(Page::slug).toList();
                throw new BuildFailure(new BuildError("--only " + options.only(), "no such chapter",
                        Suggest.nearest(options.only(), slugs).map(s -> "fix: did you mean --only " + s + "?")
                                .orElse("fix: chapters are " + String.join(", ", slugs))));
            }
            toRun = book.blocks().stream().filter(b -> b.chapter().equals(options.only())).toList();
        }

        long collected = System.nanoTime();
        // JRuby takes seconds to start: it starts while scripts are built and run, and is ready before
        // any exclusive block runs, so those still run with nothing else going on.
        StartingRenderer starting = sharedRenderer == null && !pages.isEmpty() ? new StartingRenderer() : null;
        try {
            return runAndPublish(start, manifest, stamp, book, pages, toRun, collected, starting);
        } finally {
            if (starting != null) {
                starting.close();
            }
        }
    }

    private Summary runAndPublish(long start, String manifest, Path stamp, Book book, List<Page> pages, List<Block> toRun,
                                  long collected, StartingRenderer starting)
            throws BuildFailure, IOException, InterruptedException {
        Path root = options.root();
        ResultStore store = new ResultStore(cacheDir());
        Runner runner = new Runner(root, store, options.jobs(), options.progress());
        if (starting != null) {
            runner.beforeExclusive(starting::await);
        }
        Runner.Outcome outcome = runner.run(toRun, options.fresh());
        // With --only, the other chapters' figures come from what the cache already holds.
        List<Block> others = book.blocks().stream().filter(b -> !toRun.contains(b)).toList();
        Map<String, RunResult> results = new LinkedHashMap<>(runner.cached(others));
        results.putAll(outcome.results());

        Map<String, String> figures = RenderContext.figures(book, results);
        // Every problem this build can find is reported at once: unknown figures, then each page's own.
        List<BuildError> figureErrors = checkFigures(book, pages, figures);

        long ranAll = System.nanoTime();
        Publisher publisher = Publisher.stage(options.out(), options.only() != null);
        List<String> notes = new ArrayList<>();
        try {
            RenderContext context = new RenderContext(book, results, publisher.dir());
            List<NavEntry> nav = book.pages().stream().map(p -> new NavEntry(p.slug(), p.title(), p.href())).toList();
            // A renderer of this build's own is closed by StartingRenderer.close.
            Renderer renderer = sharedRenderer != null ? sharedRenderer : starting.get();
            List<BuildError> errors = new ArrayList<>(figureErrors);
            for (Page page : pages) {
                try {
                    Renderer.Rendered rendered = renderer.render(page, context);
                    int current = book.pages().indexOf(page);
                    Files.writeString(publisher.dir().resolve(page.href()), PageTemplate.render(new PageModel(
                            page.slug(), rendered.title(), rendered.bodyHtml() + machines(book, page, results),
                            rendered.tocHtml(), nav, current)));
                    saveSearchDoc(new SearchDoc(page.href(), rendered.title(), rendered.text()), page.slug());
                } catch (BuildFailure e) {
                    errors.addAll(e.errors());
                }
            }
            if (!errors.isEmpty()) {
                throw new BuildFailure(errors);
            }
            notes.addAll(context.notes());
            Files.writeString(publisher.dir().resolve("search-index.js"), SearchIndex.script(searchDocs(book)));
            Assets.copyTo(publisher.dir(), options.tools());
            PrintEdition.write(publisher.dir(), nav);
            publisher.publish();
        } catch (BuildFailure | IOException | RuntimeException e) {
            publisher.discard();
            throw e;
        }

        long published = System.nanoTime();
        Files.createDirectories(stamp.getParent());
        if (options.only() == null) {
            Files.writeString(stamp, GSON.toJson(new Stamp(manifest, book.blocks().size())));
        } else {
            Files.deleteIfExists(stamp);
        }
        Summary summary = new Summary(false, toRun.size(), outcome.ran(), outcome.cached(), pages.size(), millisSince(start),
                outcome.serialMillis(), outcome.prepareMillis(), figures, List.copyOf(notes));
        Files.writeString(cacheDir().resolve("last-build.json"), GSON.toJson(new Report(summary.wallMillis(),
                (collected - start) / 1_000_000, (ranAll - collected) / 1_000_000, (published - ranAll) / 1_000_000,
                summary.serialMillis(), summary.prepareMillis(), summary.ran(), summary.cached(), summary.pages(),
                outcome.runs())));
        return summary;
    }

    private record Stamp(String manifest, int blocks) {
    }

    /** A renderer starting on a thread of its own; closed with the build, whether it was used or not. */
    private static final class StartingRenderer implements AutoCloseable {
        private final java.util.concurrent.CompletableFuture<Renderer> future = new java.util.concurrent.CompletableFuture<>();
        private boolean used;

        StartingRenderer() {
            Thread thread = new Thread(() -> {
                try {
                    future.complete(new Renderer());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            }, "book-renderer-start");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits until it has started (or failed to): before exclusive blocks run. */
        void await() {
            try {
                future.join();
            } catch (RuntimeException e) {
                // get() reports it
            }
        }

        Renderer get() {
            used = true;
            try {
                return future.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        /** Closes it now if it rendered; a build that failed before rendering does not wait for JRuby to finish starting. */
        @Override
        public void close() {
            if (used) {
                await();
                if (!future.isCompletedExceptionally()) {
                    future.join().close();
                }
            } else {
                future.thenAccept(Renderer::close);
            }
        }
    }

    /**
     * Where a build's time went, written to {@code .book-cache/last-build.json}
     * by every build that did more than say "nothing changed" (read by bench):
     * collect, run (building scripts with JBang, then running them), render
     * and publish, and each block that ran.
     */
    public record Report(long wallMillis, long collectMillis, long runStageMillis, long renderMillis, long serialMillis,
                         long prepareMillis, int ran, int cached, int pages, List<Runner.Ran> runs) {
    }

    /** Every prose figure must exist in this build; a misspelt one names its nearest neighbour. */
    /** Where this page's runs happened (JDK, OS, cores, libraries, date), so a reader can compare with their own. */
    static String machines(Book book, Page page, Map<String, RunResult> results) {
        Map<String, Integer> machines = new java.util.TreeMap<>();
        for (Block block : book.blocks()) {
            RunResult result = results.get(block.renderKey());
            if (block.adoc().equals(page.adoc()) && result != null) {
                String machine = ResultStore.machine(result);
                machines.merge(machine.isEmpty() ? "a machine this cache entry does not name" : machine, 1, Integer::sum);
            }
        }
        if (machines.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("\n<div class=\"runs-machine\"><p>Where the output on this page was captured: ");
        List<String> parts = new ArrayList<>();
        machines.forEach((machine, blocks) -> parts.add(Html.escape(machine)
                + (machines.size() > 1 ? " (" + blocks + " block" + (blocks == 1 ? "" : "s") + ")" : "")));
        html.append(String.join("; ", parts)).append(". Each block shows its own exit status and run time.</p></div>\n");
        return html.toString();
    }

    private List<BuildError> checkFigures(Book book, List<Page> pages, Map<String, String> figures) {
        Set<String> rendered = new TreeSet<>();
        pages.forEach(p -> rendered.add(options.root().relativize(p.adoc()).toString()));
        List<BuildError> errors = new ArrayList<>();
        for (FigureRef ref : book.figureRefs()) {
            if (!figures.containsKey(ref.name()) && rendered.contains(ref.where().substring(0, ref.where().lastIndexOf(':')))) {
                errors.add(new BuildError(ref.where(), "unknown figure fig:" + ref.name() + "[]", figureFix(ref.name(), figures.keySet())));
            }
        }
        return errors;
    }

    /** The nearest figure names (of the chapter the name points at, when it has any), never the whole book's list. */
    static String figureFix(String wrong, Set<String> names) {
        if (names.isEmpty()) {
            return "fix: no script of this build publishes figures yet (kit.Figures.publish)";
        }
        int dot = wrong.indexOf('.');
        String chapter = dot < 0 ? "" : wrong.substring(0, dot + 1);
        List<String> ofChapter = names.stream().filter(n -> n.startsWith(chapter)).sorted().toList();
        List<String> candidates = ofChapter.isEmpty() ? List.copyOf(names) : ofChapter;
        List<String> near = Suggest.nearestFew(wrong, candidates, 3);
        if (!near.isEmpty()) {
            return "fix: did you mean " + String.join(" or ", near.stream().map(n -> "fig:" + n + "[]").toList()) + "?";
        }
        if (ofChapter.isEmpty()) {
            Set<String> chapters = new TreeSet<>();
            names.forEach(n -> chapters.add(n.substring(0, Math.max(0, n.indexOf('.')))));
            return "fix: no chapter publishes figures named " + chapter + "…; chapters with figures: " + String.join(", ", chapters);
        }
        return "fix: figures of " + chapter.replace(".", "") + ": "
                + String.join(", ", ofChapter.size() <= 12 ? ofChapter : ofChapter.subList(0, 12))
                + (ofChapter.size() > 12 ? " … (" + ofChapter.size() + " in all)" : "");
    }

    /** A hash of every input: unchanged means the published site is already this build's. */
    private String manifest() throws IOException {
        Path root = options.root();
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(root.resolve("notebooks"), options.tools().resolve("scripts"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            }
        }
        files.add(root.resolve("jbang-catalog.json"));
        return CacheKey.ofFiles(options.tools(), files.stream().filter(Files::isRegularFile).toList(),
                List.of(options.out().toString()));
    }

    private void saveSearchDoc(SearchDoc doc, String slug) throws IOException {
        Path dir = cacheDir().resolve("search");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(slug + ".json"), GSON.toJson(doc));
    }

    private List<SearchDoc> searchDocs(Book book) throws IOException {
        List<SearchDoc> docs = new ArrayList<>();
        for (Page page : book.pages()) {
            Path saved = cacheDir().resolve("search").resolve(page.slug() + ".json");
            if (Files.isRegularFile(saved)) {
                docs.add(GSON.fromJson(Files.readString(saved), SearchDoc.class));
            }
        }
        return docs;
    }

    /** "1.24 s" or "850 ms". */
    public static String seconds(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
