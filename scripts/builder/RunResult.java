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
 */
public record RunResult(String key, int exit, boolean timedOut, long millis, String stdout, String stderr,
                        Map<String, String> figures, List<String> files, Path outDir, boolean cached) {

    public RunResult asCached() {
        return new RunResult(key, exit, timedOut, millis, stdout, stderr, figures, files, outDir, true);
    }

    /** The last {@code n} lines of a text, for error messages. */
    public static String tail(String text, int n) {
        List<String> lines = text.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
