package kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Numbers and files a demo hands to the book.
 *
 * <p>When the book is built, each script runs with {@code BOOK_OUTPUT_DIR} set.
 * {@code publish("frames-per-second", 41250)} writes the line
 * {@code frames-per-second=41250} to {@code figures.properties} there, and the
 * chapter's prose quotes it as {@code fig:<chapter>.frames-per-second[]}: the
 * number in the text is the number this run measured. When a reader runs the
 * script by hand, there is no book to feed: figures are only printed by the
 * script itself, and files go to a temporary folder.
 */
public final class Figures {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static Path scratch;

    private Figures() {}

    /** Records one figure for the book; does nothing when the book is not being built. */
    public static synchronized void publish(String name, Object value) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("figure names look like frame-bytes: " + name);
        String text = String.valueOf(value);
        if (text.contains("\n") || text.contains("\r")) throw new IllegalArgumentException("a figure is one line: " + name);
        Path dir = outputDir();
        if (dir == null) return;
        Timeline.figure(name, text);
        try {
            Files.writeString(dir.resolve("figures.properties"), name + "=" + text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where to write a file the page shows (an SVG is drawn into the page itself). */
    public static synchronized Path file(String fileName) {
        if (fileName.contains("/") || fileName.contains("\\")) throw new IllegalArgumentException("a plain file name: " + fileName);
        Path dir = outputDir();
        if (dir != null) return dir.resolve(fileName);
        try {
            if (scratch == null) scratch = Files.createTempDirectory("book-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path path = scratch.resolve(fileName);
        System.out.println("(" + fileName + " is written to " + path + ")");
        return path;
    }

    private static Path outputDir() {
        String dir = System.getenv("BOOK_OUTPUT_DIR");
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }
}
