package builder;

/**
 * One entry of the site's search index.
 *
 * @param href  where a result links to ("state.html" or "state.html#_keep_alive")
 * @param title what a result is called
 * @param text  the plain text that is searched
 */
public record SearchDoc(String href, String title, String text) {}
