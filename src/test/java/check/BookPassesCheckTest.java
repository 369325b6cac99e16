package check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import builder.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The book itself passes ./jbang check, run the way a contributor runs it (building the site first
 * if needed): on the suite's one build of the book ({@link book.BuiltBook}) and its cache, so the
 * check's own build finds every run done and nothing runs twice.
 */
class BookPassesCheckTest {
    @TempDir
    Path dir;

    @Test
    void theBookPassesItsOwnCheck() throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        book.BuiltBook.build();
        Processes.Finished finished = Processes.run(List.of("/bin/bash", TinyBook.BOOK.resolve("jbang").toString(), "check",
                        "--out", book.BuiltBook.SITE.toString()),
                TinyBook.BOOK, Map.of("BOOK_CACHE_DIR", book.BuiltBook.CACHE.toString()), out, err, Duration.ofMinutes(20));
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertEquals(0, finished.exit(), stdout + "\n" + stderr);
        assertTrue(stdout.contains("All checks passed."), stdout);
        assertTrue(stdout.contains("valid HTML (Nu HTML Checker): ok"), stdout);
    }
}
