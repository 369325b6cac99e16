package browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pictures of the sample book in target/screenshots/, for a person to look
 * at: a desktop in the light and the dark theme, and a phone. The sample site
 * itself stays in target/sample-site/.
 */
class SiteScreenshotsTest {

    static final Path SHOTS = SampleBook.bookRoot().resolve("target/screenshots");
    /** Kept after the run, so the sample can be opened in a browser too. */
    static final Path SITE = SampleBook.bookRoot().resolve("target/sample-site");
    static Path site;

    @BeforeAll
    static void buildSampleSite() {
        site = SampleBook.build(SITE);
    }

    @Test
    void desktopLightAndDark() {
        try (var browser = Chromium.start(1440, 1000)) {
            browser.open(site.resolve("index.html").toUri());
            shoot(browser, "desktop-light-index.png");
            browser.open(site.resolve("state.html").toUri());
            scrollTo(browser, "#run-state-1");
            shoot(browser, "desktop-light-state.png");
            browser.script("document.querySelector('.theme-toggle').click()");
            shoot(browser, "desktop-dark-state.png");
            scrollTo(browser, "#run-state-2");
            shoot(browser, "desktop-dark-failure.png");
            browser.open(site.resolve("index.html").toUri());
            shoot(browser, "desktop-dark-index.png");
            browser.driver().findElement(org.openqa.selenium.By.id("book-search")).sendKeys("connection");
            browser.waitUntil("results", () -> !browser.driver()
                    .findElements(org.openqa.selenium.By.cssSelector("#book-search-results a")).isEmpty());
            shoot(browser, "desktop-dark-search.png");
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void wideAndNarrowDesktops() {
        try (var browser = Chromium.start(1920, 1080)) {
            browser.open(site.resolve("state.html").toUri());
            shoot(browser, "wide-light-state.png");
            browser.resize(1024, 800);
            browser.open(site.resolve("index.html").toUri());
            scrollTo(browser, "#run-index-1");
            shoot(browser, "laptop-light-index.png");
        }
    }

    @Test
    void phone() {
        try (var browser = Chromium.start(390, 844)) {
            browser.open(site.resolve("state.html").toUri());
            shoot(browser, "phone-light-state.png");
            scrollTo(browser, "#run-state-1");
            shoot(browser, "phone-light-block.png");
            browser.script("document.querySelector('.nav-toggle').click()");
            browser.waitUntil("the menu to slide in", () -> "none".equals(browser.script(
                    "return getComputedStyle(document.getElementById('book-sidebar')).transform")));
            shoot(browser, "phone-light-menu.png");
            browser.script("document.querySelector('.nav-toggle').click(); document.querySelector('.theme-toggle').click()");
            browser.open(site.resolve("index.html").toUri());
            scrollTo(browser, ".tableblock");
            shoot(browser, "phone-dark-index.png");
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    private static void scrollTo(Chromium browser, String css) {
        browser.script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", css);
    }

    private static void shoot(Chromium browser, String name) {
        Path file = browser.screenshot(SHOTS.resolve(name));
        assertTrue(Files.exists(file));
    }
}
