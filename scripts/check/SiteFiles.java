package check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * The built site as the checks read it: every HTML page parsed (with source
 * positions, so a problem has a line), and a way back from a page to the
 * AsciiDoc line that wrote the thing at fault.
 */
public final class SiteFiles {
    private final Path root;
    private final Path site;
    private final Map<String, Document> pages = new LinkedHashMap<>();

    private SiteFiles(Path root, Path site) {
        this.root = root;
        this.site = site;
    }

    public static SiteFiles read(Path root, Path site) throws IOException {
        SiteFiles files = new SiteFiles(root, site);
        for (Path file : files.all(".html")) {
            Parser parser = Parser.htmlParser().setTrackPosition(true);
            files.pages.put(files.rel(file), Jsoup.parse(Files.readString(file), "", parser));
        }
        return files;
    }

    public Path site() {
        return site;
    }

    /** Pages by their path in the site ("index.html"). */
    public Map<String, Document> pages() {
        return pages;
    }

    /**
     * The pages whose links, images and loads are checked: all but the print edition, which is
     * made of the other pages (builder.PrintEdition), so that what is wrong on a page is said
     * once, at that page and its chapter line. The print edition's own rewriting of links is
     * tested with it (PrintEditionPagesTest); links to it are checked like any other.
     */
    public Map<String, Document> checkedPages() {
        Map<String, Document> checked = new LinkedHashMap<>(pages);
        checked.remove(builder.PrintEdition.FILE);
        return checked;
    }

    /** Every file of the site with this ending, sorted. */
    public List<Path> all(String ending) throws IOException {
        try (Stream<Path> walk = Files.walk(site)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(ending)).sorted().toList();
        }
    }

    public String rel(Path file) {
        return site.relativize(file).toString().replace('\\', '/');
    }

    /** "site/index.html:12". */
    public String where(String page, Element element) {
        return root.relativize(site.resolve(page)) + ":" + element.sourceRange().start().lineNumber();
    }

    public String where(Path file, int line) {
        return root.relativize(file) + ":" + line;
    }

    /**
     * Where the book's source writes {@code text} for this page: the page's
     * AsciiDoc file and the first line holding it, if there is one.
     */
    public Optional<String> source(String page, String text) {
        String slug = page.replaceAll("\\.html$", "");
        Path adoc = slug.equals("index") ? root.resolve("notebooks/index.adoc")
                : root.resolve("notebooks").resolve(slug).resolve("chapter.adoc");
        if (text.isBlank() || !Files.isRegularFile(adoc)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(adoc);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return Optional.of(root.relativize(adoc) + ":" + (i + 1));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The source line if found, else the page line. */
    public String locate(String page, Element element, String... texts) {
        for (String text : texts) {
            Optional<String> source = source(page, text);
            if (source.isPresent()) {
                return source.get();
            }
        }
        return where(page, element);
    }

    /** The ids a page defines (id attributes and a[name]). */
    public static List<String> ids(Document page) {
        List<String> ids = new ArrayList<>();
        page.select("[id]").forEach(e -> ids.add(e.id()));
        page.select("a[name]").forEach(e -> ids.add(e.attr("name")));
        return ids;
    }
}
