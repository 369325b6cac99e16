package builder;

import java.util.List;

/**
 * The HTML document around one page of the book: the top bar (chapters
 * button, book title, search, theme switch), the chapter list, the page's
 * table of contents, its body and the previous/next links.
 *
 * <p>All links are relative and every asset is a file under {@code assets/},
 * so the site works offline and from {@code file://}. The styling and the
 * behaviour live in {@code scripts/site-assets/}.
 */
public final class PageTemplate {

    /**
     * Runs before the first paint: applies the reader's saved theme, or else
     * the system's (so a dark page never flashes light), and marks that scripts
     * run, so the collapsed phone menu can rely on its button working.
     */
    private static final String EARLY_SCRIPT = """
            (function(){var d=document.documentElement;d.classList.add("js");var t=null;\
            try{t=localStorage.getItem("book-theme");}catch(e){}\
            if(t!=="light"&&t!=="dark")t=window.matchMedia&&matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light";\
            d.setAttribute("data-theme",t);})();""";

    private static final String ICON_MENU = """
            <svg class="ui-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">\
            <path d="M4 6h16M4 12h16M4 18h16"/></svg>""";
    private static final String ICON_SEARCH = """
            <svg class="ui-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">\
            <circle cx="11" cy="11" r="6.5"/><path d="M16 16l4.5 4.5"/></svg>""";
    private static final String ICON_MOON = """
            <svg class="ui-icon icon-moon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">\
            <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z"/></svg>""";
    private static final String ICON_SUN = """
            <svg class="ui-icon icon-sun" viewBox="0 0 24 24" aria-hidden="true" focusable="false">\
            <circle cx="12" cy="12" r="4"/><path d="M12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2\
            M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4"/></svg>""";

    private PageTemplate() {}

