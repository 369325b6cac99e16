package builder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a block macro's attribute list and the values in it (durations, argument strings). */
public final class Attributes {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");
    private static final List<String> KNOWN = List.of("args", "tags", "tag", "timeout", "expect-exit", "exclusive");

    private Attributes() {
    }

    /** {@code args="--count 3", timeout=30s, exclusive} → ordered map; a bare word maps to "". */
    public static Map<String, String> parse(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String item : splitOutsideQuotes(text, ',')) {
            item = item.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String key = (eq < 0 ? item : item.substring(0, eq)).strip();
            String value = eq < 0 ? "" : unquote(item.substring(eq + 1).strip());
            if (key.equals("tag")) {
                key = "tags";
            }
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown block attribute \"" + key + "\" (known: " + String.join(", ", KNOWN) + ")");
            }
            attributes.put(key, value);
        }
        if (attributes.containsKey("expect-exit") && !attributes.get("expect-exit").matches("\\d{1,3}")) {
            throw new IllegalArgumentException("expect-exit must be a number, was \"" + attributes.get("expect-exit") + "\"");
        }
        if (attributes.containsKey("timeout")) {
            duration(attributes.get("timeout"));
        }
        return attributes;
    }

    /** "30s", "500ms", "2m" or "45" (seconds). */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("timeout \"" + text + "\" is not a duration like 30s, 500ms or 2m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** Splits an argument string like a shell: spaces separate, quotes group. */
    public static List<String> split(String args) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : args.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote in args \"" + args + "\"");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == separator) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
