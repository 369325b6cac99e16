package builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the builder needs to know about a JBang script without asking JBang:
 * every file it pulls in (through {@code //SOURCES} and {@code //FILES},
 * transitively), the text a page shows (without the JBang header), and its
 * tagged regions ({@code // tag::name[]} ... {@code // end::name[]}).
 */
public final class ScriptSource {

    /** JBang's directive lines: they belong to the build, not to the lesson. */
    private static final Pattern DIRECTIVE = Pattern.compile(
            "^\\s*//(?:[A-Z_]+)(?:\\s.*)?$|^///usr/bin/env.*$|^#!.*$");
    private static final Pattern SOURCES = Pattern.compile("^\\s*//SOURCES\\s+(.+)$");
    private static final Pattern FILES = Pattern.compile("^\\s*//FILES\\s+(.+)$");
    private static final Pattern TAG = Pattern.compile("^\\s*//\\s*(tag|end)::([\\w.-]+)\\[\\]\\s*$");

    private ScriptSource() {
    }

    /**
     * The script and every file it pulls in, in a stable order (the script first).
     * A missing file named by a directive is reported as an error.
     */
    public static List<Path> closure(Path script) throws BuildFailure {
        Set<Path> seen = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(script.toAbsolutePath().normalize()));
        List<BuildError> errors = new ArrayList<>();
        while (!todo.isEmpty()) {
            Path file = todo.pop();
            if (!seen.add(file) || !file.toString().endsWith(".java")) {
                continue;
            }
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                for (String entry : entries(lines.get(i), SOURCES)) {
                    List<Path> found = glob(file.getParent(), entry);
                    if (found.isEmpty()) {
                        errors.add(new BuildError(file + ":" + (i + 1),
                                "//SOURCES " + entry + " matches no file",
                                "fix: the path is relative to " + file.getParent()));
                    }
                    todo.addAll(found);
                }
                for (String entry : entries(lines.get(i), FILES)) {
                    String source = entry.contains("=") ? entry.substring(entry.indexOf('=') + 1) : entry;
                    Path resource = file.getParent().resolve(source).normalize();
                    if (Files.isRegularFile(resource)) {
                        seen.add(resource);
                    } else {
                        errors.add(new BuildError(file + ":" + (i + 1),
                                "//FILES " + entry + " names no file", "fix: the path is relative to " + file.getParent()));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new BuildFailure(errors);
        }
        return List.copyOf(seen);
    }

    private static List<String> entries(String line, Pattern directive) {
        Matcher m = directive.matcher(line);
        return m.matches() ? List.of(m.group(1).trim().split("\\s+")) : List.of();
    }

    /** Expands "../_kit/*.java": the folder part is a path, the last part may be a glob. */
    private static List<Path> glob(Path dir, String entry) {
        Path pattern = dir.resolve(entry).normalize();
        Path folder = pattern.getParent();
        String name = pattern.getFileName().toString();
        if (!name.contains("*") && !name.contains("?") && !name.contains("{")) {
            return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
        }
        Set<Path> found = new TreeSet<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, name)) {
                files.forEach(p -> found.add(p.normalize()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(found);
    }

    /** The tag names a script defines, in order of first appearance. */
    public static List<String> tags(Path script) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : read(script)) {
            Matcher m = TAG.matcher(line);
            if (m.matches() && m.group(1).equals("tag")) {
                names.add(m.group(2));
            }
        }
        return List.copyOf(names);
    }

    /**
     * The text a page shows: the whole script without JBang's header and tag
     * lines, or only the lines inside the given tags, left-aligned together.
     */
    public static String display(Path script, List<String> tags) {
        List<String> lines = read(script);
        if (tags.isEmpty()) {
            return wholeWithoutHeader(lines);
        }
        // Each run of consecutive shown lines is one region: left-aligned on its own,
        // separated from the next by a blank line.
        List<List<String>> regions = new ArrayList<>();
        List<String> region = new ArrayList<>();
        Map<String, Boolean> open = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher tag = TAG.matcher(line);
            if (tag.matches()) {
                open.put(tag.group(2), tag.group(1).equals("tag"));
                boolean showing = tags.stream().anyMatch(t -> open.getOrDefault(t, false));
                if (!showing && !region.isEmpty()) {
                    regions.add(region);
                    region = new ArrayList<>();
                }
                continue;
            }
            if (tags.stream().anyMatch(t -> open.getOrDefault(t, false))) {
                region.add(line);
            }
        }
        if (!region.isEmpty()) {
            regions.add(region);
        }
        List<String> shown = new ArrayList<>();
        for (List<String> r : regions) {
            if (!shown.isEmpty()) {
                shown.add("");
            }
            shown.addAll(trimBlankEnds(dedent(r)));
        }
        return String.join("\n", shown);
    }

    private static String wholeWithoutHeader(List<String> lines) {
        List<String> shown = new ArrayList<>();
        for (String line : lines) {
            if (TAG.matcher(line).matches() || DIRECTIVE.matcher(line).matches()) {
                continue;
            }
            if (shown.isEmpty() && line.isBlank()) {
                continue;
            }
            shown.add(line);
        }
        return String.join("\n", trimBlankEnds(shown));
    }

    private static List<String> trimBlankEnds(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        return lines.subList(from, to);
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
