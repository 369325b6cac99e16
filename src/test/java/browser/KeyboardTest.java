package browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * A reader with a keyboard only: Tab through the front page (every stop shows
 * where focus is), skip to the content, switch the theme, open search with
 * Ctrl+K, pick a result, and copy a listing on the page it opens.
 */
class KeyboardTest {

    @TempDir
    static Path dir;
    static Path site;

    @BeforeAll
    static void buildSampleSite() {
        site = SampleBook.build(dir.resolve("site"));
    }

    /** What the focused element is, and whether it shows that it has focus. */
    private static final String FOCUSED = """
            var el = document.activeElement;
            if (!el || el === document.body) return null;
            var s = getComputedStyle(el), r = el.getBoundingClientRect();
            var ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
            var name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
              (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
              ' "' + (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 30) + '"';
            return {name: name, ring: ring, seen: r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
              && parseFloat(s.opacity) > 0.5 && r.bottom > 0 && r.right > 0};
            """;

    @Test
    void theWholeWalkWorksFromTheKeyboard() {
        try (var browser = Chromium.start()) {
            browser.open(site.resolve("index.html").toUri());
            var driver = browser.driver();
            var keys = new Actions(driver);

            // Tab through the front page: every stop is visible and ringed.
            List<String> stops = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                keys.sendKeys(Keys.TAB).perform();
                @SuppressWarnings("unchecked")
                var focused = (java.util.Map<String, Object>) browser.script(FOCUSED);
                if (focused == null) {
                    break;
                }
                String name = (String) focused.get("name");
                if (!stops.isEmpty() && stops.get(0).equals(name)) {
                    break;
                }
                stops.add(name);
                assertEquals(Boolean.TRUE, focused.get("seen"), "Tab stop " + (i + 1) + " is on screen: " + name);
                assertEquals(Boolean.TRUE, focused.get("ring"), "Tab stop " + (i + 1) + " shows focus: " + name);
            }
            System.out.println("Tab stops on the front page: " + stops.size() + "\n  " + String.join("\n  ", stops));
            assertTrue(stops.get(0).startsWith("a.skip-link"), "the first Tab stop is the skip link: " + stops);
            for (String control : List.of("button.icon-button.theme-toggle", "input#book-search",
                    "a.book-title", "button.copy-button", "a.pager-next")) {
                assertTrue(stops.stream().anyMatch(s -> s.startsWith(control)), control + " is a Tab stop: " + stops);
            }
            Set<String> unique = new LinkedHashSet<>(stops);
            assertEquals(stops.size(), unique.size(), "no stop twice in one round: " + stops);

            // The skip link moves focus to the content.
            browser.open(site.resolve("index.html").toUri());
            keys.sendKeys(Keys.TAB).perform();
            keys.sendKeys(Keys.ENTER).perform();
            browser.waitUntil("focus on the content", () -> "book-content".equals(browser.script("return document.activeElement.id")));

            // The theme switch works with the space bar and says its state.
            WebElement theme = driver.findElement(org.openqa.selenium.By.cssSelector(".theme-toggle"));
            String before = (String) browser.script("return document.documentElement.getAttribute('data-theme')");
            browser.script("arguments[0].focus()", theme);
            keys.sendKeys(Keys.SPACE).perform();
            String after = (String) browser.script("return document.documentElement.getAttribute('data-theme')");
            assertNotEquals(before, after, "space switched the theme");
            assertEquals("dark".equals(after) ? "true" : "false", theme.getDomAttribute("aria-pressed"));

            // A bare "/" is not a shortcut (screen readers' keys reach the page); Ctrl+K is.
            browser.script("document.activeElement.blur()");
            keys.sendKeys("/").perform();
            assertNotEquals("book-search", browser.script("return document.activeElement.id"), "/ does nothing");
            keys.keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
            assertEquals("book-search", browser.script("return document.activeElement.id"), "Ctrl+K goes to search");

            // Search, arrow to the result, open it.
            keys.sendKeys(SampleBook.CHAPTER_TWO_WORD).perform();
            browser.waitUntil("search results", () -> !driver.findElements(
                    org.openqa.selenium.By.cssSelector("#book-search-results a")).isEmpty());
            keys.sendKeys(Keys.ARROW_DOWN).perform();
            assertEquals("polling.html", browser.script("return document.activeElement.getAttribute('href')"));
            keys.sendKeys(Keys.ENTER).perform();
            browser.waitUntil("the result's page", () -> driver.getCurrentUrl().endsWith("polling.html"));
            browser.waitUntil("the page's scripts", () -> !driver.findElements(
                    org.openqa.selenium.By.cssSelector(".copy-button")).isEmpty());

            // Tab to the first copy button and press Enter: it copies and says so politely.
            String copied = null;
            for (int i = 0; i < 80 && copied == null; i++) {
                keys.sendKeys(Keys.TAB).perform();
                if (Boolean.TRUE.equals(browser.script("return document.activeElement.classList.contains('copy-button')"))) {
                    keys.sendKeys(Keys.ENTER).perform();
                    browser.waitUntil("the copy to finish", () -> !"Copy".equals(browser.script("return document.activeElement.textContent")));
                    copied = (String) browser.script("return document.activeElement.textContent");
                }
            }
            assertTrue("Copied".equals(copied) || "Press Ctrl+C".equals(copied), "the copy button answered: " + copied);
            browser.waitUntil("the announcement", () -> !"".equals(browser.script(
                    "var s = document.getElementById('book-announce'); return s ? s.textContent : ''")));
            assertEquals("status", browser.script("return document.getElementById('book-announce').getAttribute('role')"));
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void aReaderWhoAsksForLessMotionGetsNone() {
        try (var browser = Chromium.start()) {
            var driver = (org.openqa.selenium.chrome.ChromeDriver) browser.driver();
            String transition = "return getComputedStyle(document.querySelector('.copy-button')).transitionDuration";
            browser.open(site.resolve("index.html").toUri());
            assertNotEquals("0s", browser.script(transition), "the copy button fades in by default");
            driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                    List.of(java.util.Map.of("name", "prefers-reduced-motion", "value", "reduce"))));
            browser.open(site.resolve("index.html").toUri());
            assertEquals("0s", browser.script(transition), "no fade with prefers-reduced-motion: reduce");
        }
    }
}
