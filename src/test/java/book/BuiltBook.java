package book;

import builder.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real book, built once per test run as a reader builds it (the README's command, with its
 * own output folder and a cache of its own, new for every run of the suite, so every block
 * runs). Every test that needs the whole built book shares this one build: the book test's
 * smoke checks, axe-core on every page, the print edition and its PDF.
 */
public final class BuiltBook {
    public static final Path ROOT = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();
    public static final Path SITE = ROOT.resolve("target/book-site");
    /** The build's cache: a later build of the same book with {@code BOOK_CACHE_DIR} set to it runs nothing again. */
    public static final Path CACHE = ROOT.resolve("target/book-test-cache");

    private static String output;
    private static String failure;

    private BuiltBook() {
    }

    /** Builds the book the first time it is asked for, and returns what the build printed. */
    public static synchronized String build() throws IOException, InterruptedException {
        if (output == null && failure == null) {
            Path out = Files.createTempFile("site", ".out");
            Path err = Files.createTempFile("site", ".err");
            builder.ResultStore.deleteTree(CACHE);
            try {
                Processes.Finished finished = Processes.run(List.of(ROOT.resolve("jbang").toString(), "site", "--out", SITE.toString()),
                        ROOT, Map.of("BOOK_CACHE_DIR", CACHE.toString()), out, err, Duration.ofMinutes(20));
                String printed = Files.readString(out);
                System.out.print(printed);
                if (finished.exit() == 0) {
                    output = printed;
                } else {
                    failure = "./jbang site failed (exit " + finished.exit() + "):\n" + printed + "\n" + Files.readString(err);
                }
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
        if (failure != null) {
            throw new AssertionError(failure);
        }
        return output;
    }

    /** The built site, after {@link #build()}. */
    public static Path site() throws IOException, InterruptedException {
        build();
        return SITE;
    }
}
