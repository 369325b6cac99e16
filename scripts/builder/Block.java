package builder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One {@code jbang::Script.java[...]} line of a chapter: which script to run,
 * how, and where the line is (for error messages and for finding the result
 * again at render time).
 *
 * @param chapter     the chapter's slug ("index" for the front page)
 * @param adoc        the chapter file that holds the block
 * @param line        1-based line of the macro in {@code adoc}
 * @param target      the script as written in the macro, relative to the chapter folder
 * @param script      the script file, absolute and normalised
 * @param args        arguments passed to the script, already split like a shell would
 * @param tags        tagged regions to show; empty means the whole script without its header
 * @param timeout     how long the script may run before its process tree is killed
 * @param expectExit  the exit status that counts as success
 * @param exclusive   run alone, with no other block running (timing-sensitive demos)
 */
public record Block(String chapter, Path adoc, int line, String target, Path script,
                    List<String> args, List<String> tags, Duration timeout, int expectExit,
                    boolean exclusive) {

    /** Where the block is written, as "notebooks/state/chapter.adoc:12". */
    public String where(Path root) {
        return root.relativize(adoc) + ":" + line;
    }

    /** How the block is found again while rendering: same file, same script, same arguments. */
    public String renderKey() {
        return renderKey(adoc, target, String.join("\u0000", args));
    }

    static String renderKey(Path adoc, String target, String joinedArgs) {
        return adoc.toAbsolutePath().normalize() + "|" + target + "|" + joinedArgs;
    }
}
