package check;

import java.util.ArrayList;
import java.util.List;

/**
 * The string literals of a JavaScript source, skipping comments and regular
 * expression literals: enough of a lexer to tell a URL in code from a URL in
 * a licence comment. A {@code /} starts a regular expression where an
 * expression may start (after an operator, a bracket or a keyword such as
 * {@code return}), as JavaScript's own grammar decides.
 */
final class JsLiterals {
    private JsLiterals() {
    }

    static List<Offline.Literal> strings(String js) {
        List<Offline.Literal> strings = new ArrayList<>();
        int i = 0;
        int n = js.length();
        char last = '(';               // the last significant character: start of input acts like "("
        String lastWord = "";
        while (i < n) {
            char c = js.charAt(i);
            if (c == '/' && i + 1 < n && js.charAt(i + 1) == '/') {
                while (i < n && js.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && js.charAt(i + 1) == '*') {
                int end = js.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' || c == '\'' || c == '`') {
                int start = i;
                StringBuilder text = new StringBuilder();
                i++;
                while (i < n && js.charAt(i) != c) {
                    if (js.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    text.append(js.charAt(i));
                    i++;
                }
                i++;
                strings.add(new Offline.Literal(text.toString(), start));
                last = 'a';
                lastWord = "";
            } else if (c == '/' && regexMayStart(last, lastWord)) {
                i++;
                boolean inClass = false;
                while (i < n && js.charAt(i) != '\n') {
                    char r = js.charAt(i);
                    if (r == '\\') {
                        i += 2;
                        continue;
                    }
                    if (r == '[') {
                        inClass = true;
                    } else if (r == ']') {
                        inClass = false;
                    } else if (r == '/' && !inClass) {
                        break;
                    }
                    i++;
                }
                i++;
                last = 'a';
                lastWord = "";
            } else if (Character.isJavaIdentifierPart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(js.charAt(i))) {
                    i++;
                }
                lastWord = js.substring(start, i);
                last = 'a';
            } else {
                if (!Character.isWhitespace(c)) {
                    last = c;
                    lastWord = "";
                }
                i++;
            }
        }
        return strings;
    }

    private static boolean regexMayStart(char last, String lastWord) {
        if (!lastWord.isEmpty()) {
            return List.of("return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else")
                    .contains(lastWord);
        }
        return "(,=:[!&|?{};+-*%<>~^".indexOf(last) >= 0;
    }
}
