package serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import browser.Chromium;
import browser.ReplayTest;
import builder.Block;
import builder.Book;
import builder.FixtureBook;
import com.google.gson.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The replay player, live in {@code ./jbang serve}: a Run of a block whose script goes through
 * the kit's wire tap streams the run's timeline into the block's player as it happens. Real
 * server, the real script run by JBang (a Tyrus echo server, the JDK client, the tap), Chromium.
 */
class LiveReplayTest {
    /** Eight echoes, 400 ms apart: the run takes seconds, so the page sees it grow. */
    private static final String ECHOES = """
            try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
                 WireTap tap = WireTap.in(server).start()) {
                try (var client = WebSocketClient.connect(tap.wsUri("/echo"))) {
                    for (int i = 1; i <= 8; i++) {
                        client.send("message " + i);
                        System.out.println("echoed: " + client.receive());
                        Thread.sleep(400);
                    }
                }
                tap.awaitClosed(Duration.ofSeconds(10));
                System.out.println("the tap saw " + tap.timeline().size() + " events");
            }
            """;
    /** Output lines of a run: eight echoes and the count. */
    private static final int LINES = 9;

    @TempDir
    static Path dir;
    private static FixtureBook book;
    private static Serving serving;
    private static Chromium browser;

    @BeforeAll
    static void serve() throws Exception {
        book = FixtureBook.create(dir);
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("book.root", ".")).resolve("notebooks/_kit"))) {
            for (Path file : files.toList()) {
                book.write("notebooks/_kit/" + file.getFileName(), Files.readString(file));
            }
        }
        book.script("wire", "Echoes.java", FixtureBook.java("Echoes", ECHOES)
                .replace("//JAVA 17+\n", "//JAVA 17+\n//SOURCES ../_kit/*.java\n")
                .replace("import java.nio.file.*;", "import java.nio.file.*;\nimport java.time.Duration;\nimport kit.*;"), "echoes");
        book.chapter("wire", "= Wire\n\njbang::Echoes.java[]\n");
        serving = Serving.start(book.options(), 0, new Runs.Limits(2, Duration.ofSeconds(60), 64 * 1024), System.out);
        browser = Chromium.start(1280, 1000);
        browser.open(serving.url()); // the token becomes a cookie
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (serving != null) {
            serving.close();
        }
    }

    @Test
    void theRunsTimelineReachesTheSinkAsItIsWrittenAndAllOfItBeforeTheEnd() throws Exception {
        Block block = Book.collect(book.root()).blocks().get(0);
        List<JsonObject> events = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicInteger linesBeforeFirstFrame = new AtomicInteger(-1);
        CountDownLatch ended = new CountDownLatch(1);
        try (Runs runs = new Runs(book.root(), book.root().resolve(".book-cache"), Runs.Limits.defaults())) {
            runs.start(block, new Runs.Sink() {
                @Override
                public void started() {
                }

                @Override
                public void line(String stream, String text) {
                    lines.add(text);
                }

                @Override
                public void timeline(JsonObject event) {
                    if (event.get("k").getAsString().equals("FRAME")) {
                        linesBeforeFirstFrame.compareAndSet(-1, lines.size());
                    }
                    events.add(event);
                }

                @Override
                public void ended(int exit, long millis, String endedBy) {
                    ended.countDown();
                }
            });
            assertTrue(ended.await(60, TimeUnit.SECONDS), "the run ends");
        }
        long taps = events.stream().filter(e -> e.has("tap")).count();
        assertEquals("the tap saw " + taps + " events", lines.get(lines.size() - 1), "every event the tap saw came, before the end");
        assertTrue(events.stream().anyMatch(e -> e.get("k").getAsString().equals("FRAME") && e.get("d").getAsString().equals("up")));
        assertTrue(linesBeforeFirstFrame.get() >= 0 && linesBeforeFirstFrame.get() < LINES - 1,
                "frames came while the run was printing, not at its end: " + linesBeforeFirstFrame.get() + " lines before the first");
    }

    @Test
    void aRunStreamsItsTimelineIntoTheBlocksPlayer() throws Exception {
        browser.open(URI.create("http://127.0.0.1:" + serving.port() + "/wire.html"));
        assertEquals(1L, ((Number) browser.script("return document.querySelectorAll('#run-wire-1 section.replay').length")).longValue(),
                "the built page has the player of the built run");
        browser.script("""
                window.seen = [];
                new MutationObserver(function (changes) {
                  changes.forEach(function (c) {
                    if (c.target.matches('section.replay')) window.seen.push([+c.target.getAttribute('data-events'), c.target.getAttribute('data-live')]);
                  });
                }).observe(document.querySelector('#run-wire-1'), { subtree: true, attributes: true, attributeFilter: ['data-events'] });""");
        browser.driver().findElement(By.cssSelector("#run-wire-1 .serve-run")).click();

        String echo = "#run-wire-1 section.replay[data-live=running] g.replay-arrow.kind-frame.down";
        browser.waitUntil("a live client frame and its echo", () -> inPage("return !!document.querySelector('" + echo + "')"));
        assertTrue(inPage("var s = document.querySelector('#run-wire-1 section.replay');"
                + " return +s.getAttribute('data-index') === +s.getAttribute('data-events') - 1"), "the live player follows the newest event");
        assertEquals(1L, ((Number) browser.script("return document.querySelectorAll('#run-wire-1 section.replay').length")).longValue(),
                "the live player took the built one's place");

        WebElement section = browser.driver().findElement(By.cssSelector("#run-wire-1 section.replay"));
        // the reader steps back to the first client frame (the diagram is drawn anew as events come: one script, no stale element)
        browser.script("document.querySelector('#run-wire-1 g.replay-arrow.kind-frame.up text').dispatchEvent(new MouseEvent('click', { bubbles: true }))");
        Map<String, String> fields = fields();
        assertEquals("0x1 (text)", fields.get("opcode"));
        assertEquals("1", fields.get("mask").substring(0, 1));
        assertEquals("9 (7-bit form)", fields.get("length7"));
        assertTrue(fields.get("key").matches("\\p{XDigit}{2}( \\p{XDigit}{2}){3}"), fields.get("key"));
        assertEquals("\"message 1\"", fields.get("payload"));

        browser.waitUntil("the run to end", () -> inPage(
                "return document.querySelector('#run-wire-1 .jbang-output').getAttribute('data-live') === 'ended'"));
        assertEquals("ended", section.getAttribute("data-live"));
        String printed = (String) browser.script("return document.querySelector('#run-wire-1 pre.serve-live').textContent");
        long taps = number(printed, "the tap saw (\\d+) events");
        int arrows = browser.driver().findElements(By.cssSelector("#run-wire-1 section.replay g.replay-arrow")).size();
        assertEquals(taps, arrows, "the diagram holds every event the tap saw");
        int count = Integer.parseInt(section.getAttribute("data-events"));
        assertEquals(taps + LINES, count, "the player holds the whole timeline: the tap's events and the output lines");
        assertEquals("\"message 1\"", fields().get("payload"), "the reader's event stayed selected as more came");
        assertNotEquals(String.valueOf(count - 1), section.getAttribute("data-index"));

        List<?> seen = (List<?>) browser.script("return window.seen");
        long whileRunning = seen.stream().map(s -> (List<?>) s)
                .filter(s -> "running".equals(s.get(1)) && ((Number) s.get(0)).intValue() < count).count();
        assertTrue(whileRunning >= 3, "the count grew while the run went: " + seen);
        int last = 0;
        for (Object s : seen) {
            int n = ((Number) ((List<?>) s).get(0)).intValue();
            assertTrue(n >= last, "the count only grows: " + seen);
            last = n;
        }
        assertEquals(count, last);

        new org.openqa.selenium.support.ui.Select(section.findElement(By.cssSelector(".replay-speed"))).selectByValue("4");
        section.findElement(By.cssSelector(".replay-play")).click(); // plays the new timeline from where the reader is
        browser.waitUntil("the live timeline to play to its end", () -> "true".equals(section.getAttribute("data-ended")));
        assertEquals(String.valueOf(count - 1), section.getAttribute("data-index"));
        browser.script("document.querySelector('#run-wire-1 section.replay').scrollIntoView({block: 'start'})");
        browser.screenshot(Path.of(System.getProperty("book.root", ".")).resolve("target/screenshots/serve-live-replay.png"));
        assertEquals(List.of(), browser.consoleErrors());
        assertEquals(List.of(), ReplayTest.axe(browser, "#run-wire-1 section.replay"), "axe, the live player");
    }

    /** The inspector's fields, read in one script (the inspector is drawn anew as events come). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> fields() {
        return (Map<String, String>) browser.script("""
                var fields = {};
                document.querySelectorAll('#run-wire-1 section.replay .replay-fields tr[data-field]').forEach(function (row) {
                  fields[row.getAttribute('data-field')] = row.querySelector('.replay-value').textContent;
                });
                return fields;""");
    }

    private static boolean inPage(String js) {
        try {
            return Boolean.TRUE.equals(browser.script(js));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in: " + text);
        return Long.parseLong(m.group(1));
    }
}
