package check;

import builder.BuildError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Comparisons in prose that nothing checks. A sentence that sets two measured figures side by
 * side with a comparative word ("fig:a[] is below fig:b[]") states something the next run may
 * contradict; it must rest on a claim the run checks (kit.Claims) or on the RFC it cites.
 * The rule in words is {@link #RULE} (also printed by {@code ./jbang check --help}).
 */
public final class Comparisons {

    /** The rule in words, for --help: lines of at most 78 characters. */
    public static final String RULE = """
            The comparison rule. In notebooks/**/*.adoc, a sentence that quotes two or
            more fig: references and a comparative word (faster, slower, fewer, more,
            less, than, below, above, under, over, higher, lower, larger, smaller,
            longer, shorter, cheaper, twice, half, ×, exceeds, beats, and "times"
            before as/the/that/what: "3 times as many") must have
            something behind it: either it cites an RFC ("RFC 9112 §9.3"), or a line
            // claim: <the claim>
            stands directly above its paragraph or inside it, and <the claim> is, word
            for word, the first argument of a Claims.check("<the claim>", ...) in a
            script of the same chapter folder. A page that quotes another chapter's
            figures names that chapter's claim: // claim: <chapter>: <the claim>
            (the folder name, e.g. // claim: use-cases: <the claim>). The run checks
            that claim every build and the page lists it under the output. A claim:
            line that names no such check is a problem too. Sentences end at . ! or ?
            before a space; in a table (|===) each line is read on its own, and a
            claim: line backs only the table line below it.""";

    private static final Pattern FIGURE = Pattern.compile("fig:[a-z0-9][a-z0-9-]*\\.[a-z0-9][a-z0-9-]*\\[\\]");
    private static final Pattern COMPARATIVE = Pattern.compile("(?i)(?<![\\w-])(faster|slower|fewer|more|less|than|below|above"
            + "|under|over|higher|lower|larger|smaller|longer|shorter|cheaper|twice|half|exceeds?|beats?)(?![\\w-])"
            + "|(?i)\\btimes\\s+(?:as|the|that|what)\\b|×");
    private static final Pattern RFC = Pattern.compile("\\bRFC\\s*\\d+");
    private static final Pattern CLAIM_LINE = Pattern.compile("^//\\s*claim:\\s*(\\S.*?)\\s*$");
    private static final Pattern CHECK_CALL = Pattern.compile("Claims\\.check\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern OTHER_CHAPTER = Pattern.compile("^([a-z0-9][a-z0-9-]*):\\s+(\\S.*)$");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s|$)");

    private Comparisons() {
    }

    /** Every unbacked comparison in the book's AsciiDoc files. */
    public static List<BuildError> check(Path root) throws IOException {
        List<BuildError> errors = new ArrayList<>();
        Path notebooks = root.resolve("notebooks");
        for (Path file : Prose.files(root)) {
            errors.addAll(check(root.relativize(file).toString().replace('\\', '/'), Files.readAllLines(file),
                    claimsIn(file.getParent()), chapter -> chapterClaims(notebooks, chapter)));
        }
        return errors;
    }

    /** The claims of chapter folder {@code chapter}, or nothing when there is no such folder. */
    private static Optional<Set<String>> chapterClaims(Path notebooks, String chapter) {
        Path folder = notebooks.resolve(chapter);
        if (chapter.startsWith("_") || !Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try {
            return Optional.of(claimsIn(folder));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The literal claims that the scripts in a folder check. */
    static Set<String> claimsIn(Path folder) throws IOException {
        Set<String> claims = new HashSet<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path script : list.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CHECK_CALL.matcher(Files.readString(script));
                while (m.find()) {
                    claims.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
        }
        return claims;
    }

    /** The unbacked comparisons in one file's lines; {@code claims} are the checks its chapter's scripts make. */
    public static List<BuildError> check(String name, List<String> lines, Set<String> claims) {
        return check(name, lines, claims, chapter -> Optional.empty());
    }

    /**
     * The unbacked comparisons in one file's lines; {@code claims} are the checks its chapter's
     * scripts make, and {@code otherChapter} gives another chapter folder's (empty: no such folder).
     */
    public static List<BuildError> check(String name, List<String> lines, Set<String> claims,
                                         Function<String, Optional<Set<String>>> otherChapter) {
        List<BuildError> errors = new ArrayList<>();
        Prose.Verbatim verbatim = new Prose.Verbatim();
        List<Integer> paragraph = new ArrayList<>();
        boolean backed = false;
        boolean table = false;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "";
            if (verbatim.delimits(line)) {
                flush(name, lines, paragraph, backed, errors);
                backed = false;
                continue;
            }
            if (verbatim.inside()) {
                continue;
            }
            if (line.startsWith("|===")) {
                table = !table;
            }
            Matcher claim = CLAIM_LINE.matcher(line.strip());
            if (claim.matches()) {
                String text = claim.group(1);
                Matcher other = OTHER_CHAPTER.matcher(text);
                Optional<Set<String>> there = other.matches() && !claims.contains(text)
                        ? otherChapter.apply(other.group(1)) : Optional.empty();
                if (claims.contains(text)) {
                    backed = true;
                } else if (there.isPresent() && there.get().contains(other.group(2))) {
                    backed = true;
                } else if (there.isPresent()) {
                    errors.add(new BuildError(name + ":" + (i + 1), "\"// claim: " + text
                            + "\" names no claim that a script of chapter " + other.group(1) + " checks",
                            "fix: write the claim word for word as it is in Claims.check(\"...\", ...) in a script of "
                                    + "notebooks/" + other.group(1) + "/, or check it there (./jbang check --help has the rule)"));
                } else {
                    errors.add(new BuildError(name + ":" + (i + 1), "\"// claim: " + claim.group(1)
                            + "\" names no claim that a script of this chapter checks",
                            "fix: write the claim word for word as it is in Claims.check(\"...\", ...) in a script of "
                                    + "this folder, or check it there (./jbang check --help has the rule)"));
                }
                continue;
            }
            if (line.isBlank() || line.matches("^[a-z]+::.*") || line.matches("^\\[.*\\]\\s*$") || line.matches("^=+ .*")) {
                flush(name, lines, paragraph, backed, errors);
                backed = false;
                continue;
            }
            if (line.startsWith("//") || line.matches("^:[\\w!-]+:.*")) {
                continue;
            }
            paragraph.add(i);
            if (table) {
                flush(name, lines, paragraph, backed, errors);
                backed = false;
            }
        }
        return errors;
    }

    private static void flush(String name, List<String> lines, List<Integer> paragraph, boolean backed, List<BuildError> errors) {
        if (!backed && !paragraph.isEmpty()) {
            StringBuilder text = new StringBuilder();
            List<Integer> lineAt = new ArrayList<>();
            for (int index : paragraph) {
                for (char c : (lines.get(index) + " ").toCharArray()) {
                    text.append(c);
                    lineAt.add(index + 1);
                }
            }
            int start = 0;
            Matcher end = SENTENCE_END.matcher(text);
            while (start < text.length()) {
                int stop = end.find() ? end.end() : text.length();
                String sentence = text.substring(start, stop);
                int firstChar = start + (sentence.length() - sentence.stripLeading().length());
                if (!sentence.isBlank() && unbacked(sentence)) {
                    String shown = sentence.strip();
                    errors.add(new BuildError(name + ":" + lineAt.get(Math.min(firstChar, lineAt.size() - 1)),
                            "this sentence compares measured figures and nothing checks it: \""
                                    + (shown.length() > 120 ? shown.substring(0, 117) + "..." : shown) + "\"",
                            "fix: check it in the script that measures it (kit.Claims.check(\"<the claim>\", condition, "
                                    + "\"observed: \" + value)) and put `// claim: <the claim>` above the paragraph, "
                                    + "or cite the RFC section it rests on (./jbang check --help has the rule)"));
                }
                start = stop;
            }
        }
        paragraph.clear();
    }

    static boolean unbacked(String sentence) {
        Matcher figures = FIGURE.matcher(sentence);
        int count = 0;
        while (figures.find()) {
            count++;
        }
        if (count < 2 || RFC.matcher(sentence).find()) {
            return false;
        }
        String words = FIGURE.matcher(sentence).replaceAll(" ").replaceAll("`[^`]*`", " ");
        return COMPARATIVE.matcher(words).find();
    }
}
