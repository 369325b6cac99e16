package demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A demo run the way a reader runs it: {@code ./jbang <alias> <args>} from the book's root,
 * bounded in time, then ended with everything it started.
 */
final class ReaderRun {

    static final Path BOOK = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();

    private ReaderRun() {
    }

    /**
     * Runs {@code ./jbang} with {@code args} (an alias and its arguments), waits at most
     * {@code timeout}, and returns what it printed on standard output; fails the test when it
     * ran too long or exited with anything but 0 (with both outputs in the message).
     */
    static String run(Path dir, Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash", BOOK.resolve("jbang").toString()));
        command.addAll(List.of(args));
        String name = args.length == 0 ? "jbang" : args[0];
        Path out = Files.createTempFile(dir, name, ".out");
        Path err = Files.createTempFile(dir, name, ".err");
        Process process = new ProcessBuilder(command).directory(BOOK.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    "./jbang " + String.join(" ", args) + " did not finish in " + timeout.toSeconds() + " s");
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String stdout = Files.readString(out);
        assertEquals(0, process.exitValue(), "./jbang " + String.join(" ", args) + " failed:\n" + stdout + Files.readString(err));
        return stdout;
    }
}
