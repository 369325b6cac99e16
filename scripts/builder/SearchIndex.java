//DEPS com.google.code.gson:gson:2.13.2
package builder;

import com.google.gson.Gson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The site's search index, written as a script ({@code search-index.js}) that
 * sets {@code window.BOOK_SEARCH}: a page opened from {@code file://} may load
 * a script but may not fetch a JSON file. The browser builds the lunr index
 * from it when the reader first searches.
 */
public final class SearchIndex {

    /** Gson escapes {@code < > & = '} and U+2028/U+2029, so no text can end the script. */
    private static final Gson JSON = new Gson();

    private SearchIndex() {}

    /** The content of {@code search-index.js}: one document per line. */
    public static String script(List<SearchDoc> docs) {
        var out = new StringBuilder("window.BOOK_SEARCH = [\n");
        for (int i = 0; i < docs.size(); i++) {
            var doc = docs.get(i);
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("href", doc.href());
            entry.put("title", doc.title());
            entry.put("text", doc.text());
            out.append("  ").append(JSON.toJson(entry)).append(i + 1 < docs.size() ? ",\n" : "\n");
        }
        return out.append("];\n").toString();
    }
}
