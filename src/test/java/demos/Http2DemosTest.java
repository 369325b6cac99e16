package demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP/2 chapter's demos, each run once through {@code ./jbang <alias>} as a reader would
 * run them. The checks are on what the wire showed (frames decoded by the tap, connections it
 * counted), not on timings.
 */
class Http2DemosTest {


    @TempDir
    Path dir;

    private String run(int timeoutSeconds, String... args) throws Exception {
        return ReaderRun.run(dir, java.time.Duration.ofSeconds(timeoutSeconds), args);
    }

    private static Matcher find(String output, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(output);
        assertTrue(m.find(), "no line matching " + regex + " in:\n" + output);
        return m;
    }

    @Test
    void multiplexingAnswersOutOfRequestOrderOnOneConnection() throws Exception {
        String out = run(240, "multiplexing");
        find(out, "all over 1 TCP connection$");
        // the requests went out as 3, 1, 2 (HEADERS frames, in the tap's order) ...
        List<String> sent = new ArrayList<>(), answered = new ArrayList<>();
        Matcher request = Pattern.compile("^ +[\\d.]+ ms  #1 -> HEADERS #(\\d+) .*:path /square\\?n=(\\d)", Pattern.MULTILINE).matcher(out);
        while (request.find()) sent.add(request.group(1));
        Matcher answer = Pattern.compile("^ +[\\d.]+ ms  #1 <- DATA #(\\d+) .*END_STREAM", Pattern.MULTILINE).matcher(out);
        while (answer.find()) if (!answer.group(1).equals("1")) answered.add(answer.group(1));
        assertEquals(3, sent.size(), out);
        assertEquals(3, answered.size(), out);
        assertTrue(!sent.equals(answered), "answers came back in request order: " + sent + "\n" + out);
        // ... and came back as work finished; pipelined HTTP/1.1 kept request order
        find(out, "HTTP/2, three streams, sent \\[n=3, n=1, n=2\\]: +answers \\[1, 4, 9\\]");
        find(out, "^HTTP/1\\.1 pipelined, same server, same questions: answers \\[9, 1, 4\\]");
    }

    @Test
    void webSocketsOverHttp2UseExtendedConnectOnOneConnection() throws Exception {
        String out = run(240, "websocket-over-h2");
        find(out, "^  <- SETTINGS .*ENABLE_CONNECT_PROTOCOL\\(0x8\\)=1");
        List<String> streams = new ArrayList<>();
        Matcher connect = Pattern.compile("^  -> HEADERS #(\\d+) :method CONNECT :protocol websocket ", Pattern.MULTILINE).matcher(out);
        while (connect.find()) streams.add(connect.group(1));
        assertEquals(2, streams.stream().distinct().count(), "two extended CONNECTs on two streams\n" + out);
        for (String stream : streams) find(out, "^  <- HEADERS #" + stream + " :status 200 ");
        find(out, "^       WebSocket text \\d+ B, masked$");
        find(out, "^the tap counted 1 TCP connection for both WebSockets \\(streams \\[" + streams.get(0) + ", " + streams.get(1) + "\\]\\)");
        find(out, "^  #2 ->  GET /echo HTTP/1\\.1 \\(asks to switch to WebSocket\\)$");
        find(out, "^  #2 <-  HTTP/1\\.1 101 Switching Protocols");
    }
}
