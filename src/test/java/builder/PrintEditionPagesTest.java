package builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** print.html made from two pages written by the page template: order, ids, links, nothing interactive. */
class PrintEditionPagesTest {

    @TempDir
    Path site;

    private static final List<NavEntry> NAV = List.of(
            new NavEntry("index", "The Book", "index.html"),
            new NavEntry("state", "State", "state.html"));

    private void page(int i, String body) throws Exception {
        NavEntry entry = NAV.get(i);
        Files.writeString(site.resolve(entry.href()), PageTemplate.render(
                new PageModel(entry.slug(), entry.title(), body, "", NAV, i)));
    }

    @Test
    void theWholeBookInOrderWithLinksInsideThePage() throws Exception {
        page(0, "<div class=\"sect1\"><h2 id=\"_start\">Start</h2><p>Read <a href=\"state.html\">State</a>, "
                + "<a href=\"state.html#_cookies\">its cookies</a>, <a href=\"#_start\">here</a> and "
                + "<a href=\"https://www.rfc-editor.org/rfc/rfc6455#section-1.3\">RFC 6455 §1.3</a>.</p></div>");
        page(1, "<div class=\"sect1\"><h2 id=\"_start\">Start</h2><h3 id=\"_cookies\">Cookies</h3>"
                + "<p><a href=\"https://example.org/\">https://example.org/</a></p></div>");

        assertTrue(PrintEdition.write(site, NAV));
        Document print = Jsoup.parse(site.resolve("print.html").toFile(), "UTF-8");

        assertEquals(List.of("chapter-index", "print-contents", "chapter-state"),
                print.select("main > *").eachAttr("id"), "front page, contents, then the chapters in order");
        assertEquals(List.of("The Book", "State"), print.select(".print-chapter-title").eachText());
        assertEquals(List.of("index--_start", "state--_start", "state--_cookies"),
                print.select(".page-body [id]").eachAttr("id"), "ids are unique across chapters");
        assertEquals(List.of("#chapter-state", "#state--_cookies", "#index--_start",
                        "https://www.rfc-editor.org/rfc/rfc6455#section-1.3", "https://example.org/"),
                print.select(".page-body a").eachAttr("href"));
        assertEquals(List.of("(https://www.rfc-editor.org/rfc/rfc6455#section-1.3)"), print.select(".print-url").eachText(),
                "an external link's address is printed after it, unless it is its text");
        for (String gone : List.of("script", "button", "input", ".sidebar", ".topbar", ".pager", ".toc")) {
            assertTrue(print.select(gone).isEmpty(), "no " + gone + " in the print edition");
        }
    }

    @Test
    void aBookWithAPageMissingHasNoPrintEditionRatherThanAPartOne() throws Exception {
        page(0, "<p>Only the front page.</p>");
        Files.writeString(site.resolve("print.html"), "stale");
        assertFalse(PrintEdition.write(site, NAV));
        assertFalse(Files.exists(site.resolve("print.html")));
    }
}
