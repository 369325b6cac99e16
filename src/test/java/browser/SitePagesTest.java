package browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import builder.NavEntry;
import builder.PageModel;
import builder.PageTemplate;

/**
 * The sample book opened from {@code file://} in headless Chromium, the way a
 * reader opens a site they built: navigation, themes, copy buttons, search,
 * the phone layout, and nothing asked of the network.
 */
class SitePagesTest {

    @TempDir
    static Path dir;
    static Path site;

    @BeforeAll
    static void buildSampleSite() {
        site = SampleBook.build(dir.resolve("site"));
    }

    private static java.net.URI page(String file) {
        return site.resolve(file).toUri();
    }

    @Test
    void navigationMarksTheCurrentPageAndLinksItsNeighbours() {
        try (var browser = Chromium.start()) {
            browser.open(page("state.html"));
            var driver = browser.driver();
            List<WebElement> links = driver.findElements(By.cssSelector("#book-sidebar a"));
            assertEquals(List.of("index.html", "state.html", "polling.html"),
                    links.stream().map(a -> a.getDomAttribute("href")).toList());
            WebElement current = driver.findElement(By.cssSelector("#book-sidebar a[aria-current='page']"));
            assertEquals("state.html", current.getDomAttribute("href"));
            assertEquals("1. State", current.getText().replaceAll("\\s+", " "));
            assertEquals("index.html", driver.findElement(By.cssSelector(".pager a[rel='prev']")).getDomAttribute("href"));
            assertEquals("polling.html", driver.findElement(By.cssSelector(".pager a[rel='next']")).getDomAttribute("href"));
            WebElement toc = driver.findElement(By.cssSelector("nav.toc"));
            assertTrue(toc.getText().contains("A counter over HTTP"), toc.getText());
            String target = toc.findElement(By.cssSelector("a")).getDomAttribute("href");
            assertFalse(driver.findElements(By.id(target.substring(1))).isEmpty(), "TOC link " + target + " has a target");
            assertEquals("State · Switching Protocols", driver.getTitle());
        }
    }

    /** What the builder's block and figure macros rendered: source, command, output, exit status, files, figures. */
    @Test
    void aBlockShowsItsTaggedSourceItsCommandItsOutputAndItsFiles() {
        try (var browser = Chromium.start()) {
            browser.open(page("state.html"));
            var driver = browser.driver();
            WebElement counter = driver.findElement(By.id("run-state-1"));
            assertEquals("StatefulCounter.java", counter.findElement(By.cssSelector(".jbang-source .title")).getText());
            String source = counter.findElement(By.cssSelector(".jbang-source code")).getText();
            assertTrue(source.contains("private int count;") && !source.contains("//DESCRIPTION"), "no JBang header: " + source);
            assertTrue(counter.findElement(By.cssSelector(".jbang-command")).getText().contains("$ ./jbang stateful-counter 3"));
            assertTrue(counter.findElement(By.cssSelector(".jbang-stdout")).getText().contains("count=3"));
            assertTrue(counter.findElement(By.cssSelector(".jbang-stderr")).getText().contains("no TLS configured"));
            assertEquals(1, counter.findElements(By.cssSelector("figure.jbang-file svg")).size(), "the run's SVG, inlined");

            WebElement tooBig = driver.findElement(By.id("run-state-2"));
            assertEquals("exit 1", tooBig.findElement(By.cssSelector(".jbang-exit")).getText());
            String tagged = tooBig.findElement(By.cssSelector(".jbang-source code")).getText();
            assertTrue(tagged.startsWith("session.setMaxTextMessageBufferSize(16);"), "only the tagged region: " + tagged);
            assertFalse(tagged.contains("tag::") || tagged.contains("class TooBig"), tagged);

            assertTrue(driver.findElement(By.cssSelector(".page-body")).getText()
                    .contains("The server keeps 312 bytes per open connection."), "the figure macro's value");
        }
    }

    @Test
    void everyPageLoadsWithoutErrorsAndAsksNothingOfTheNetwork() {
        try (var browser = Chromium.start()) {
            for (String file : List.of("index.html", "state.html", "polling.html")) {
                browser.open(page(file));
                assertEquals(Boolean.TRUE, browser.script("return typeof window.lunr === 'function'"), "lunr loaded on " + file);
                assertEquals(3L, browser.script("return window.BOOK_SEARCH.length"), "search index loaded on " + file);
                assertTrue(browser.driver().findElements(By.cssSelector(".jbang-output")).size()
                        + browser.driver().findElements(By.cssSelector("pre")).size() > 0, file);
            }
            assertEquals(List.of(), browser.consoleErrors());
            List<String> outside = browser.requests().stream().filter(u -> !u.startsWith("file:")).toList();
            assertEquals(List.of(), outside, "requests other than file://");
            assertTrue(browser.requests().stream().anyMatch(u -> u.endsWith("/assets/book.css")), browser.requests().toString());
        }
    }

