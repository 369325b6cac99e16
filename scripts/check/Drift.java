package check;

import builder.BuildError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hand-typed measurements in the book's prose. A number the book measured
 * must come from the run that measured it ({@code fig:chapter.name[]}), or it
 * drifts from what the scripts print the next time they run.
 *
 * <p>The rule, in {@link #RULE} (also printed by {@code ./jbang check --help}):
 * a number followed by a unit of time, size, rate, percentage or ratio is a
 * measurement, unless it is one of a few protocol constants.
 */
public final class Drift {

    /** The rule in words, for --help: lines of at most 78 characters. */
    public static final String RULE = """
            The drift rule. In notebooks/**/*.adoc, a number followed by a unit is a
            measurement, and must be a fig:<chapter>.<name>[] reference instead, so it
            always says what the last run printed. Units: time (ns µs us ms s sec
            seconds min minutes h), size (B bytes KB kB KiB MB MiB GB GiB), rate
            (req/s msg/s ops/s rps "per second"), percent (%), ratio (× x "times
            faster/slower/more/fewer"). "~45 µs" counts like "45 µs".
            Not prose, so not read: comments, listing/literal/passthrough blocks,
            `inline code`, +passthrough+, attribute lines, block macros (jbang::,
            image::), URLs, link/xref targets and fig: references.
            Protocol constants pass: numbers without a unit (status codes such as
            101 and 404, close codes 1000-1015, opcodes, 125), RFC numbers and
            sections (RFC 6455 §5.2), HTTP versions (HTTP/1.1), and the sizes that
            RFC 6455 fixes: 1, 2, 4, 6, 8, 10, 14, 16, 20, 125, 126, 127, 65,535 and
            65,536 bytes. Any other constant (a library default, such as an idle
            timeout of 30 s) passes when the line above it is a comment that says
            why, e.g.  // constant: Grizzly's default keep-alive idle timeout""";

    private static final String NUMBER = "(?:\\d{1,3}(?:[,\u00a0\u202f]\\d{3})+|\\d+)(?:\\.\\d+)?";
    private static final String UNIT = String.join("|",
            "ns", "µs", "μs", "us", "ms", "s", "secs?", "seconds?", "mins?", "minutes?", "h", "hours?",
            "B", "bytes?", "[kK]B", "KiB", "MB", "MiB", "GB", "GiB", "kilobytes?", "megabytes?",
            "(?:req|reqs|requests|msgs?|messages|ops|frames|events)/s", "rps", "per second",
            "%", "percent", "×", "x", "times (?:faster|slower|more|fewer|less|as)");
    /** A number, then optional space or a hyphen ("4-byte"), then a unit that ends there. */
    private static final Pattern MEASUREMENT = Pattern.compile(
            "(?<![\\w.,§/-])(" + NUMBER + ")[ \u00a0\u202f\u2009-]?(" + UNIT + ")(?![\\w/])");
    /** Protocol sizes fixed by RFC 6455 (frame header, mask key, lengths, handshake key and digest). */
    private static final Set<String> FRAME_BYTES = Set.of("1", "2", "4", "6", "8", "10", "14", "16", "20",
            "125", "126", "127", "65535", "65536");
    private static final Pattern BYTES = Pattern.compile("B|bytes?");
    private static final Pattern NOT_PROSE = Pattern.compile(String.join("|",
            "`[^`]*`", "\\+\\+\\+.*?\\+\\+\\+", "(?<![\\w+])\\+[^+\\s][^+]*\\+(?![\\w+])",
            "fig:[a-z0-9][a-z0-9-]*\\.[a-z0-9][a-z0-9-]*\\[\\]",
            "(?:https?|wss?|ftp|file|mailto):[^\\s\\[]+", "(?:link|xref|image|kbd|footnote):[^\\s\\[]*",
            "<<[^>]*>>", "\\{[a-z0-9_-]+\\}",
            "RFC\\s*\\d+(?:\\s*§\\s*[\\d.]+)?", "§\\s*[\\d.]+\\d", "HTTP/\\d(?:\\.\\d)?", "\\b0x[0-9A-Fa-f]+"));
    private static final Pattern CONSTANT = Pattern.compile("^//\\s*constant:\\s*\\S.*");

    private Drift() {
    }

    /** Every hand-typed measurement in the book's AsciiDoc files. */
    public static List<BuildError> check(Path root) throws IOException {
        List<BuildError> errors = new ArrayList<>();
        for (Path file : Prose.files(root)) {
            errors.addAll(check(root.relativize(file).toString(), Files.readAllLines(file)));
        }
        return errors;
    }

    /** The measurements in one file's lines; {@code name} is how errors name the file. */
    public static List<BuildError> check(String name, List<String> lines) {
        List<BuildError> errors = new ArrayList<>();
        Prose.Verbatim verbatim = new Prose.Verbatim();
        boolean constant = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (verbatim.delimits(line)) {
                continue;
            }
            boolean allowed = constant;
            constant = CONSTANT.matcher(line.strip()).matches();
            if (verbatim.inside() || allowed || line.startsWith("//") || line.matches("^:[\\w!-]+:.*")
                    || line.matches("^\\[.*\\]\\s*$") || line.matches("^[a-z]+::.*")) {
                continue;
            }
            String prose = NOT_PROSE.matcher(line).replaceAll(m -> " ".repeat(m.group().length()));
            Matcher m = MEASUREMENT.matcher(prose);
            while (m.find()) {
                String number = m.group(1).replaceAll("[,\u00a0\u202f]", "");
                if (BYTES.matcher(m.group(2)).matches() && FRAME_BYTES.contains(number)) {
                    continue;
                }
                errors.add(new BuildError(name + ":" + (i + 1),
                        "\"" + m.group().strip() + "\" is a measured number typed into prose; it will drift from what the scripts print",
                        "fix: publish it from the script that measures it (kit.Figures.publish(\"name\", value)) and write "
                                + "fig:<chapter>.<name>[] here; if it is a constant, not a measurement, put a line "
                                + "`// constant: <why>` above it (./jbang check --help has the rule)"));
            }
        }
        return errors;
    }
}
