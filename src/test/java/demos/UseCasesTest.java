package demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Use cases chapter's demos, run as a reader runs them ({@code ./jbang <alias>}):
 * each must exit 0 and print the line that says it proved its point.
 */
class UseCasesTest {
    private static final Path BOOK = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "chat     | every message reached all 9 others",
            "ticker   | others: true",
            "game     | HTTP requests               0       20",
            "coedit   | what both meant:          true",
            "resume   | -> 206, 638,976 B, file intact: true",
            "rest-api | All 9 answers carry the status HTTP",
    })
    void runsAndProvesItsPoint(String alias, String proof) throws Exception {
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(List.of("/bin/bash", BOOK.resolve("jbang").toString(), alias))
                .directory(BOOK.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(process.waitFor(3, TimeUnit.MINUTES), alias + " did not finish in 3 minutes");
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String stdout = Files.readString(out);
        assertEquals(0, process.exitValue(), alias + " failed:\n" + stdout + Files.readString(err));
        assertTrue(stdout.contains(proof), alias + " did not print \"" + proof + "\":\n" + stdout);
    }
}
