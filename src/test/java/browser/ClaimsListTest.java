package browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import builder.Build;
import builder.FixtureBook;
import builder.Renderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The claims a run checked, as JbangBlockMacro renders them into a built page: listed under the
 * output, named for assistive technology, and readable (WCAG AA contrast) in the light and the dark theme.
 */
class ClaimsListTest {
    private static final Path BOOK = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theClaimsListIsLabelledAndReadableInBothThemes() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .write("notebooks/_kit/Claims.java", Files.readString(BOOK.resolve("notebooks/_kit/Claims.java")))
                .chapter("count", "= Count\n\njbang::Count.java[]\n")
                .script("count", "Count.java", FixtureBook.java("Count", """
                        System.out.println("count: 4");
                        kit.Claims.check("the count is even", 4 % 2 == 0, "count: 4");
                        """).replace("//JAVA 17+", "//JAVA 17+\n//SOURCES ../_kit/Claims.java"), "count");
        try (Renderer renderer = new Renderer()) {
            new Build(book.options(), renderer).run();
        }
        try (var browser = Chromium.start()) {
            browser.open(book.file("site/count.html").toUri());
            WebElement list = browser.driver().findElement(By.cssSelector(".jbang-output .jbang-claims ul"));
            String label = browser.driver().findElement(By.id(list.getDomAttribute("aria-labelledby"))).getText();
            assertEquals("CLAIM CHECKED BY THIS RUN", label.toUpperCase(java.util.Locale.ROOT));
            WebElement claim = list.findElement(By.cssSelector("li.jbang-claim"));
            assertTrue(claim.getText().startsWith("holds the count is even"), claim.getText());
            assertTrue(claim.isDisplayed());
            for (String theme : List.of("light", "dark")) {
                browser.script("document.documentElement.setAttribute('data-theme', arguments[0])", theme);
                for (String part : List.of(".jbang-claim-verdict", ".jbang-claim-text", ".jbang-claim-observed", ".jbang-claim-where")) {
                    double ratio = ((Number) browser.script(CONTRAST, part)).doubleValue();
                    assertTrue(ratio >= 4.5, theme + " theme: " + part + " has contrast " + ratio + ", below 4.5:1");
                }
            }
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    /** WCAG contrast of an element's text against the first non-transparent background at or above it. */
    private static final String CONTRAST = """
            const el = document.querySelector(arguments[0]);
            const rgb = s => s.match(/[\\d.]+/g).map(Number);
            let bg = el, b;
            while (bg && (b = rgb(getComputedStyle(bg).backgroundColor)).length === 4 && b[3] === 0) bg = bg.parentElement;
            const fg = rgb(getComputedStyle(el).color);
            const lum = c => { const [r, g, bl] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                               return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
            const [hi, lo] = [lum(fg), lum(b)].sort((x, y) => y - x);
            return (hi + 0.05) / (lo + 0.05);
            """;
}
