package builder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The collect stage: the book as its files describe it. Reads the nav list
 * ({@code notebooks/nav.txt}), the front page and each chapter, finds every
 * {@code jbang::} block and every {@code fig:} reference, and checks what can
 * be checked before anything runs.
 */
public record Book(Path root, List<Page> pages, List<Block> blocks, List<FigureRef> figureRefs, Catalog catalog) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern BLOCK = Pattern.compile("^jbang::([^\\[\\s]+)\\[(.*)\\]\\s*$");
    private static final Pattern FIGURE = Pattern.compile("fig:([a-z0-9][a-z0-9-]*\\.[a-z0-9][a-z0-9-]*)\\[\\]");
    private static final Pattern DELIMITER = Pattern.compile("^(-{4,}|\\.{4,}|/{4,}|\\+{4,})\\s*$");
    private static final Pattern TITLE = Pattern.compile("^=\\s+(.+)$");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public Path notebooks() {
        return root.resolve("notebooks");
    }

    public Path nav() {
        return notebooks().resolve("nav.txt");
    }

    /** Reads and checks the whole book; every problem found is reported at once. */
    public static Book collect(Path root) throws BuildFailure {
        root = root.toAbsolutePath().normalize();
        List<BuildError> errors = new ArrayList<>();
        Catalog catalog = Catalog.read(root);

        Path notebooks = root.resolve("notebooks");
        List<Page> pages = new ArrayList<>();
        Path index = notebooks.resolve("index.adoc");
        if (!Files.isRegularFile(index)) {
            errors.add(new BuildError(root.relativize(index).toString(), "the front page is missing",
                    "fix: create notebooks/index.adoc with a `= Title` line"));
        } else {
            pages.add(new Page("index", title(index), index));
        }
        Nav nav = nav(notebooks);
        pages.addAll(nav.chapters());
        errors.addAll(nav.problems());

        List<Block> blocks = new ArrayList<>();
        List<FigureRef> figureRefs = new ArrayList<>();
        for (Page page : pages) {
            scan(root, page, catalog, blocks, figureRefs, errors);
        }
        // A renamed script leaves its alias behind: the block's message names both, so one mistake is one message.
        Set<Path> missing = new LinkedHashSet<>();
        pages.forEach(p -> missingScripts(p, missing));
        errors.addAll(0, catalog.danglingAliases(missing));
        if (!errors.isEmpty()) {
            throw new BuildFailure(errors);
        }
        return new Book(root, List.copyOf(pages), List.copyOf(blocks), List.copyOf(figureRefs), catalog);
    }

    private static int lastChapterLine(List<String> navLines) {
        for (int i = navLines.size() - 1; i >= 0; i--) {
            String line = navLines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                return i;
            }
        }
        return -1;
    }

    /** The scripts a page's blocks name that do not exist. */
    private static void missingScripts(Page page, Set<Path> missing) {
        for (String line : ScriptSource.read(page.adoc())) {
            Matcher block = BLOCK.matcher(line);
            if (block.matches()) {
                Path script = page.adoc().getParent().resolve(block.group(1)).normalize();
                if (!Files.isRegularFile(script)) {
                    missing.add(script);
                }
            }
        }
    }

    /** The chapters the nav list names, in reading order, and every problem with the list. */
    public record Nav(List<Page> chapters, List<BuildError> problems) {
    }

    /** Reads {@code notebooks/nav.txt} against the chapter folders that exist. */
    public static Nav nav(Path notebooks) {
        List<Page> pages = new ArrayList<>();
        List<BuildError> errors = new ArrayList<>();
        Set<String> listed = new LinkedHashSet<>();
        Path nav = notebooks.resolve("nav.txt");
        List<String> navLines = Files.isRegularFile(nav) ? ScriptSource.read(nav) : List.of();
        if (!Files.isRegularFile(nav)) {
            errors.add(new BuildError("notebooks/nav.txt", "the nav list is missing",
                    "fix: create it with one chapter folder name per line, in reading order"));
        }
        for (int i = 0; i < navLines.size(); i++) {
            String slug = navLines.get(i).strip();
            if (slug.isEmpty() || slug.startsWith("#")) {
                continue;
            }
            String where = "notebooks/nav.txt:" + (i + 1);
            Path chapter = notebooks.resolve(slug).resolve("chapter.adoc");
            if (!SLUG.matcher(slug).matches()) {
                errors.add(new BuildError(where, "\"" + slug + "\" is not a chapter folder name",
                        "fix: use lower-case letters, digits and dashes, e.g. communication-model"));
            } else if (!listed.add(slug)) {
                errors.add(new BuildError(where, "chapter \"" + slug + "\" is listed twice", "fix: keep one line"));
            } else if (!Files.isRegularFile(chapter)) {
                errors.add(new BuildError(where, "chapter \"" + slug + "\" has no notebooks/" + slug + "/chapter.adoc",
                        "fix: create it (./jbang new chapter " + slug + " \"Title\"), or remove this line"));
            } else {
                pages.add(new Page(slug, title(chapter), chapter));
            }
        }
        for (Path folder : chapterFolders(notebooks)) {
            String slug = folder.getFileName().toString();
            if (!listed.contains(slug)) {
                errors.add(new BuildError("notebooks/" + slug + "/chapter.adoc:1", "chapter \"" + slug
                        + "\" is not in notebooks/nav.txt, so no page links to it and the build leaves it out",
                        "fix: add the line `" + slug + "` to notebooks/nav.txt where it belongs in reading order"
                                + (listed.isEmpty() ? "" : " (the last chapter now is line " + (lastChapterLine(navLines) + 1)
                                + ", " + listed.stream().reduce((a, b) -> b).orElseThrow() + ")")));
            }
        }

        return new Nav(List.copyOf(pages), List.copyOf(errors));
    }

    private static List<Path> chapterFolders(Path notebooks) {
        try (Stream<Path> children = Files.list(notebooks)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("chapter.adoc"))).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String title(Path adoc) {
        for (String line : ScriptSource.read(adoc)) {
            Matcher m = TITLE.matcher(line);
            if (m.matches()) {
                return m.group(1).strip();
            }
        }
        return adoc.getParent().getFileName().toString();
    }

    /** Finds blocks and figure references outside comments and verbatim blocks, as Asciidoctor would. */
    private static void scan(Path root, Page page, Catalog catalog, List<Block> blocks,
                             List<FigureRef> figureRefs, List<BuildError> errors) {
        List<String> lines = ScriptSource.read(page.adoc());
        String verbatim = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = root.relativize(page.adoc()) + ":" + (i + 1);
            Matcher delimiter = DELIMITER.matcher(line);
            if (delimiter.matches()) {
                String d = delimiter.group(1);
                verbatim = verbatim == null ? d : (verbatim.equals(d) ? null : verbatim);
                continue;
            }
            if (verbatim != null || line.startsWith("//")) {
                continue;
            }
            Matcher block = BLOCK.matcher(line);
            if (block.matches()) {
                try {
                    blocks.add(block(root, page, i + 1, block.group(1), Attributes.parse(block.group(2)), catalog));
                } catch (BuildFailure e) {
                    errors.addAll(e.errors());
                } catch (IllegalArgumentException e) {
                    errors.add(new BuildError(where, e.getMessage(),
                            "fix: write attributes like jbang::Name.java[args=\"--count 3\", tags=\"setup;send\", timeout=30s, expect-exit=0, exclusive]"));
                }
            }
            Matcher figure = FIGURE.matcher(line);
            while (figure.find()) {
                figureRefs.add(new FigureRef(figure.group(1), where));
            }
        }
    }

    private static Block block(Path root, Page page, int line, String target, Map<String, String> attributes,
                               Catalog catalog) throws BuildFailure {
        String where = root.relativize(page.adoc()) + ":" + line;
        Path folder = page.adoc().getParent();
        Path script = folder.resolve(target).normalize();
        if (!Files.isRegularFile(script)) {
            List<String> near = javaFiles(folder);
            String hint = Suggest.nearest(target, near).map(n -> "fix: did you mean jbang::" + n + "[...]?")
                    .orElse(near.isEmpty() ? "fix: create " + root.relativize(script)
                            : "fix: scripts here are " + String.join(", ", near));
            String alias = catalog.aliasOf(script).map(a -> "\n(the alias \"" + a + "\" at " + Catalog.where(catalog.file(), a)
                    + " points to it too: fix its \"script-ref\" as well if the script was renamed)").orElse("");
            throw new BuildFailure(new BuildError(where, "script " + target + " does not exist ("
                    + root.relativize(script) + ")", hint + alias));
        }
        if (catalog.aliasOf(script).isEmpty()) {
            String alias = target.replaceAll("\\.java$", "").replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            throw new BuildFailure(new BuildError(where, "script " + target + " has no alias in jbang-catalog.json",
                    "fix: add to \"aliases\" in jbang-catalog.json:\n"
                            + "\"" + alias + "\": {\n  \"script-ref\": \"" + root.relativize(script) + "\",\n"
                            + "  \"description\": \"<one line: what the demo shows>\"\n}"));
        }
        List<String> tags = attributes.containsKey("tags")
                ? List.of(attributes.get("tags").split("[;,]")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList()
                : List.of();
        List<String> known = ScriptSource.tags(script);
        for (String tag : tags) {
            if (!known.contains(tag)) {
                throw new BuildFailure(new BuildError(where, "tag \"" + tag + "\" is not in " + target,
                        known.isEmpty() ? "fix: mark a region in the script with // tag::" + tag + "[] ... // end::" + tag + "[]"
                                : Suggest.nearest(tag, known).map(n -> "fix: did you mean tags=\"" + n + "\"? ").orElse("fix: ")
                                + "the tags in " + target + " are: " + String.join(", ", known)));
            }
        }
        Duration timeout = attributes.containsKey("timeout") ? Attributes.duration(attributes.get("timeout")) : DEFAULT_TIMEOUT;
        int expectExit = Integer.parseInt(attributes.getOrDefault("expect-exit", "0"));
        List<String> args = Attributes.split(attributes.getOrDefault("args", ""));
        return new Block(page.slug(), page.adoc(), line, target, script, args, tags, timeout, expectExit,
                attributes.containsKey("exclusive"));
    }

    private static List<String> javaFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Blocks grouped by page, in page order. */
    public Map<String, List<Block>> blocksByPage() {
        Map<String, List<Block>> byPage = new LinkedHashMap<>();
        pages.forEach(p -> byPage.put(p.slug(), new ArrayList<>()));
        blocks.forEach(b -> byPage.get(b.chapter()).add(b));
        return byPage;
    }
}
