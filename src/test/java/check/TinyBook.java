package check;

import builder.Build;
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
 * A small book in a temporary folder for the check and bench tests: its own
 * ./jbang, catalog, nav, front page, one chapter with one script that
 * publishes a figure. The builder's files come from the book's checkout.
 */
final class TinyBook {
    static final Path BOOK = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();

    static final String CHAPTER = """
            = Greeting

            The greeting has fig:greet.letters[] letters (RFC 6455 §5.2 has nothing to say about it,
            and a `timeout=30s` in code is no measurement).

            == Say it

            jbang::Greet.java[args="world"]

            Back to link:index.html#_first[the front page] or <<say-it,this section>>.
            """;

    private final Path root;

    private TinyBook(Path root) {
        this.root = root;
    }

    static TinyBook create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("notebooks/greet"));
        Files.copy(BOOK.resolve("jbang"), dir.resolve("jbang"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(dir.resolve("jbang-catalog.json"), "{\n  \"aliases\": {}\n}\n");
        Files.writeString(dir.resolve("notebooks/nav.txt"), "# chapters\ngreet\n");
        Files.writeString(dir.resolve("notebooks/index.adoc"), "= Tiny book\n\n[[_first]]\nA book made by a test. Start with link:greet.html[the greeting].\n");
        Files.writeString(dir.resolve("notebooks/greet/chapter.adoc"), CHAPTER);
        TinyBook book = new TinyBook(dir);
        book.alias("greet", "notebooks/greet/Greet.java");
        Files.writeString(dir.resolve("notebooks/greet/Greet.java"), """
                ///usr/bin/env jbang "$0" "$@" ; exit $?
                //DESCRIPTION a fixture script
                //JAVA 17+

                import java.nio.file.*;

                public class Greet {
                    public static void main(String[] args) throws Exception {
                        String text = "hello " + String.join(" ", args);
                        System.out.println(text);
                        String out = System.getenv("BOOK_OUTPUT_DIR");
                        if (out != null) {
                            Files.writeString(Path.of(out, "figures.properties"), "letters=" + text.length() + "\\n");
                        }
                    }
                }
                """);
        return book;
    }

    /** A copy of this book (site and caches included) in {@code dir}. */
    TinyBook copyTo(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                Path to = dir.resolve(root.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return new TinyBook(dir);
    }

    Path root() {
        return root;
    }

    TinyBook alias(String alias, String scriptRef) throws IOException {
        JsonObject catalog = JsonParser.parseString(Files.readString(root.resolve("jbang-catalog.json"))).getAsJsonObject();
        JsonObject entry = new JsonObject();
        entry.addProperty("script-ref", scriptRef);
        entry.addProperty("description", "fixture " + alias);
        catalog.getAsJsonObject("aliases").add(alias, entry);
        Files.writeString(root.resolve("jbang-catalog.json"), new GsonBuilder().setPrettyPrinting().create().toJson(catalog));
        return this;
    }

    TinyBook write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return this;
    }

    TinyBook append(String relative, String text) throws IOException {
        Files.writeString(root.resolve(relative), text, StandardOpenOption.APPEND);
        return this;
    }

    String read(String relative) throws IOException {
        return Files.readString(root.resolve(relative));
    }

    Build.Options options() {
        return Build.Options.defaults(root).withJobs(2).withTools(BOOK);
    }
}
