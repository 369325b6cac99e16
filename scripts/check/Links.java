package check;

import builder.BuildError;
import builder.Suggest;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Every link, anchor and image inside the site points to something: a file
 * that exists, and, after a {@code #}, an id on that page. Links that leave
 * the site (https:, mailto:) are the reader's to follow and are not fetched.
 */
public final class Links {
    private final SiteFiles site;
    private final List<BuildError> errors = new ArrayList<>();
    private final Map<String, Set<String>> ids = new HashMap<>();

    private Links(SiteFiles site) {
        this.site = site;
        site.pages().forEach((name, page) -> ids.put(name, new HashSet<>(SiteFiles.ids(page))));
    }

    public static List<BuildError> check(SiteFiles site) throws IOException {
        Links links = new Links(site);
        links.pages();
        links.stylesheets();
        links.searchIndex();
        return links.errors;
    }

    private void pages() {
        site.checkedPages().forEach((name, page) -> {
            for (Element a : page.select("a[href], area[href]")) {
                target(name, a, a.attr("href"), "link");
            }
            for (String[] resource : Urls.RESOURCES) {
                for (Element element : page.select(resource[0])) {
                    for (String url : Urls.values(element, resource[1])) {
                        target(name, element, url, element.normalName().equals("img") ? "image" : element.normalName() + " " + resource[1]);
                    }
                }
            }
            for (Element styled : page.select("[style], style")) {
                String css = styled.normalName().equals("style") ? styled.data() : styled.attr("style");
                for (String url : Urls.cssUrls(css)) {
                    target(name, styled, url, "url()");
                }
            }
        });
    }

    /** One URL written on a page: the file it names must exist, and its #fragment must be an id there. */
    private void target(String page, Element element, String url, String what) {
        if (url.isEmpty() || Urls.hasScheme(url) || url.equals("#")) {
            return; // leaving the site is the offline check's business, and "#" is the top of the page
        }
        String path = Urls.path(url);
        String fragment = Urls.fragment(url);
        String file = path.isEmpty() ? page : Path.of(page).resolveSibling(path).normalize().toString().replace('\\', '/');
        if (file.startsWith("..") || !Files.isRegularFile(site.site().resolve(file))) {
            List<String> candidates = new ArrayList<>(site.pages().keySet());
            String hint = Suggest.nearest(path, candidates).map(n -> "fix: did you mean " + n + "?")
                    .orElse("fix: pages of the site: " + String.join(", ", site.pages().keySet()));
            if (what.equals("image")) {
                hint = "fix: the image must be written into the site by the build (a script's Figures.file, or an asset)";
            }
            String where = sourceOf(page, element, url, path, path.replaceFirst("\\.html$", ".adoc"));
            errors.add(new BuildError(where, what + " \"" + url + "\" on " + page + alsoAt(where, page, element)
                    + " points to " + file + ", which is not in the site", hint));
            return;
        }
        if (fragment != null && !fragment.isEmpty() && file.endsWith(".html")) {
            Set<String> there = ids.getOrDefault(file, Set.of());
            if (!there.contains(fragment)) {
                String hint = Suggest.nearest(fragment, there).map(n -> "fix: did you mean #" + n + "?")
                        .orElse("fix: give the target an id ([[" + fragment + "]] or [#" + fragment + "] in AsciiDoc), or link to a section's id");
                String where = sourceOf(page, element, url, "<<" + fragment, "#" + fragment,
                        path.replaceFirst("\\.html$", ".adoc") + "#" + fragment);
                errors.add(new BuildError(where, what + " \"" + url + "\" on " + page + alsoAt(where, page, element)
                        + " points to an anchor that " + file + " does not have", hint));
            }
        }
    }

    /**
     * Where the contributor fixes it: the chapter's source line that writes the link (as written there:
     * the URL, an xref's .adoc name, the anchor, or the link's own text), else the generated page's line.
     */
    private String sourceOf(String page, Element element, String... written) {
        List<String> texts = new ArrayList<>(List.of(written));
        String text = element.text().strip();
        if (text.length() >= 4) {
            texts.add(text);
        }
        return site.locate(page, element, texts.toArray(String[]::new));
    }

    /** The generated page's position, when the message names the source instead. */
    private String alsoAt(String where, String page, Element element) {
        String html = site.where(page, element);
        return where.equals(html) ? "" : " (" + html + ")";
    }

    /** url() in the site's stylesheets: fonts and images must be files of the site. */
    private void stylesheets() throws IOException {
        for (Path css : site.all(".css")) {
            String text = Files.readString(css);
            Matcher m = Urls.CSS_URL.matcher(java.util.regex.Pattern.compile("(?s)/\\*.*?\\*/").matcher(text)
                    .replaceAll(c -> c.group().replaceAll("[^\\n]", " ")));
            while (m.find()) {
                String url = m.group(2) != null ? m.group(2).strip() : m.group(4).strip();
                if (url.isEmpty() || url.startsWith("#") || Urls.hasScheme(url)) {
                    continue;
                }
                Path file = css.resolveSibling(Urls.path(url)).normalize();
                if (!file.startsWith(site.site()) || !Files.isRegularFile(file)) {
                    errors.add(new BuildError(site.where(css, Urls.line(text, m.start())), "url(" + url + ") in "
                            + site.rel(css) + " points to a file that is not in the site",
                            "fix: put the file in scripts/site-assets/ (copied to site/assets/), or remove the rule"));
                }
            }
        }
    }

    /** Each search result must lead to a page of the site. */
    private void searchIndex() throws IOException {
        Path index = site.site().resolve("search-index.js");
        if (!Files.isRegularFile(index)) {
            return;
        }
        String text = Files.readString(index);
        JsonArray docs;
        try {
            docs = JsonParser.parseString(text.substring(text.indexOf('=') + 1).replaceAll(";\\s*$", "")).getAsJsonArray();
        } catch (RuntimeException e) {
            errors.add(new BuildError(site.where(index, 1), "search-index.js is not the data the builder writes: " + e.getMessage(),
                    "fix: rebuild with ./jbang site --fresh"));
            return;
        }
        for (JsonElement doc : docs) {
            String href = doc.getAsJsonObject().get("href").getAsString();
            if (!site.pages().containsKey(Urls.path(href))) {
                errors.add(new BuildError(site.where(index, Urls.line(text, text.indexOf("\"" + href + "\""))),
                        "search result \"" + href + "\" points to a page that is not in the site",
                        "fix: rebuild with ./jbang site (the index is written with the pages)"));
            }
        }
    }
}
