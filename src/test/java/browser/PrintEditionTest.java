package browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import builder.Processes;

/**
 * {@code ./jbang pdf} prints the real book's print edition with Debian's
 * Chromium; poppler's {@code pdftotext} reads it back: every chapter's title
 * opens a page of its own, and a value that only this build's run captured
 * (the handshake's Sec-WebSocket-Accept, from a fresh random key) is in it.
 */
class PrintEditionTest {

    static final Path BOOK = AccessibilityTest.BOOK;

    @TempDir
    Path dir;

    @Test
    void thePdfHoldsEveryChapterOnANewPageAndACapturedFigure() throws Exception {
        book.BuiltBook.build(); // the suite's one build: the PDF's own build then finds every run in its cache
        Path pdf = dir.resolve("book.pdf");
        var run = jbang(List.of("pdf", "--out", pdf.toString()));
        assertEquals(0, run.exit, run.output);
        assertTrue(Files.size(pdf) > 10_000, "a real PDF: " + Files.size(pdf) + " bytes");

        String text = tool("pdftotext", pdf.toString(), "-");
        List<String> pageStarts = new ArrayList<>();
        for (String page : text.split("\f")) {
            String start = page.replaceAll("\\s+", " ").strip(); // a long title wraps over two lines
            pageStarts.add(start.substring(0, Math.min(start.length(), 80)));
        }
        for (String title : titles()) {
            assertTrue(pageStarts.stream().anyMatch(p -> p.startsWith(title + " ") || p.equals(title)),
                    "\"" + title + "\" opens a page; pages open with " + pageStarts);
        }

        String page = Files.readString(BOOK.resolve("site/communication-model.html"));
        Matcher accept = Pattern.compile("Sec-WebSocket-Accept: ([A-Za-z0-9+/]{27}=)").matcher(page);
        assertTrue(accept.find(), "the handshake's captured output is on its page");
        assertTrue(text.contains(accept.group(1)), "the PDF holds this build's Sec-WebSocket-Accept " + accept.group(1));

        String info = tool("pdfinfo", pdf.toString());
        Matcher pages = Pattern.compile("(?m)^Pages:\\s+(\\d+)").matcher(info);
        assertTrue(pages.find(), info);
        System.out.printf(java.util.Locale.ROOT, "book.pdf: %s pages, %,d bytes%n", pages.group(1), Files.size(pdf));
    }

    @Test
    void withoutChromiumItSaysSoInOneLine() throws Exception {
        var run = jbang(List.of("pdf", "--chromium", dir.resolve("no-such-chromium").toString(), "--out",
                dir.resolve("never.pdf").toString()));
        assertEquals(2, run.exit, run.output);
        List<String> said = run.stderr.lines().filter(l -> !l.startsWith("[jbang]") && !l.isBlank()).toList();
        assertEquals(1, said.size(), "one line: " + said);
        assertTrue(said.get(0).contains("needs Chromium"), said.get(0));
        assertFalse(Files.exists(dir.resolve("never.pdf")));
    }

    /** The front page's and every chapter's title, in the order of notebooks/nav.txt. */
    private static List<String> titles() throws Exception {
        List<Path> sources = new ArrayList<>(List.of(BOOK.resolve("notebooks/index.adoc")));
        for (String line : Files.readAllLines(BOOK.resolve("notebooks/nav.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                sources.add(BOOK.resolve("notebooks").resolve(line.strip()).resolve("chapter.adoc"));
            }
        }
        List<String> titles = new ArrayList<>();
        for (Path source : sources) {
            titles.add(Files.readAllLines(source).stream().filter(l -> l.startsWith("= ")).findFirst()
                    .orElseThrow().substring(2).strip());
        }
        return titles;
    }

    private record Ran(int exit, String output, String stderr) {}

    private Ran jbang(List<String> args) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        List<String> command = new ArrayList<>(List.of("/bin/bash", BOOK.resolve("jbang").toString()));
        command.addAll(args);
        var finished = Processes.run(command, BOOK, Map.of("BOOK_CACHE_DIR", book.BuiltBook.CACHE.toString()), out, err,
                Duration.ofMinutes(20));
        return new Ran(finished.exit(), Files.readString(out) + "\n" + Files.readString(err), Files.readString(err));
    }

    private String tool(String... command) throws Exception {
        Path out = Files.createTempFile(dir, "tool", ".txt");
        Path err = Files.createTempFile(dir, "tool", ".err");
        var finished = Processes.run(List.of(command), dir, Map.of(), out, err, Duration.ofMinutes(2));
        assertEquals(0, finished.exit(), command[0] + " failed (scripts/test installs poppler-utils): "
                + Files.readString(err));
        return Files.readString(out, java.nio.charset.StandardCharsets.UTF_8);
    }
}
