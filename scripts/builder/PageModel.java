package builder;

import java.util.List;

/**
 * Everything one page of the site shows.
 *
 * @param slug     the page's slug ("index" for the front page)
 * @param title    the page's title, as plain text
 * @param bodyHtml Asciidoctor's embedded HTML of the page (no header, no footer)
 * @param tocHtml  the page's table of contents, a nested {@code <ul class="sectlevel1">}; may be empty
 * @param nav      every page of the book in reading order, the front page first
 * @param current  the index of this page in {@code nav}
 */
public record PageModel(String slug, String title, String bodyHtml, String tocHtml,
                        List<NavEntry> nav, int current) {}
