package book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import browser.Chromium;
import builder.Block;
import builder.Book;
import builder.Catalog;
import builder.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * reads them from file:// with the network unreachable. Demos that no chapter
 * runs are started once through ./jbang and their catalog alias.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookTest {
    static final Path ROOT = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();
    static final Path SITE = ROOT.resolve("target/book-site");

    private Book book;
    private String buildOutput;

    /** Exactly the README's command, with another output folder so a reader's site/ is left alone. */
    @BeforeAll
    void buildTheBook() throws Exception {
        book = Book.collect(ROOT);
        Path out = Files.createTempFile("site", ".out");
        Path err = Files.createTempFile("site", ".err");
        try {
            Processes.Finished finished = Processes.run(List.of(ROOT.resolve("jbang").toString(), "site", "--out", SITE.toString()),
                    ROOT, Map.of(), out, err, Duration.ofMinutes(15));
            buildOutput = Files.readString(out);
            System.out.print(buildOutput);
            assertEquals(0, finished.exit(), "./jbang site failed:\n" + Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void everyPageOfTheNavIsBuiltAndEveryBlockRan() {
        for (var page : book.pages()) {
            assertTrue(Files.isRegularFile(SITE.resolve(page.href())), page.href());
        }
        Matcher summary = Pattern.compile("(\\d+) block\\(s\\) run, (\\d+) cached, 0 failed|all (\\d+) blocks cached")
                .matcher(buildOutput);
        assertTrue(summary.find(), buildOutput);
        int blocks = summary.group(3) != null ? Integer.parseInt(summary.group(3))
                : Integer.parseInt(summary.group(1)) + Integer.parseInt(summary.group(2));
        assertTrue(blocks >= book.blocks().size() - duplicates(), "every block ran or was cached: " + buildOutput);
    }

    /** Blocks with the same script and arguments run once. */
    private int duplicates() {
        return book.blocks().size() - (int) book.blocks().stream().map(b -> b.script() + " " + b.args()).distinct().count();
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

    /** Demos that no block runs still have to work: each runs once, through its alias. */
    @TestFactory
    List<DynamicTest> demosNoChapterRunsWorkThroughTheirAlias() throws Exception {
        Catalog catalog = Catalog.read(ROOT);
        Set<Path> runByBlocks = book.blocks().stream().map(Block::script).collect(Collectors.toSet());
        return catalog.scripts().entrySet().stream()
                .filter(e -> e.getValue().startsWith(ROOT.resolve("notebooks")) && !runByBlocks.contains(e.getValue()))
                .map(e -> DynamicTest.dynamicTest("./jbang " + e.getKey(), () -> runAlias(e.getKey())))
                .toList();
    }

    private static void runAlias(String alias) throws Exception {
        Path out = Files.createTempFile("alias", ".out");
        Path err = Files.createTempFile("alias", ".err");
        try {
            Processes.Finished finished = Processes.run(List.of(ROOT.resolve("jbang").toString(), alias), ROOT, Map.of(),
                    out, err, Duration.ofSeconds(120));
            assertFalse(finished.timedOut(), alias + " ran past 120 s");
            assertEquals(0, finished.exit(), Files.readString(err));
            assertFalse(Files.readString(out).isBlank(), alias + " printed nothing");
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
