package check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import builder.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The book itself passes ./jbang check, run the way a contributor runs it (building site/ first if needed). */
class BookPassesCheckTest {
    @TempDir
    Path dir;

    @Test
    void theBookPassesItsOwnCheck() throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Processes.Finished finished = Processes.run(List.of("/bin/bash", TinyBook.BOOK.resolve("jbang").toString(), "check"),
                TinyBook.BOOK, Map.of(), out, err, Duration.ofMinutes(20));
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertEquals(0, finished.exit(), stdout + "\n" + stderr);
        assertTrue(stdout.contains("All checks passed."), stdout);
        assertTrue(stdout.contains("valid HTML (Nu HTML Checker): ok"), stdout);
    }
}
