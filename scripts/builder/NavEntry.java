package builder;

/**
 * One line of the book's navigation: a page and how to link to it.
 *
 * @param slug  the page's slug ("index" for the front page)
 * @param title the page's title, as plain text
 * @param href  the link to the page, relative to the site root ("state.html")
 */
public record NavEntry(String slug, String title, String href) {}
