package browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pictures of the sample book in target/screenshots/, for a person to look
 * at: a desktop in the light and the dark theme, and a phone. Each must be a
 * picture of a page (as wide as the window, not blank), and the dark theme's
 * must be darker than the light one's. The sample site itself stays in
 * target/sample-site/.
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
            BufferedImage light = shoot(browser, "desktop-light-state.png");
            browser.script("document.querySelector('.theme-toggle').click()");
            BufferedImage dark = shoot(browser, "desktop-dark-state.png");
            assertTrue(meanLuma(dark) < meanLuma(light) - 60, "the dark picture is dark: mean luma "
                    + meanLuma(dark) + " against " + meanLuma(light));
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

    /**
     * Takes a picture and checks it is one: a PNG as wide as the window, with a page drawn on it
     * (at least 2 % of its pixels differ from the colour of its top-left corner).
     */
    private static BufferedImage shoot(Chromium browser, String name) {
        Path file = browser.screenshot(SHOTS.resolve(name));
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertNotNull(image, name + " is not an image");
        long width = (Long) browser.script("return Math.round(window.innerWidth * window.devicePixelRatio)");
        assertEquals(width, image.getWidth(), name + ": as wide as the window");
        int corner = image.getRGB(0, 0), differing = 0, total = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                total++;
                if (image.getRGB(x, y) != corner) differing++;
            }
        }
        assertTrue(differing * 50 >= total, name + " is blank: " + differing + " of " + total + " sampled pixels differ");
        return image;
    }

    /** The mean brightness of a picture, 0 (black) to 255 (white). */
    private static long meanLuma(BufferedImage image) {
        long sum = 0, count = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                int rgb = image.getRGB(x, y);
                sum += (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
                count++;
            }
        }
        return sum / count;
    }
}
