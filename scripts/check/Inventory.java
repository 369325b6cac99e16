package check;

import builder.Book;
import builder.BuildError;
import builder.BuildFailure;
import builder.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The book's lists agree with its files: every catalog alias points to a
 * script, every script in {@code notebooks/} (outside the kit) has an alias
 * (a script starts with JBang's {@code ///usr/bin/env jbang} line; helpers do not),
 * and every chapter folder is in the nav list.
 */
public final class Inventory {
    /**
     * A demo: a file JBang runs as a script, so it starts with JBang's shebang line (the house
     * header). A chapter's helper has none, even with a main method: {@code ChatNode.java} in
     * scaling-out is the entry point of a child JVM that the demos start, pulled in by their
     * {@code //SOURCES} line, and is not run on its own.
     */
    private static final Pattern MAIN = Pattern.compile("\\A(?:\\uFEFF)?///usr/bin/env jbang");

    private Inventory() {
    }

    public static List<BuildError> check(Path root) throws IOException {
        List<BuildError> errors = new ArrayList<>();
        Catalog catalog;
        try {
            catalog = Catalog.read(root);
        } catch (BuildFailure e) {
            return new ArrayList<>(e.errors());
        }
        errors.addAll(catalog.danglingAliases());

        Path notebooks = root.resolve("notebooks");
        if (!Files.isDirectory(notebooks)) {
            errors.add(new BuildError("notebooks/", "the book has no notebooks/ folder", "fix: run ./jbang check from the book's root"));
            return errors;
        }
        List<Path> scripts;
        try (Stream<Path> walk = Files.walk(notebooks)) {
            scripts = walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                    .filter(p -> !notebooks.relativize(p).startsWith("_kit")).sorted().toList();
        }
        for (Path script : scripts) {
            if (catalog.aliasOf(script).isEmpty() && MAIN.matcher(Files.readString(script)).find()) {
                String name = script.getFileName().toString().replaceAll("\\.java$", "");
                String alias = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
                errors.add(new BuildError(root.relativize(script) + ":1", "script " + script.getFileName()
                        + " has no alias in jbang-catalog.json",
                        "fix: add to \"aliases\" in jbang-catalog.json:\n\"" + alias + "\": {\n  \"script-ref\": \""
                                + root.relativize(script) + "\",\n  \"description\": \"<one line: what the demo shows>\"\n}"));
            }
        }

        errors.addAll(Book.nav(notebooks).problems());
        return errors;
    }
}
