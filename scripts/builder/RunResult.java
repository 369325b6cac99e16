package builder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one run of a block produced, stored per cache key.
 *
 * @param key      the run's cache key
 * @param exit     the exit status (-1 when it was killed at its timeout)
 * @param timedOut whether the run was killed at its timeout
 * @param millis   wall time of the script's process
 * @param stdout   what it printed on standard output
 * @param stderr   what it printed on standard error
 * @param figures  named values it published (see kit.Figures), in publishing order
 * @param files    files it wrote for its block to embed, relative to {@code outDir}
 * @param outDir   where those files are
 * @param cached   true when this result came from the cache rather than a run of this build
 * @param claims   the claims it checked (see kit.Claims), in the order it checked them, each once
 */
public record RunResult(String key, int exit, boolean timedOut, long millis, String stdout, String stderr,
                        Map<String, String> figures, List<String> files, Path outDir, boolean cached,
                        List<Claim> claims) {

    /**
     * One claim a run checked: a line of {@code claims.tsv}.
     *
     * @param holds    whether the run's measurement bore it out
     * @param where    the file and line that checked it, as the stack names it ({@code Hello.java:42})
     * @param text     the claim, one sentence
     * @param observed what the run measured, as the script put it (may be empty)
     */
    public record Claim(boolean holds, String where, String text, String observed) {
    }

    /** A result whose claims are read from {@code claims.tsv} in its {@code outDir}. */
    public RunResult(String key, int exit, boolean timedOut, long millis, String stdout, String stderr,
                     Map<String, String> figures, List<String> files, Path outDir, boolean cached) {
        this(key, exit, timedOut, millis, stdout, stderr, figures, files, outDir, cached, ResultStore.claims(outDir));
    }

    public RunResult asCached() {
        return new RunResult(key, exit, timedOut, millis, stdout, stderr, figures, files, outDir, true, claims);
    }

    /** The first claim that did not hold, if any. */
    public java.util.Optional<Claim> failedClaim() {
        return claims.stream().filter(c -> !c.holds()).findFirst();
    }

    /** The last {@code n} lines of a text, for error messages. */
    public static String tail(String text, int n) {
        List<String> lines = text.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
