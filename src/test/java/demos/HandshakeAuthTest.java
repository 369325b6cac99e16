package demos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handshake-auth demo as a reader runs it ({@code ./jbang handshake-auth}), behind a real
 * nginx: the access-log lines it prints are nginx's own, and this test reads them for the
 * tokens the run used.
 */
class HandshakeAuthTest {
    private static final Pattern TOKENS = Pattern.compile("the tokens of this run: query string (\\S+), subprotocol (\\S+)");

    @TempDir
    Path dir;

    @Test
    void aQueryStringTokenLandsInTheAccessLogAndASubprotocolTokenDoesNot() throws Exception {
        String stdout = ReaderRun.run(dir, java.time.Duration.ofMinutes(3), "handshake-auth");
        Matcher tokens = TOKENS.matcher(stdout);
        assertTrue(tokens.find(), "the run names its tokens:\n" + stdout);
        List<String> log = stdout.lines().filter(line -> line.startsWith("  127.0.0.1 ")).toList();
        assertTrue(log.size() >= 9, "nginx logged every request:\n" + stdout);
        assertTrue(log.stream().anyMatch(line -> line.contains("GET /query?token=" + tokens.group(1) + " ")),
                "the query-string token is in nginx's log:\n" + String.join("\n", log));
        assertFalse(log.stream().anyMatch(line -> line.contains(tokens.group(2))),
                "the subprotocol token is not in nginx's log:\n" + String.join("\n", log));
        assertTrue(log.stream().anyMatch(line -> line.contains("GET /protocol HTTP/1.1\" 101 ")),
                "the subprotocol handshake itself was logged, without its token");
    }
}
