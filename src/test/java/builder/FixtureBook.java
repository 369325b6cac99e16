package builder;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A small book in a temporary folder, built the way the real one is: its own
 * ./jbang launcher, catalog, nav list, front page and chapters. Public for
 * the serve tests, which serve one.
 */
public final class FixtureBook {
    static final Path BOOK = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();

    private final Path root;

    private FixtureBook(Path root) {
        this.root = root;
    }

    public static FixtureBook create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("notebooks"));
        Files.copy(BOOK.resolve("jbang"), dir.resolve("jbang"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(dir.resolve("jbang-catalog.json"), "{\n  \"aliases\": {}\n}\n");
        Files.writeString(dir.resolve("notebooks/nav.txt"), "# chapters, in reading order\n");
        Files.writeString(dir.resolve("notebooks/index.adoc"), "= Fixture book\n\nA book made by a test.\n");
        return new FixtureBook(dir);
    }

    public Path root() {
        return root;
    }

    public Path site() {
        return root.resolve("site");
    }

    public Path file(String relative) {
        return root.resolve(relative);
    }

    /** Adds a chapter folder with its text, and lists it in the nav. */
    public FixtureBook chapter(String slug, String adoc) throws IOException {
        Files.createDirectories(root.resolve("notebooks").resolve(slug));
        Files.writeString(root.resolve("notebooks").resolve(slug).resolve("chapter.adoc"), adoc);
        Files.writeString(root.resolve("notebooks/nav.txt"), slug + "\n", StandardOpenOption.APPEND);
        return this;
    }

    /** Adds a script to a chapter folder and its alias to the catalog. */
    public FixtureBook script(String slug, String name, String source, String alias) throws IOException {
        write("notebooks/" + slug + "/" + name, source);
        JsonObject catalog = JsonParser.parseString(Files.readString(root.resolve("jbang-catalog.json"))).getAsJsonObject();
        JsonObject entry = new JsonObject();
        entry.addProperty("script-ref", "notebooks/" + slug + "/" + name);
        entry.addProperty("description", "fixture " + alias);
        catalog.getAsJsonObject("aliases").add(alias, entry);
        Files.writeString(root.resolve("jbang-catalog.json"), new GsonBuilder().setPrettyPrinting().create().toJson(catalog));
        return this;
    }

    public FixtureBook write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return this;
    }

    public String read(String relative) throws IOException {
        return Files.readString(root.resolve(relative));
    }

    public Build.Options options() {
        return Build.Options.defaults(root).withJobs(2).withTools(BOOK);
    }

    /** A Java script whose main method body is {@code body}. */
    public static String java(String className, String body) {
        return """
                ///usr/bin/env jbang "$0" "$@" ; exit $?
                //DESCRIPTION a fixture script
                //JAVA 17+

                import java.nio.file.*;
                import java.util.*;
                import java.util.concurrent.*;

                public class %s {
                    public static void main(String[] args) throws Exception {
                %s
                    }
                }
                """.formatted(className, body.indent(8).stripTrailing());
    }

    /** Copies a folder and everything in it (files are replaced, attributes are not kept). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
