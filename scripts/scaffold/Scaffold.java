package scaffold;

import builder.Suggest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Starts a chapter or a demo the way the book wants them: folder, chapter
 * text, script from the house template, nav line and catalog alias. Every
 * check runs before the first file is written, so a refusal leaves the book
 * exactly as it was.
 */
public final class Scaffold {
    /** Folder names of chapters: they become page names (slug.html) and parts of aliases. */
    static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
    /** The first script of a new chapter. */
    static final String FIRST_DEMO = "FirstRequest";
    private static final Set<String> RESERVED = Set.of("index", "assets", "search-index", "site", "notebooks", "scripts");

    private final Path root;

    public Scaffold(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** What a scaffold command did, and what to do next. */
    public record Done(List<String> created, List<String> changed, List<String> next) {
        public String report() {
            StringBuilder text = new StringBuilder();
            created.forEach(f -> text.append("created  ").append(f).append('\n'));
            changed.forEach(f -> text.append("updated  ").append(f).append('\n'));
            text.append("\nNext:\n");
            for (int i = 0; i < next.size(); i++) {
                text.append("  ").append(i + 1).append(". ").append(next.get(i).replace("\n", "\n     ")).append('\n');
            }
            return text.toString();
        }
    }

    /** {@code ./jbang new chapter <slug> "Title"}. */
    public Done chapter(String slug, String title) throws Refused, IOException {
        checkSlug(slug);
        if (title == null || title.isBlank() || title.contains("\n")) {
            throw new Refused("the title must be one line of text", "./jbang new chapter " + slug + " \"Heartbeats\"");
        }
        title = title.strip();
        Path folder = notebooks().resolve(slug);
        String alias = slug + "-" + kebab(FIRST_DEMO);
        String catalog = catalogWith(alias, folder.resolve(FIRST_DEMO + ".java"),
                "A first request to a server on 127.0.0.1, from the chapter " + title);
        String figure = kebab(FIRST_DEMO) + "-ms";

        Files.createDirectories(folder);
        write(folder.resolve("chapter.adoc"), Templates.chapter(slug, title, FIRST_DEMO, figure));
        write(folder.resolve(FIRST_DEMO + ".java"), Templates.script(FIRST_DEMO,
                "One request to a server on 127.0.0.1, answered and timed (" + title + ")", figure));
        appendLine(nav(), slug);
        write(catalogFile(), catalog);

        return new Done(
                List.of(rel(folder.resolve("chapter.adoc")), rel(folder.resolve(FIRST_DEMO + ".java"))),
                List.of(rel(nav()) + " (" + slug + " is the last chapter for now)",
                        "jbang-catalog.json (alias " + alias + ")"),
                List.of("Build it and look: ./jbang site --only " + slug + "\n"
                                + "then open site/" + slug + ".html (./jbang " + alias + " runs the demo alone)",
                        "Make the demo yours: edit notebooks/" + slug + "/" + FIRST_DEMO + ".java and its description in\n"
                                + "jbang-catalog.json, or add another: ./jbang new demo " + slug + " PingPong",
                        "Write the chapter in notebooks/" + slug + "/chapter.adoc, and move the line " + slug + "\n"
                                + "in notebooks/nav.txt to its place in the reading order. CONTRIBUTING.md has the rest."));
    }

    /** {@code ./jbang new demo <chapter> <Name>}. */
    public Done demo(String chapter, String className, String alias, String description) throws Refused, IOException {
        String name = className;
        Path adoc = notebooks().resolve(chapter).resolve("chapter.adoc");
        if (!Files.isRegularFile(adoc)) {
            List<String> chapters = chapters();
            throw new Refused("there is no chapter \"" + chapter + "\" (no notebooks/" + chapter + "/chapter.adoc)",
                    Suggest.nearest(chapter, chapters).map(c -> "did you mean ./jbang new demo " + c + " " + className + "?")
                            .orElse(chapters.isEmpty() ? "start one: ./jbang new chapter <slug> \"Title\""
                                    : "chapters: " + String.join(", ", chapters)));
        }
        if (name.endsWith(".java")) {
            name = name.substring(0, name.length() - ".java".length());
        }
        if (!CLASS_NAME.matcher(name).matches()) {
            throw new Refused("\"" + name + "\" is not a script name: it becomes a Java class, so it starts with a"
                    + " capital letter and has only letters and digits", "name it for what it shows, e.g. PollingVsPush");
        }
        Path script = adoc.getParent().resolve(name + ".java");
        if (Files.exists(script)) {
            throw new Refused(rel(script) + " exists already", "choose another name, or edit that script");
        }
        alias = alias == null || alias.isBlank() ? kebab(name) : alias;
        if (!SLUG.matcher(alias).matches()) {
            throw new Refused("\"" + alias + "\" is not an alias name", "use lower-case letters, digits and dashes, e.g. polling-vs-push");
        }
        if (Files.exists(notebooks().resolve(alias)) || Files.exists(root.resolve(alias))) {
            throw new Refused("the alias \"" + alias + "\" would be the name of a folder too, and JBang would take the folder",
                    "pass another with --alias " + chapter + "-" + alias);
        }
        String words = kebab(name).replace('-', ' ');
        description = description == null || description.isBlank()
                ? Character.toUpperCase(words.charAt(0)) + words.substring(1) + ", on 127.0.0.1 (" + title(adoc) + ")"
                : description.strip();
        String catalog = catalogWith(alias, script, description);

        write(script, Templates.script(name, description, kebab(name) + "-ms"));
        String text = Files.readString(adoc);
        write(adoc, text + (text.endsWith("\n") ? "" : "\n") + "\n// " + name
                + ": say what the reader should look for in this run, then show it.\n" + Templates.block(name));
        write(catalogFile(), catalog);
        int blockLine = (int) Files.readString(adoc).lines().count() - 1;
        return new Done(List.of(rel(script)),
                List.of(rel(adoc) + ":" + blockLine + " (a block for it, at the end)", "jbang-catalog.json (alias " + alias + ")"),
                List.of("Run it alone: ./jbang " + alias,
                        "Make it show its one idea: edit " + rel(script) + " (keep the tags server and client,\n"
                                + "or change tags= in the block), and its description in jbang-catalog.json",
                        "Move the block to its place in the prose, then: ./jbang site --only " + chapter));
    }

    private void checkSlug(String slug) throws Refused, IOException {
        String why = null;
        if (slug == null || slug.isEmpty()) {
            why = "the chapter needs a folder name";
        } else if (!SLUG.matcher(slug).matches()) {
            why = "\"" + slug + "\" is not a valid chapter folder name: it becomes the page's address (" + slug
                    + ".html), so it uses lower-case letters, digits and single dashes between words";
        } else if (RESERVED.contains(slug)) {
            why = "\"" + slug + "\" is taken by the site itself (" + slug + (slug.equals("index") ? ".html is the front page)" : ")");
        }
        if (why != null) {
            String suggestion = slug == null ? "" : slug.strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
            throw new Refused(why, "e.g. ./jbang new chapter "
                    + (suggestion.isEmpty() || RESERVED.contains(suggestion) ? "communication-model" : suggestion) + " \"Title\"");
        }
        Path folder = notebooks().resolve(slug);
        if (Files.exists(folder)) {
            boolean chapter = Files.isRegularFile(folder.resolve("chapter.adoc"));
            throw new Refused("notebooks/" + slug + "/ exists already" + (chapter ? " and is a chapter" : ""),
                    "choose another name" + (chapter ? ", or add a demo to it: ./jbang new demo " + slug + " Name" : ""));
        }
        if (navSlugs().contains(slug)) {
            throw new Refused("notebooks/nav.txt lists \"" + slug + "\" already", "choose another name, or remove that line first");
        }
    }

    /** The catalog's new text, checked; nothing is written yet. */
    private String catalogWith(String alias, Path script, String description) throws Refused, IOException {
        if (!Files.isRegularFile(catalogFile())) {
            throw new Refused("there is no jbang-catalog.json in " + root, "run this from the book's folder");
        }
        return CatalogText.withAlias(Files.readString(catalogFile()), alias, root.relativize(script).toString().replace('\\', '/'),
                description);
    }

    private Path notebooks() {
        return root.resolve("notebooks");
    }

    private Path nav() {
        return notebooks().resolve("nav.txt");
    }

    private Path catalogFile() {
        return root.resolve("jbang-catalog.json");
    }

    private List<String> navSlugs() throws IOException {
        if (!Files.isRegularFile(nav())) {
            return List.of();
        }
        return Files.readAllLines(nav()).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private List<String> chapters() throws IOException {
        try (Stream<Path> children = Files.list(notebooks())) {
            return children.filter(p -> Files.isRegularFile(p.resolve("chapter.adoc")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String title(Path adoc) throws IOException {
        return Files.readAllLines(adoc).stream().filter(l -> l.startsWith("= ")).map(l -> l.substring(2).strip())
                .findFirst().orElse(adoc.getParent().getFileName().toString());
    }

    private void appendLine(Path file, String line) throws IOException {
        String text = Files.isRegularFile(file) ? Files.readString(file) : "";
        write(file, text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + line + "\n");
    }

    /** Writes through a temporary file, so a file is never seen half-written. */
    private static void write(Path file, String text) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".new");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String rel(Path file) {
        return root.relativize(file).toString();
    }

    /** "PollingVsPush" → "polling-vs-push". */
    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
