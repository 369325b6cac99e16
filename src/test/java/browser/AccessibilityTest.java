package browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import builder.Processes;

/**
 * axe-core on every page of the real book, as {@code ./jbang site} builds it,
 * opened from {@code file://} in light and in dark: once as loaded, and once
 * after the page's scripts have done their work (search open with results,
 * a listing copied). The book is the suite's one build of it ({@link book.BuiltBook}).
 * Any violation of any impact fails, naming the page, the
 * theme, the rule and the element.
 */
class AccessibilityTest {

    static final Path BOOK = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();

    @TempDir
    static Path logs;
    static Path site;

    @BeforeAll
    static void buildTheBook() throws Exception {
        site = book.BuiltBook.site();
    }

    static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.list(site)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".html")).sorted().toList();
        }
    }

    @Test
    void everyPageInBothThemesHasNoViolationsBeforeOrAfterItsScriptsRun() throws IOException {
        List<Path> pages = pages();
        assertTrue(pages.size() >= 2, "pages in " + site + ": " + pages);
        var problems = new ArrayList<String>();
        long start = System.nanoTime();
        try (var browser = Chromium.start()) {
            for (String theme : List.of("light", "dark")) {
                for (Path page : pages) {
                    boolean print = page.getFileName().toString().equals("print.html");
                    if (print && theme.equals("dark")) {
                        continue; // the print edition has one look, print's
                    }
                    browser.open(page.toUri());
                    browser.script("document.documentElement.setAttribute('data-theme', arguments[0])", theme);
                    String where = page.getFileName() + " [" + theme + "]";
                    long t = System.nanoTime();
                    List<String> found = new ArrayList<>();
                    if (print) {
                        found.addAll(printEdition(browser, where));
                    } else {
                        found.addAll(Axe.violations(browser, where));
                        if (interact(browser)) {
                            // only what the scripts changed: the search box and its results, the copy buttons
                            found.addAll(Axe.violations(browser, where + " after search and copy", Map.of(),
                                    ".search", ".copy-button"));
                        }
                    }
                    System.out.printf(java.util.Locale.ROOT, "axe %s: %.1f s, %d violation(s)%n", where, (System.nanoTime() - t) / 1e9, found.size());
                    found.forEach(line -> System.out.println("  " + line));
                    problems.addAll(found);
                }
            }
            assertEquals(List.of(), browser.consoleErrors());
        }
        System.out.printf(java.util.Locale.ROOT, "axe: %d page(s) x 2 themes in %.1f s, %d violation(s)%n",
                pages.size(), (System.nanoTime() - start) / 1e9, problems.size());
        assertEquals("", String.join("\n", problems), problems.size() + " axe violation(s)");
    }

    /** axe runs without the stylesheets' text (see {@link Axe}), so the one rule that needs it is checked here. */
    @Test
    void noStylesheetLocksTheOrientation() throws IOException {
        try (Stream<Path> files = Files.list(site.resolve("assets"))) {
            for (Path css : files.filter(f -> f.toString().endsWith(".css")).toList()) {
                assertTrue(!Files.readString(css).contains("orientation"),
                        css.getFileName() + " has an orientation media query: WCAG 1.3.4 says a page must work both ways");
            }
        }
    }

    /**
     * The print edition holds the whole book, so axe takes minutes over all of it. Every rule
     * runs on the whole page but colour contrast, which axe checks element by element: the
     * chapters' text was checked on their own pages, and here it is black and near-black on
     * white (print.css), so contrast is checked where this page differs, its contents and titles.
     */
    private static List<String> printEdition(Chromium browser, String where) {
        var found = new ArrayList<String>(Axe.violations(browser, where, Map.of("rules",
                Map.of("color-contrast", Map.of("enabled", false))), "html"));
        found.addAll(Axe.violations(browser, where + " contents and titles",
                Map.of("runOnly", Map.of("type", "rule", "values", List.of("color-contrast"))),
                ".print-contents", ".print-chapter-title"));
        return found;
    }

    /** Opens search with results and presses a copy button, where the page has them; true if it did anything. */
    private static boolean interact(Chromium browser) {
        var driver = browser.driver();
        boolean did = false;
        List<WebElement> copy = driver.findElements(By.cssSelector(".copy-button"));
        if (!copy.isEmpty()) {
            WebElement button = copy.get(0);
            browser.script("arguments[0].scrollIntoView({block: 'center'})", button);
            button.click();
            browser.waitUntil("the copy button to answer", () -> !"Copy".equals(button.getText()));
            did = true;
        }
        List<WebElement> search = driver.findElements(By.id("book-search"));
        if (!search.isEmpty()) {
            search.get(0).sendKeys("websocket");
            browser.waitUntil("search results", () ->
                    !driver.findElements(By.cssSelector("#book-search-results a")).isEmpty());
            did = true;
        }
        return did;
    }
}