    @Test
    void searchIndexKeepsMarkupAndLineSeparatorsAsText() {
        try (var browser = Chromium.start()) {
            browser.open(page("polling.html"));
            assertNull(browser.script("return window.PWNED === undefined ? null : window.PWNED"), "the index ran markup");
            String text = (String) browser.script("return window.BOOK_SEARCH[2].text");
            assertTrue(text.contains("</script><script>window.PWNED = 1</script>"), text);
            assertTrue(text.contains("\u2028") && text.contains("\u2029"), "U+2028/U+2029 kept");
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void titlesAreEscaped() throws Exception {
        var nav = List.of(new NavEntry("index", "Book & <b>friends</b>", "index.html"),
                new NavEntry("odd", "<img src=x onerror=alert(1)> \"quoted\"", "odd.html"));
        Path file = site.resolve("odd.html");
        Files.writeString(file, PageTemplate.render(new PageModel("odd", nav.get(1).title(),
                "<div class=\"paragraph\"><p>Body.</p></div>", "", nav, 1)));
        try {
            try (var browser = Chromium.start()) {
                browser.open(file.toUri());
                assertEquals(nav.get(1).title(), browser.driver().findElement(By.cssSelector(".page-header h1")).getText());
                assertEquals(nav.get(0).title(), browser.driver().findElement(By.cssSelector(".book-title")).getText());
                assertTrue(browser.driver().findElements(By.cssSelector("img, b")).isEmpty(), "markup in titles became elements");
                assertEquals(List.of(), browser.consoleErrors());
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void themeToggleSwitchesAndIsRememberedOnTheNextPage() {
        try (var browser = Chromium.start()) {
            browser.open(page("index.html"));
            var driver = browser.driver();
            String light = background(browser);
            assertEquals("light", browser.script("return getComputedStyle(document.documentElement).colorScheme"));
            driver.findElement(By.cssSelector(".theme-toggle")).click();
            assertEquals("dark", driver.findElement(By.tagName("html")).getDomAttribute("data-theme"));
            assertEquals("true", driver.findElement(By.cssSelector(".theme-toggle")).getDomAttribute("aria-pressed"));
            String dark = background(browser);
            assertNotEquals(light, dark);

            driver.findElement(By.cssSelector(".pager a[rel='next']")).click();
            browser.waitUntil("the next page", () -> driver.getCurrentUrl().endsWith("state.html"));
            assertEquals("dark", driver.findElement(By.tagName("html")).getDomAttribute("data-theme"));
            assertEquals(dark, background(browser));

            driver.findElement(By.cssSelector(".theme-toggle")).click();
            browser.open(page("polling.html"));
            assertEquals("light", driver.findElement(By.tagName("html")).getDomAttribute("data-theme"));
            assertEquals(light, background(browser));
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void aSystemDarkPreferenceIsFollowedUntilTheReaderChooses() {
        try (var browser = Chromium.start()) {
            ((ChromeDriver) browser.driver()).executeCdpCommand("Emulation.setEmulatedMedia", Map.of(
                    "features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            browser.open(page("index.html"));
            assertEquals("dark", browser.driver().findElement(By.tagName("html")).getDomAttribute("data-theme"));
            assertEquals("dark", browser.script("return getComputedStyle(document.documentElement).colorScheme"));
            assertNull(browser.script("return localStorage.getItem('book-theme')"), "following the system saves nothing");
            assertEquals("true", browser.driver().findElement(By.cssSelector(".theme-toggle")).getDomAttribute("aria-pressed"));
            browser.driver().findElement(By.cssSelector(".theme-toggle")).click();
            assertEquals("light", browser.script("return getComputedStyle(document.documentElement).colorScheme"));
        }
    }

    @Test
    void everyCodeBlockHasACopyButtonThatCopiesWhatAReaderTypes() {
        try (var browser = Chromium.start()) {
            browser.open(page("state.html"));
            var driver = browser.driver();
            long pres = (Long) browser.script("return document.querySelectorAll('.page-body pre').length");
            long buttons = (Long) browser.script(
                    "return document.querySelectorAll('.page-body button.copy-button').length");
            assertTrue(pres >= 6, "sample has code, commands and outputs: " + pres);
            assertEquals(pres, buttons, "one copy button per <pre>");

            browser.script("""
                    window.copied = [];
                    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: {
                      writeText: function (t) { window.copied.push(t); return Promise.resolve(); } } });""");
            WebElement command = driver.findElement(By.cssSelector("#run-state-1 .jbang-command"));
            new org.openqa.selenium.interactions.Actions(driver).moveToElement(command).perform();
            command.findElement(By.cssSelector(".copy-button")).click();
            browser.waitUntil("the copy", () -> ((List<?>) browser.script("return window.copied")).size() == 1);
            assertEquals("./jbang stateful-counter 3", browser.script("return window.copied[0]"));
            assertEquals("Copied", command.findElement(By.cssSelector(".copy-button")).getText());

            WebElement listing = driver.findElement(By.cssSelector(".sect2 .listingblock, .sect1 .listingblock:not(.jbang-source)"));
            browser.script("arguments[0].click()", listing.findElement(By.cssSelector(".copy-button")));
            browser.waitUntil("the second copy", () -> ((List<?>) browser.script("return window.copied")).size() == 2);
            String code = (String) browser.script("return window.copied[1]");
            assertTrue(code.startsWith("HttpClient client = HttpClient.newHttpClient();"), code);
            assertFalse(code.contains("(1)") || code.contains("(2)"), "callout markers are not copied: " + code);
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void searchFindsAWordOfChapterTwoAndTheKeyboardReachesIt() {
        try (var browser = Chromium.start()) {
            browser.open(page("index.html"));
            var driver = browser.driver();
            new org.openqa.selenium.interactions.Actions(driver).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
            WebElement input = driver.findElement(By.id("book-search"));
            assertEquals(input, driver.switchTo().activeElement(), "Ctrl+K focuses the search box");
            input.sendKeys(SampleBook.CHAPTER_TWO_WORD);
            browser.waitUntil("search results",
                    () -> !driver.findElements(By.cssSelector("#book-search-results a")).isEmpty());
            List<WebElement> results = driver.findElements(By.cssSelector("#book-search-results a"));
            assertEquals("polling.html", results.get(0).getDomAttribute("href"));
            assertTrue(results.stream().noneMatch(a -> a.getDomAttribute("href").equals("state.html")), "only chapter two");
            assertTrue(driver.findElement(By.cssSelector("#book-search-results mark")).getText()
                    .toLowerCase().contains(SampleBook.CHAPTER_TWO_WORD));
            assertTrue(driver.findElement(By.id("book-search-status")).getText().startsWith("1 result"));

            input.sendKeys(Keys.ARROW_DOWN);
            assertEquals(results.get(0), driver.switchTo().activeElement(), "arrow down reaches the first result");
            driver.switchTo().activeElement().sendKeys(Keys.ENTER);
            browser.waitUntil("the result's page", () -> driver.getCurrentUrl().endsWith("polling.html"));

            input = driver.findElement(By.id("book-search"));
            input.sendKeys("nosuchwordanywhere");
            browser.waitUntil("no results", () -> driver.findElement(By.id("book-search-status")).getText().startsWith("No results"));
            input.sendKeys(Keys.ESCAPE);
            assertFalse(driver.findElement(By.cssSelector(".search-panel")).isDisplayed());
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void onAPhoneTheChaptersHideBehindAButton() {
        try (var browser = Chromium.start(390, 844)) {
            browser.open(page("state.html"));
            var driver = browser.driver();
            WebElement sidebar = driver.findElement(By.id("book-sidebar"));
            WebElement button = driver.findElement(By.cssSelector(".nav-toggle"));
            assertFalse(sidebar.isDisplayed(), "sidebar hidden");
            assertTrue(button.isDisplayed(), "menu button shown");
            assertEquals("false", button.getDomAttribute("aria-expanded"));
            assertEquals(Boolean.TRUE, browser.script(
                    "return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling");

            button.click();
            browser.waitUntil("the chapter list to open", sidebar::isDisplayed);
            assertEquals("true", button.getDomAttribute("aria-expanded"));
            assertEquals("state.html", driver.switchTo().activeElement().getDomAttribute("href"), "focus moves into the list");
            driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            browser.waitUntil("the chapter list to close", () -> !sidebar.isDisplayed());
            assertEquals(button, driver.switchTo().activeElement(), "focus returns to the button");
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void printingShowsThePageAloneWithCodeWrapped() {
        try (var browser = Chromium.start()) {
            browser.open(page("state.html"));
            browser.driver().findElement(By.cssSelector(".theme-toggle")).click();
            ((ChromeDriver) browser.driver()).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
            for (String css : List.of(".topbar", "#book-sidebar", ".pager", ".copy-button", ".skip-link")) {
                assertFalse(browser.driver().findElement(By.cssSelector(css)).isDisplayed(), css + " is printed");
            }
            assertEquals("pre-wrap", browser.script("return getComputedStyle(document.querySelector('.listingblock pre')).whiteSpace"));
            assertEquals("rgb(255, 255, 255)", background(browser), "printed light even in the dark theme");
            browser.screenshot(SampleBook.bookRoot().resolve("target/screenshots/print-state.png"));
        }
    }

    private static String background(Chromium browser) {
        return (String) browser.script("return getComputedStyle(document.body).backgroundColor");
    }
}
