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
 * The through-a-proxy and scaling-out demos, run as a reader runs them ({@code ./jbang <alias>}):
 * each must exit 0 (a failed claim exits 70) and print the outcome it exists to show: the
 * handshake turned into a GET, the idle tunnel cut at the timeout, 0 % vs 100 % delivered,
 * a drain and a resumed event stream with nothing missing. (Lines to find are split by ';'.)
 */
class ProductionChaptersTest {
    private static final Path BOOK = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "proxy-hop-by-hop      | checked: through the proxy that drops hop-by-hop headers, the handshake did not get a 101",
            "proxy-idle-timeout    | checked: the idle WebSocket was cut at the proxy's timeout (within a quarter of it either way)",
            "scale-backplane       | none                 100 %            0 %;Redis pub/sub        100 %          100 %",
            "scale-drain           | checked: every client got every entry: nothing was lost in the move",
            "scale-stateless-http  | checked: the event stream resumed on a different server with nothing missing and nothing twice",
    })
    void runsAndProvesItsPoint(String alias, String proof) throws Exception {
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(List.of("/bin/bash", BOOK.resolve("jbang").toString(), alias))
                .directory(BOOK.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(process.waitFor(4, TimeUnit.MINUTES), alias + " did not finish in 4 minutes");
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String stdout = Files.readString(out);
        assertEquals(0, process.exitValue(), alias + " failed:\n" + stdout + Files.readString(err));
        for (String line : proof.split(";")) {
            assertTrue(stdout.contains(line), alias + " did not print \"" + line + "\":\n" + stdout);
        }
    }
}
