package kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a demo's chapter claims, checked by the run itself.
 *
 * <p>{@code Claims.check("ten requests used one connection", connections == 1, "connections: " + connections)}
 * states one sentence of the prose as a condition on what this run measured. When it holds, the
 * run goes on; when the book is built, the claim is recorded in {@code claims.tsv} in
 * {@code BOOK_OUTPUT_DIR} and the page lists it beside the output. When it does not hold, the
 * demo says so on standard error, with the claim, what was observed and the line that checked it,
 * and exits with status {@value #FAILED}: a run that contradicts its chapter fails the build.
 *
 * <p>A timing claim is a relation with room to spare ("WebSocket p90 below short polling's p50"),
 * never a tight number: it must hold on a loaded two-core machine too.
 */
public final class Claims {

    /** The exit status of a run whose claim did not hold. */
    public static final int FAILED = 70;

    private Claims() {}

    /** Checks one claim; see the class comment. */
    public static void check(String claim, boolean holds) {
        check(claim, holds, "");
    }

    /**
     * Checks one claim, with what the run observed (printed when the claim fails, and kept on
     * the page beside the claim).
     */
    public static synchronized void check(String claim, boolean holds, String observed) {
        if (claim.isBlank() || claim.contains("\t") || claim.contains("\n")) {
            throw new IllegalArgumentException("a claim is one line of text: " + claim);
        }
        String evidence = observed == null ? "" : observed.replaceAll("[\\t\\r\\n]+", " ").strip();
        String where = caller();
        record(holds, where, claim, evidence);
        if (holds) {
            if (outputDir() == null) System.out.println("  checked: " + claim);
            return;
        }
        System.out.flush();
        System.err.println("claim failed: " + claim + " (" + where + ")");
        if (!evidence.isEmpty()) System.err.println("  observed: " + evidence);
        System.err.flush();
        System.exit(FAILED);
    }

    /** The script file and line that called {@code check}. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Claims.class.getName()))
                .findFirst()
                .map(f -> (f.getFileName() == null ? f.getClassName() : f.getFileName()) + ":" + f.getLineNumber())
                .orElse("?"));
    }

    private static void record(boolean holds, String where, String claim, String evidence) {
        Path dir = outputDir();
        if (dir == null) return;
        String line = (holds ? "holds" : "failed") + "\t" + where + "\t" + claim + "\t" + evidence + "\n";
        try {
            Files.writeString(dir.resolve("claims.tsv"), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path outputDir() {
        String dir = System.getenv("BOOK_OUTPUT_DIR");
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }
}
