package builder;

public final class PageTemplate {
    public static String render(PageModel page) {
        StringBuilder nav = new StringBuilder("<nav class=\"book-nav\"><ol>");
        for (NavEntry entry : page.nav()) {
            nav.append("<li><a href=\"").append(Html.escape(entry.href())).append("\">").append(Html.escape(entry.title())).append("</a></li>");
        }
        nav.append("</ol></nav>");
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(page.title())
                + "</title></head><body>" + nav + "<main><h1>" + Html.escape(page.title()) + "</h1>" + page.bodyHtml()
                + "</main></body></html>\n";
    }
}
