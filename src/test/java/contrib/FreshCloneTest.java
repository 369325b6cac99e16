package contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import builder.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", as a new contributor types it in a fresh copy of
 * the book: {@code ./jbang new chapter heartbeats "Heartbeats"}, then
 * {@code ./jbang site --only heartbeats}, and a page with the block's
 * captured output, with no hand edit in between.
 */
class FreshCloneTest {
    @TempDir
    Path dir;

    private record Ran(int exit, String stdout, String stderr) {
        String both() {
            return stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private Ran jbang(Path book, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash", book.resolve("jbang").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Processes.Finished finished = Processes.run(command, book, Map.of(), out, err, Duration.ofMinutes(5));
        return new Ran(finished.exit(), Files.readString(out), Files.readString(err));
    }

    @Test
    void newChapterThenSiteOnlyBuildsAPageWithTheCapturedOutput() throws Exception {
        Map<String, String> realBook = realBookFiles();
        Path book = Books.skeletonCopy(dir.resolve("book"));

        Ran created = jbang(book, "new", "chapter", "heartbeats", "Heartbeats");
        assertEquals(0, created.exit(), created.both());
        assertTrue(created.stdout().contains("created  notebooks/heartbeats/chapter.adoc"), created.stdout());
        assertTrue(Pattern.compile("Next:\n  1\\. .+\n(.+\n)*  2\\. .+\n(.+\n)*  3\\. .+").matcher(created.stdout()).find(),
                created.stdout());

        Ran built = jbang(book, "site", "--only", "heartbeats");
        assertEquals(0, built.exit(), built.both());
        assertTrue(built.stdout().contains("1 block(s) run"), built.stdout());
        String page = Files.readString(book.resolve("site/heartbeats.html"));
        assertTrue(page.contains("<h1>Heartbeats</h1>"), page);
        assertTrue(page.contains("$ ./jbang heartbeats-first-request"), "the command a reader types");
        assertTrue(page.contains("<pre class=\"jbang-stdout\">GET /hello, waiting up to 5 s\nanswer: 200 hello from 127.0.0.1\n"
                + "the answer took "), "the captured output is on the page");
        assertTrue(Pattern.compile("The answer took <span class=\"figure-value\">\\d+\\.\\d</span> ms").matcher(page).find(),
                "the prose quotes the figure the run published");

        Ran refused = jbang(book, "new", "chapter", "heartbeats", "Heartbeats again");
        assertEquals(1, refused.exit(), refused.both());
        assertTrue(refused.stderr().contains("new chapter: notebooks/heartbeats/ exists already and is a chapter\n"
                + "    fix: choose another name, or add a demo to it: ./jbang new demo heartbeats Name\nNothing was written."),
                refused.stderr());

        Ran demo = jbang(book, "new", "demo", "heartbeats", "PingPong");
        assertEquals(0, demo.exit(), demo.both());
        Ran again = jbang(book, "site", "--only", "heartbeats");
        assertEquals(0, again.exit(), again.both());
        assertTrue(again.stdout().contains("1 block(s) run, 1 cached"), again.stdout());
        assertTrue(Files.readString(book.resolve("site/heartbeats.html")).contains("$ ./jbang ping-pong"));

        assertEquals(realBook, realBookFiles(), "the real book is only read");
    }

    private static Map<String, String> realBookFiles() throws Exception {
        return Map.of("jbang-catalog.json", Files.readString(Books.BOOK.resolve("jbang-catalog.json")),
                "notebooks/nav.txt", Files.readString(Books.BOOK.resolve("notebooks/nav.txt")),
                "heartbeats", String.valueOf(Files.exists(Books.BOOK.resolve("notebooks/heartbeats"))));
    }
}
