package book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import browser.Chromium;
import builder.Book;
import builder.Catalog;
import builder.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The real book, built as a reader builds it: every block of every chapter
 * runs (a smoke test of every demo), the pages render, and headless Chromium
 * reads them from file:// with the network unreachable. Every demo is also
 * started once through ./jbang and its catalog alias, as a reader starts it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookTest {
    static final Path ROOT = BuiltBook.ROOT;
    static final Path SITE = BuiltBook.SITE;

    private Book book;
    private String buildOutput;

    /** The one build of the real book this test run shares (see {@link BuiltBook}). */
    @BeforeAll
    void buildTheBook() throws Exception {
        book = Book.collect(ROOT);
        buildOutput = BuiltBook.build();
    }

    @Test
    void everyPageOfTheNavIsBuiltAndEveryBlockRan() {
        for (var page : book.pages()) {
            assertTrue(Files.isRegularFile(SITE.resolve(page.href())), page.href());
        }
        Matcher summary = Pattern.compile("(\\d+) block\\(s\\) run, (\\d+) cached").matcher(buildOutput);
        assertTrue(summary.find(), buildOutput);
        assertEquals(distinctRuns(), Integer.parseInt(summary.group(1)), "every distinct run ran: " + buildOutput);
        assertEquals(0, Integer.parseInt(summary.group(2)), "nothing came from a cache: " + buildOutput);
    }

    /** Blocks with the same script, arguments, timeout and exclusivity are one run. */
    private int distinctRuns() {
        return (int) book.blocks().stream().map(b -> b.script() + " " + b.args() + " " + b.timeout() + " " + b.exclusive())
                .distinct().count();
    }

    @Test
    void pagesOpenFromFileWithNavOutputAndNoErrorOrRequestElsewhere() {
        try (Chromium browser = Chromium.start()) {
            for (var page : book.pages()) {
                browser.open(SITE.resolve(page.href()).toUri());
                List<WebElement> nav = browser.driver().findElements(By.cssSelector("nav a[href='index.html']"));
                assertFalse(nav.isEmpty(), page.href() + " has the nav");
                List<String> offsite = browser.requests().stream().filter(url -> !url.startsWith("file:")).toList();
                assertEquals(List.of(), offsite, page.href() + " asks for nothing outside the site");
                assertEquals(List.of(), browser.consoleErrors(), page.href() + " logs no error");
            }
            browser.open(SITE.resolve("index.html").toUri());
            WebElement output = browser.driver().findElement(By.cssSelector(".jbang-block[data-alias='hello'] .jbang-stdout"));
            assertTrue(output.getText().contains("received: Hello, WebSocket"), output.getText());
        }
    }

    /**
     * Every demo works the way a reader types it: each alias runs once through ./jbang, with the
     * arguments of the first block that shows it (the chapter's own small parameters), or none;
     * those a demos test already runs so are left to it.
     */
    @TestFactory
    List<DynamicTest> everyDemoWorksThroughItsAlias() throws Exception {
        Catalog catalog = Catalog.read(ROOT);
        Map<Path, List<String>> firstArgs = new java.util.HashMap<>();
        book.blocks().forEach(b -> firstArgs.putIfAbsent(b.script(), b.args()));
        String demoTests = demoTestSources();
        return catalog.scripts().entrySet().stream()
                .filter(e -> e.getValue().startsWith(ROOT.resolve("notebooks")))
                .filter(e -> !runByADemoTest(demoTests, e.getKey()))
                .map(e -> {
                    List<String> args = firstArgs.getOrDefault(e.getValue(), List.of());
                    return DynamicTest.dynamicTest(("./jbang " + e.getKey() + " " + String.join(" ", args)).strip(),
                            () -> runAlias(e.getKey(), args));
                })
                .toList();
    }

    /**
     * The tests of the {@code demos} package run their aliases through ./jbang themselves and
     * assert on what they print; an alias one of them names as a string ({@code "chat"}, or a
     * table line starting {@code "chat "}) is not run a second time here.
     */
    static boolean runByADemoTest(String demoTests, String alias) {
        return Pattern.compile("\"" + Pattern.quote(alias) + "[\" ]").matcher(demoTests).find();
    }

    private static String demoTestSources() throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(ROOT.resolve("src/test/java/demos"))) {
            for (Path f : files.sorted().toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }

    private static void runAlias(String alias, List<String> args) throws Exception {
        Path out = Files.createTempFile("alias", ".out");
        Path err = Files.createTempFile("alias", ".err");
        try {
            List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("jbang").toString(), alias));
            command.addAll(args);
            Processes.Finished finished = Processes.run(command, ROOT, Map.of(), out, err, Duration.ofSeconds(120));
            assertFalse(finished.timedOut(), alias + " ran past 120 s");
            assertEquals(0, finished.exit(), Files.readString(err));
            assertFalse(Files.readString(out).isBlank(), alias + " printed nothing");
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
