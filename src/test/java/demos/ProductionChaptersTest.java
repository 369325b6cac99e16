package demos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
        String stdout = ReaderRun.run(dir, java.time.Duration.ofMinutes(4), alias);
        for (String line : proof.split(";")) {
            assertTrue(stdout.contains(line), alias + " did not print \"" + line + "\":\n" + stdout);
        }
    }
}
