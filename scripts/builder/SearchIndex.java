package builder;

import java.util.List;

public final class SearchIndex {
    public static String script(List<SearchDoc> docs) {
        return "window.BOOK_SEARCH = [];\n";
    }
}
