package scaffold;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds an alias to the text of {@code jbang-catalog.json} without rewriting
 * the rest: the new entry goes in after the last alias, in the file's own
 * indentation, and every other byte stays where it was. The result is parsed
 * again and compared with the old catalog before anyone writes it.
 */
final class CatalogText {
    private static final Gson QUOTE = new GsonBuilder().disableHtmlEscaping().create();

    private CatalogText() {
    }

    /** The aliases, in file order, with their script-refs. */
    static Map<String, JsonElement> aliases(String json) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        JsonObject aliases = root.has("aliases") ? root.getAsJsonObject("aliases") : new JsonObject();
        return aliases.asMap();
    }

    /** The catalog text with one more alias at the end of "aliases". */
    static String withAlias(String json, String alias, String scriptRef, String description) throws Refused {
        Map<String, JsonElement> before;
        try {
            before = aliases(json);
        } catch (RuntimeException e) {
            throw new Refused("jbang-catalog.json is not valid JSON (" + e.getMessage() + "), so no alias was added",
                    "repair the file first; `./jbang alias list` shows what JBang reads");
        }
        if (before.containsKey(alias)) {
            throw new Refused("the alias \"" + alias + "\" is already taken in jbang-catalog.json", "choose another name");
        }
        int[] object = aliasesObject(json);
        if (object == null) {
            throw new Refused("jbang-catalog.json has no \"aliases\": { ... } object", "add one: { \"aliases\": {} }");
        }
        int open = object[0];
        int close = object[1];
        int last = close - 1;
        while (last > open && Character.isWhitespace(json.charAt(last))) {
            last--;
        }
        boolean empty = last == open;
        String closeIndent = indentOfLine(json, close);
        String entryIndent = empty ? closeIndent + "  " : indentOfLine(json, firstKey(json, open));
        String step = entryIndent.length() > closeIndent.length() ? entryIndent.substring(closeIndent.length()) : "  ";
        String entry = (empty ? "" : ",") + "\n"
                + entryIndent + QUOTE.toJson(alias) + ": {\n"
                + entryIndent + step + "\"script-ref\": " + QUOTE.toJson(scriptRef) + ",\n"
                + entryIndent + step + "\"description\": " + QUOTE.toJson(description) + "\n"
                + entryIndent + "}";
        // The closing brace keeps its line; an empty "{}" is opened onto lines of its own.
        String tail = empty ? "\n" + closeIndent + json.substring(close) : json.substring(last + 1);
        String result = json.substring(0, last + 1) + entry + tail;

        Map<String, JsonElement> after;
        try {
            after = aliases(result);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the edited catalog does not parse: " + e.getMessage());
        }
        List<String> expected = new ArrayList<>(before.keySet());
        expected.add(alias);
        if (!new ArrayList<>(after.keySet()).equals(expected)
                || !before.entrySet().stream().allMatch(e -> e.getValue().equals(after.get(e.getKey())))
                || !after.get(alias).getAsJsonObject().get("script-ref").getAsString().equals(scriptRef)) {
            throw new IllegalStateException("the edited catalog does not read back as the old one plus \"" + alias + "\"");
        }
        return result;
    }

    /** Offsets of the '{' and '}' of the top-level "aliases" object, or null. */
    private static int[] aliasesObject(String json) {
        int depth = 0;
        int open = -1;
        String lastString = null;
        boolean afterColon = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                int end = endOfString(json, i);
                lastString = json.substring(i + 1, end);
                afterColon = false;
                i = end;
            } else if (c == ':') {
                afterColon = true;
            } else if (c == '{' || c == '[') {
                if (c == '{' && depth == 1 && afterColon && "aliases".equals(lastString) && open < 0) {
                    open = i;
                }
                depth++;
                afterColon = false;
            } else if (c == '}' || c == ']') {
                depth--;
                if (open >= 0 && depth == 1) {
                    return new int[] {open, i};
                }
            } else if (c == ',') {
                afterColon = false;
                lastString = null;
            }
        }
        return null;
    }

    private static int endOfString(String json, int quote) {
        for (int i = quote + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return json.length() - 1;
    }

    private static int firstKey(String json, int open) {
        int i = open + 1;
        while (i < json.length() && json.charAt(i) != '"') {
            i++;
        }
        return i;
    }

    private static String indentOfLine(String json, int offset) {
        int start = json.lastIndexOf('\n', offset - 1) + 1;
        int end = start;
        while (end < offset && (json.charAt(end) == ' ' || json.charAt(end) == '\t')) {
            end++;
        }
        return json.substring(start, end);
    }
}
