package check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the prose checks share: the book's AsciiDoc files, and where verbatim blocks begin and end. */
final class Prose {

    private static final Pattern DELIMITER = Pattern.compile("^(-{4,}|\\.{4,}|/{4,}|\\+{4,}|_{4,}|={4,}|\\*{4,})\\s*$");
    /** Delimiters that open a block whose lines are not prose (listing, literal, comment, passthrough). */
    private static final Set<Character> VERBATIM = Set.of('-', '.', '/', '+');

    private Prose() {
    }

    /** Every {@code .adoc} file under {@code notebooks/}, sorted; none when there is no such folder. */
    static List<Path> files(Path root) throws IOException {
        Path notebooks = root.resolve("notebooks");
        if (!Files.isDirectory(notebooks)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(notebooks)) {
            return walk.filter(p -> p.toString().endsWith(".adoc") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    /** Follows a page line by line: which lines open or close a verbatim block, and which lie inside one. */
    static final class Verbatim {
        private String open;

        /** Whether {@code line} opens or closes a verbatim block (and it is taken as doing so). */
        boolean delimits(String line) {
            Matcher delimiter = DELIMITER.matcher(line);
            if (delimiter.matches() && (open != null || VERBATIM.contains(line.charAt(0)))) {
                String d = delimiter.group(1);
                open = open == null ? d : (open.equals(d) ? null : open);
                return true;
            }
            return false;
        }

        /** Whether the lines now read are inside a verbatim block. */
        boolean inside() {
            return open != null;
        }
    }
}
