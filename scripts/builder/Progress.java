package builder;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a build shows while it runs. On a terminal: one line, rewritten in
 * place (blocks done / total, cached, running, failed). Elsewhere (CI logs):
 * one line per block that ran.
 */
public class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final Path root;
    private int total;
    private int done;
    private int cached;
    private int running;
    private int failed;

    public Progress(PrintStream out, boolean terminal, Path root) {
        this.out = out;
        this.terminal = terminal;
        this.root = root;
    }

    /** Shows nothing: for tests and for serve, which reports in its own way. */
    public static Progress silent() {
        return new Progress(null, false, null);
    }

    public synchronized void start(int total, int cached) {
        this.total = total;
        this.cached = cached;
        this.done = cached;
        show();
    }

    public synchronized void running(Block block) {
        running++;
        show();
    }

    public synchronized void ran(Block block, RunResult result) {
        running = Math.max(0, running - 1);
        done++;
        if (out != null && !terminal) {
            out.printf("  ran %s (%s)%n", root.relativize(block.script()), Build.seconds(result.millis()));
        }
        show();
    }

    public synchronized void failed() {
        running = Math.max(0, running - 1);
        done++;
        failed++;
        show();
    }

    public synchronized void finish() {
        if (out != null && terminal && total > 0) {
            out.print("\r\033[K");
            out.flush();
        }
    }

    private void show() {
        if (out != null && terminal && total > 0) {
            out.printf("\r\033[Kblocks %d/%d · cached %d · running %d · failed %d", done, total, cached, running, failed);
            out.flush();
        }
    }
}