    /** The full HTML5 document of one page. */
    public static String render(PageModel page) {
        List<NavEntry> nav = page.nav();
        String book = nav.isEmpty() ? page.title() : nav.get(0).title();
        String home = nav.isEmpty() ? "index.html" : nav.get(0).href();
        String docTitle = page.current() == 0 || page.title().equals(book)
                ? page.title() : page.title() + " · " + book;

        var html = new StringBuilder(8192 + page.bodyHtml().length());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
            .append("<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
            .append("<title>").append(escape(docTitle)).append("</title>\n")
            .append("<script>").append(EARLY_SCRIPT).append("</script>\n")
            .append("<link rel=\"stylesheet\" href=\"assets/book.css\">\n")
            .append("<link rel=\"stylesheet\" href=\"assets/print.css\" media=\"print\">\n")
            .append("<link rel=\"stylesheet\" href=\"assets/replay.css\">\n")
            .append("</head>\n")
            .append("<body class=\"page-").append(escape(page.slug())).append("\">\n")
            .append("<a class=\"skip-link\" href=\"#book-content\">Skip to content</a>\n");
        topBar(html, book, home);
        html.append("<div class=\"layout\">\n");
        sidebar(html, nav, page.current());
        html.append("<div class=\"scrim\" data-close-nav></div>\n")
            .append("<main id=\"book-content\" class=\"book-main\" tabindex=\"-1\">\n")
            .append("<article class=\"page\">\n")
            .append("<header class=\"page-header\"><h1>").append(escape(page.title())).append("</h1></header>\n");
        if (page.tocHtml() != null && !page.tocHtml().isBlank()) {
            html.append("<nav class=\"toc\" aria-labelledby=\"book-toc-title\">\n")
                .append("<h2 id=\"book-toc-title\" class=\"toc-title\">On this page</h2>\n")
                .append(page.tocHtml()).append("\n</nav>\n");
        }
        html.append("<div class=\"page-body\">\n").append(page.bodyHtml()).append("\n</div>\n")
            .append("</article>\n");
        pager(html, nav, page.current());
        html.append("</main>\n</div>\n")
            .append("<script src=\"assets/lunr.min.js\" defer></script>\n")
            .append("<script src=\"search-index.js\" defer></script>\n")
            .append("<script src=\"assets/book.js\" defer></script>\n")
            .append("<script src=\"assets/replay.js\" defer></script>\n")
            .append("</body>\n</html>\n");
        return html.toString();
    }

    private static void topBar(StringBuilder html, String book, String home) {
        html.append("<header class=\"topbar\">\n")
            .append("<button type=\"button\" class=\"icon-button nav-toggle\" aria-controls=\"book-sidebar\" ")
            .append("aria-expanded=\"false\" aria-label=\"Chapters\" title=\"Chapters\">").append(ICON_MENU).append("</button>\n")
            .append("<a class=\"book-title\" href=\"").append(escape(home)).append("\">").append(escape(book)).append("</a>\n")
            .append("<div class=\"search\" role=\"search\">\n")
            .append("<label class=\"visually-hidden\" for=\"book-search\">Search the book</label>\n")
            .append(ICON_SEARCH).append('\n')
            .append("<input id=\"book-search\" class=\"search-input\" type=\"search\" placeholder=\"Search\" ")
            .append("autocomplete=\"off\" spellcheck=\"false\" aria-controls=\"book-search-results\" ")
            .append("aria-describedby=\"book-search-status\" aria-keyshortcuts=\"Control+K Meta+K\">\n")
            .append("<kbd class=\"search-key\" aria-hidden=\"true\">Ctrl K</kbd>\n")
            .append("<div class=\"search-panel\" hidden>\n")
            .append("<p id=\"book-search-status\" class=\"search-status\" aria-live=\"polite\"></p>\n")
            .append("<ul id=\"book-search-results\" class=\"search-results\"></ul>\n")
            .append("</div>\n</div>\n")
            .append("<button type=\"button\" class=\"icon-button theme-toggle\" aria-pressed=\"false\" ")
            .append("aria-label=\"Dark theme\" title=\"Dark theme\">").append(ICON_MOON).append(ICON_SUN).append("</button>\n")
            .append("</header>\n");
    }

    private static void sidebar(StringBuilder html, List<NavEntry> nav, int current) {
        html.append("<nav id=\"book-sidebar\" class=\"sidebar\" aria-label=\"Chapters\">\n<ol class=\"nav-list\">\n");
        for (int i = 0; i < nav.size(); i++) {
            NavEntry entry = nav.get(i);
            html.append("<li class=\"nav-item").append(i == 0 ? " nav-home" : "").append("\"><a href=\"")
                .append(escape(entry.href())).append('"');
            if (i == current) {
                html.append(" class=\"current\" aria-current=\"page\"");
            }
            html.append('>');
            if (i > 0) {
                html.append("<span class=\"nav-number\">").append(i).append(".</span> ");
            }
            html.append("<span class=\"nav-title\">").append(escape(entry.title())).append("</span></a></li>\n");
        }
        html.append("</ol>\n</nav>\n");
    }

    private static void pager(StringBuilder html, List<NavEntry> nav, int current) {
        boolean hasPrev = current > 0 && current - 1 < nav.size();
        boolean hasNext = current + 1 < nav.size();
        if (!hasPrev && !hasNext) {
            return;
        }
        html.append("<nav class=\"pager\" aria-label=\"Previous and next page\">\n");
        if (hasPrev) {
            pagerLink(html, nav.get(current - 1), "prev", "Previous");
        }
        if (hasNext) {
            pagerLink(html, nav.get(current + 1), "next", "Next");
        }
        html.append("</nav>\n");
    }

    private static void pagerLink(StringBuilder html, NavEntry entry, String rel, String label) {
        html.append("<a class=\"pager-").append(rel).append("\" rel=\"").append(rel).append("\" href=\"")
            .append(escape(entry.href())).append("\"><span class=\"pager-label\">").append(label)
            .append("</span><span class=\"pager-title\">").append(escape(entry.title())).append("</span></a>\n");
    }

    /** Text made safe for HTML element content and quoted attribute values; null is empty. */
    static String escape(String text) {
        return text == null ? "" : Html.escape(text);
    }
}
