package check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./jbang bench on a small book: every row of the table is there, with a number, and nothing is left behind. */
class BenchTest {
    private static final Pattern TIME = Pattern.compile("\\d+ ms|\\d+\\.\\d\\d s");
    private static final Pattern RATIO = Pattern.compile("\\d+\\.\\d\\d");

    @TempDir
    Path dir;


    @Test
    void printsEveryRowWithNumbersAndCleansUp() throws Exception {
        Path book = dir.resolve("book");
        TinyBook.create(book).alias("site", "scripts/Site.java");
        Path report = dir.resolve("bench.md");
        List<Path> before = benchFolders();

        BuildBench.Result result = new BuildBench(new BuildBench.Options(book, TinyBook.BOOK, report, 1,
                Duration.ofMinutes(8), null)).run();

        List<BuildBench.Row> builds = result.builds();
        assertEquals(7, builds.size(), result.markdown());
        for (BuildBench.Row row : builds.subList(0, 5)) {
            assertTrue(TIME.matcher(row.value()).matches(), row.toString());
        }
        assertTrue(builds.get(0).what().startsWith("cold full build"), result.markdown());
        assertTrue(builds.get(1).what().startsWith("warm build, no change"), result.markdown());
        assertTrue(builds.get(2).what().startsWith("after one prose edit"), result.markdown());
        assertTrue(builds.get(3).what().startsWith("after editing one script"), result.markdown());
        assertTrue(builds.get(3).note().startsWith("1 block(s) run"), result.markdown());
        assertTrue(builds.get(4).what().startsWith("full build, scripts already compiled"), result.markdown());
        assertTrue(builds.get(4).note().startsWith("1 block(s) run"), result.markdown());
        assertTrue(RATIO.matcher(builds.get(5).value()).matches(), builds.get(5).toString());
        assertTrue(RATIO.matcher(builds.get(6).value()).matches(), builds.get(6).toString());

        assertEquals(3, result.render().size(), result.markdown());
        assertTrue(TIME.matcher(result.render().get(0).value()).matches(), result.markdown());
        if (Files.isExecutable(Path.of("/usr/bin/asciidoctor"))) {
            assertTrue(TIME.matcher(result.render().get(1).value()).matches(), result.markdown());
            assertTrue(RATIO.matcher(result.render().get(2).value()).matches(), result.markdown());
        } else {
            assertEquals("not installed", result.render().get(1).value(), result.markdown());
        }

        assertEquals(1, result.demos().size(), result.markdown());
        BuildBench.Row greet = result.demos().get(0);
        assertEquals("greet world", greet.what());
        assertTrue(TIME.matcher(greet.value()).matches(), greet.toString());
        String[] starts = greet.note().split("\\|");
        assertTrue(TIME.matcher(starts[0]).matches() && TIME.matcher(starts[1]).matches(), greet.toString());

        assertEquals(3, result.goals().size());
        assertTrue(result.goals().get(0).matches("Warm no-change build ≤ .*: (met|not met) .*"), result.goals().get(0));
        String written = Files.readString(report);
        assertEquals(result.markdown(), written);
        assertTrue(written.contains("| greet world | "), written);
        assertEquals(before, benchFolders(), "the temporary copy is deleted");
        assertFalse(Files.exists(book.resolve("site")), "the book itself is not built");
    }

    private static List<Path> benchFolders() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("book-bench-")).sorted().toList();
        }
    }
}
