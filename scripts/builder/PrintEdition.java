//DEPS org.jsoup:jsoup:1.22.1
package builder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * {@code print.html}: the whole book on one page, in reading order, made from
 * the pages already written into the site. Each page's body becomes a section
 * that starts on a new printed page; its ids are prefixed with the page's slug
 * so they stay unique; links between pages become links inside this one; an
 * external link gets its address printed after it. No sidebar, no search, no
 * buttons, no script: {@code ./jbang pdf} prints it.
 */
public final class PrintEdition {

    public static final String FILE = "print.html";

    private PrintEdition() {}

    /**
     * Writes {@code site/print.html} from the site's pages, in the order of {@code nav}.
     * The edition is whole or absent: when a page is not in the site (a first build
     * with {@code --only}), there is no print edition and this says false.
     */
    public static boolean write(Path site, List<NavEntry> nav) throws IOException {
        if (!nav.stream().allMatch(entry -> Files.isRegularFile(site.resolve(entry.href())))) {
            Files.deleteIfExists(site.resolve(FILE));
            return false;
        }
        Set<String> pages = new HashSet<>();
        nav.forEach(entry -> pages.add(entry.href()));
        String book = nav.isEmpty() ? "" : nav.get(0).title();

        Document print = Jsoup.parse("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title></title><link rel=\"stylesheet\" href=\"assets/book.css\">"
                + "<link rel=\"stylesheet\" href=\"assets/print.css\"></head>"
                + "<body class=\"print-edition\"><main class=\"print-main\"></main></body></html>");
        print.title(book + " (print edition)");
        Element main = print.selectFirst("main");

        for (NavEntry entry : nav) {
            Path file = site.resolve(entry.href());
            Document page = Jsoup.parse(file.toFile(), StandardCharsets.UTF_8.name());
            Element body = page.selectFirst(".page-body");
            if (body == null) {
                throw new IOException(file + " has no .page-body to print");
            }
            Element chapter = main.appendElement("section").addClass("print-chapter").id(chapterId(entry.slug()));
            if (entry == nav.get(0)) {
                chapter.addClass("print-front");
            }
            chapter.appendElement("h1").addClass("print-chapter-title").text(entry.title());
            Element copy = chapter.appendElement("div").addClass("page-body");
            copy.html(body.html());
            localise(copy, entry.slug(), pages);
            if (entry == nav.get(0)) {
                contents(main, nav);
            }
        }
        print.outputSettings().prettyPrint(false);
        Files.writeString(site.resolve(FILE), print.outerHtml(), StandardCharsets.UTF_8);
        return true;
    }

    /** The list of chapters, after the front page. */
    private static void contents(Element main, List<NavEntry> nav) {
        Element contents = main.appendElement("nav").addClass("print-contents").id("print-contents").attr("aria-labelledby", "print-contents-title");
        contents.appendElement("h2").id("print-contents-title").text("Contents");
        Element list = contents.appendElement("ol");
        for (int i = 1; i < nav.size(); i++) {
            list.appendElement("li").appendElement("a").attr("href", "#" + chapterId(nav.get(i).slug())).text(nav.get(i).title());
        }

    }

    static String chapterId(String slug) {
        return "chapter-" + slug;
    }

    /** Prefixes ids with the page's slug, points links at this page, and prints external addresses. */
    private static void localise(Element body, String slug, Set<String> pages) {
        for (Element el : body.select("[id]")) {
            el.id(slug + "--" + el.id());
        }
        for (Element a : body.select("a[href]")) {
            String href = a.attr("href");
            if (href.startsWith("#")) {
                a.attr("href", href.length() == 1 ? "#" + chapterId(slug) : "#" + slug + "--" + href.substring(1));
            } else if (href.startsWith("http://") || href.startsWith("https://")) {
                if (!a.text().strip().equals(href)) {
                    a.after(" <span class=\"print-url\">(" + org.jsoup.nodes.Entities.escape(href) + ")</span>");
                }
            } else {
                int hash = href.indexOf('#');
                String target = hash < 0 ? href : href.substring(0, hash);
                if (pages.contains(target)) {
                    String targetSlug = target.substring(0, target.length() - ".html".length());
                    a.attr("href", hash < 0 ? "#" + chapterId(targetSlug) : "#" + targetSlug + "--" + href.substring(hash + 1));
                }
            }
        }
        for (Element label : body.select("label[for], [aria-labelledby], [aria-describedby], [aria-controls]")) {
            for (String attr : List.of("for", "aria-labelledby", "aria-describedby", "aria-controls")) {
                if (label.hasAttr(attr)) {
                    label.attr(attr, String.join(" ", java.util.Arrays.stream(label.attr(attr).trim().split("\\s+"))
                            .map(id -> slug + "--" + id).toList()));
                }
            }
        }
    }
}
