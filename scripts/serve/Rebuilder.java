package serve;

import builder.Block;
import builder.Book;
import builder.Build;
import builder.BuildError;
import builder.BuildFailure;
import builder.Page;
import builder.Renderer;
import builder.ScriptSource;
import io.methvin.watcher.DirectoryWatcher;
import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.helpers.NOPLogger;

/**
 * The build kept warm: one renderer for every build, the execution cache
 * shared with {@code ./jbang site}, and a file watcher on the book's sources
 * ({@code notebooks/}, {@code jbang-catalog.json}, the site's assets). Edits
 * that arrive together make one build. An edit of one chapter's text renders
 * that page alone; an edit of a script re-runs the blocks that use it (the
 * cache keys say which) and renders their pages; anything else (the nav list,
 * the catalog, a chapter title, the assets) rebuilds the site, still running
 * only what changed.
 */
final class Rebuilder implements AutoCloseable {

    /** What the pages are told. */
    interface Listener {
        /** Pages rebuilt (null: all of them); {@code changedAt} is when the first edit of the batch was seen. */
        void rebuilt(Set<String> pages, long changedAt);

        void failed(List<BuildError> errors);
    }

    private static final long QUIET_MILLIS = 25;

    private final Build.Options options;
    private final Renderer renderer;
    private final Listener listener;
    private final PrintStream log;
    private final Path notebooks;
    private final Path catalog;
    private final Path assets;
    private final ScheduledExecutorService builds = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "book-serve-build");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Path> pending = new LinkedHashSet<>();
    private long firstChange = -1;
    private volatile Book book;
    private volatile boolean broken;
    private DirectoryWatcher watcher;

    Rebuilder(Build.Options options, Renderer renderer, Listener listener, PrintStream log) {
        this.options = options;
        this.renderer = renderer;
        this.listener = listener;
        this.log = log;
        this.notebooks = options.root().resolve("notebooks");
        this.catalog = options.root().resolve("jbang-catalog.json");
        this.assets = options.tools().resolve("scripts/site-assets");
    }

    /** The book as the last build that collected it saw it (null before the first). */
    Book book() {
        return book;
    }

    /** The first build: the whole site, on the caller's thread. False when it failed (the errors are reported). */
    boolean buildAll() {
        return build(null, System.nanoTime(), true);
    }

    /** Starts watching; edits from now on rebuild. */
    void watch() throws IOException {
        List<Path> roots = options.tools().equals(options.root()) ? List.of(options.root())
                : List.of(options.root(), assets);
        watcher = DirectoryWatcher.builder()
                .paths(roots)
                .fileTreeVisitor(this::visitSources)
                .logger(NOPLogger.NOP_LOGGER)
                .listener(event -> {
                    if (event.path() != null && isSource(event.path()) && !event.isDirectory()) {
                        changed(event.path());
                    }
                })
                .build();
        watcher.watchAsync();
    }

    /** Only the sources get watches: never site/, the cache, .git or anything else in the root. */
    private void visitSources(Path start, FileTreeVisitor.Callback onDirectory, FileTreeVisitor.Callback onFile)
            throws IOException {
        if (!Files.isDirectory(start)) {
            if (isSource(start)) {
                onFile.call(start);
            }
            return;
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!isWatchedDirectory(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                onDirectory.call(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (isSource(file)) {
                    onFile.call(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private boolean isWatchedDirectory(Path dir) {
        return dir.equals(options.root()) || dir.startsWith(notebooks) || dir.equals(options.tools())
                || dir.equals(options.tools().resolve("scripts")) || dir.startsWith(assets);
    }

    private boolean isSource(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (name.startsWith(".") || name.endsWith("~") || name.endsWith(".swp") || name.endsWith(".swx")
                || name.equals("4913")) {
            return false; // editors' temporary files
        }
        return file.equals(catalog) || file.startsWith(notebooks) || file.startsWith(assets);
    }

    private synchronized void changed(Path file) {
        if (pending.isEmpty()) {
            firstChange = System.nanoTime();
            builds.schedule(this::rebuild, QUIET_MILLIS, TimeUnit.MILLISECONDS);
        }
        pending.add(file);
    }

    private void rebuild() {
        Set<Path> files;
        long since;
        synchronized (this) {
            files = new LinkedHashSet<>(pending);
            since = firstChange;
            pending.clear();
        }
        if (files.isEmpty()) {
            return;
        }
        build(pagesFor(files), since, false);
    }

    /** The pages an edit of these files changes; null when the whole site must be rebuilt. */
    Set<String> pagesFor(Set<Path> files) {
        Book last = book;
        if (last == null || broken) {
            return null;
        }
        Set<String> pages = new HashSet<>();
        for (Path file : files) {
            if (file.equals(notebooks.resolve("index.adoc"))) {
                pages.add("index");
            } else if (file.getFileName().toString().equals("chapter.adoc") && notebooks.equals(file.getParent().getParent())) {
                pages.add(file.getParent().getFileName().toString());
            } else if (file.toString().endsWith(".java") && file.startsWith(notebooks)) {
                for (Block block : last.blocks()) {
                    try {
                        if (ScriptSource.closure(block.script()).contains(file)) {
                            pages.add(block.chapter());
                        }
                    } catch (BuildFailure e) {
                        return null;
                    }
                }
            } else {
                return null;
            }
        }
        return pages;
    }

    /** One build; the pages are told what came of it. */
    private boolean build(Set<String> pages, long since, boolean first) {
        long start = System.nanoTime();
        try {
            Book collected = Book.collect(options.root());
            Book last = book;
            if (pages != null && last != null && !titles(collected).equals(titles(last))) {
                pages = null; // a title is in every page's chapter list
            }
            if (pages != null && pages.isEmpty()) {
                book = collected;
                return true; // an edit no page shows (a script no block runs)
            }
            Build.Summary summary;
            if (pages == null || pages.size() > 1) {
                summary = new Build(options.withOnly(null), renderer).run();
            } else {
                summary = new Build(options.withOnly(pages.iterator().next()), renderer).run();
            }
            book = collected;
            boolean wasBroken = broken;
            broken = false;
            String what = pages == null ? "the site" : String.join(", ", pages.stream().map(p -> p + ".html").sorted().toList());
            if (summary.upToDate() && !wasBroken) {
                if (!first) {
                    log.printf("  %s: nothing changed%n", what);
                }
                return true;
            }
            log.printf("  rebuilt %s in %s (%d block(s) run, %d cached)%n", what,
                    Build.seconds((System.nanoTime() - start) / 1_000_000), summary.ran(), summary.cached());
            if (!first) {
                listener.rebuilt(pages, since);
            }
            return true;
        } catch (BuildFailure failure) {
            broken = true;
            log.printf("  build failed (%d problem%s); open pages show them and keep their last good version:%n",
                    failure.errors().size(), failure.errors().size() == 1 ? "" : "s");
            failure.errors().forEach(e -> log.println("    " + e.format().replace("\n", "\n    ")));
            listener.failed(failure.errors());
            return false;
        } catch (IOException | RuntimeException e) {
            broken = true;
            log.println("  build failed: " + e);
            listener.failed(List.of(new BuildError("", "the build failed: " + e, "")));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> titles(Book book) {
        return book.pages().stream().map(Page::title).toList();
    }

    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // the watch service is gone either way
            }
        }
        builds.shutdownNow();
        try {
            builds.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
