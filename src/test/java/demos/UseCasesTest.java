package demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Use cases chapter's demos, run as a reader runs them ({@code ./jbang <alias>}):
 * each must exit 0 (a demo whose claim fails exits 70) and show, in what it measured, the behaviour
 * its chapter describes.
 */
class UseCasesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ticker   | others: true",
            "game     | HTTP requests               0       20",
            "resume   | -> 206, 638,976 B, file intact: true",
            "rest-api | All 9 answers carry the status HTTP",
    })
    void runsAndProvesItsPoint(String alias, String proof) throws Exception {
        String stdout = run(alias);
        assertTrue(stdout.contains(proof), alias + " did not print \"" + proof + "\":\n" + stdout);
    }

    /** The chat's table, read as numbers: what each room cost, measured on the tap. */
    @Test
    void chatOverWebSocketCostsOneRequestPerMemberAndNothingInSilence() throws Exception {
        String out = run("chat");
        long[] requests = row(out, "requests"), bytes = row(out, "bytes"), p50 = row(out, "p50 ms");
        long[] quietRequests = row(out, "quiet 1 s: requests"), quietBytes = row(out, "quiet 1 s: bytes");
        assertEquals(10, requests[0], "one handshake per member:\n" + out);
        assertTrue(requests[1] > 10 * 2 + 50, "joins, ann's 50 messages and the polls:\n" + out);
        assertTrue(bytes[1] > bytes[0], out);
        assertTrue(p50[1] > p50[0], "a polled message waits for the next poll:\n" + out);
        assertEquals(0, quietRequests[0], out);
        assertEquals(0, quietBytes[0], out);
        assertTrue(quietRequests[1] > 0, "polling kept asking in the quiet second:\n" + out);
        assertTrue(quietBytes[1] > 0, out);
    }

    /** Both co-editing runs: every copy the same; only transformation gives the intended text. */
    @Test
    void coeditConvergesAndOnlyTransformationKeepsBothEdits() throws Exception {
        String out = run("coedit");
        String[] runs = out.split("== a server that orders and transforms");
        assertEquals(2, runs.length, out);
        List<String> ordered = texts(runs[0]), transformed = texts(runs[1]);
        assertEquals(3, ordered.size(), out);
        assertEquals(3, transformed.size(), out);
        assertEquals(1, ordered.stream().distinct().count(), "ordering alone: every copy the same\n" + out);
        assertEquals(List.of("The brown fox jumps"), transformed.stream().distinct().toList(), out);
        assertNotEquals("The brown fox jumps", ordered.get(0), "ordering alone cannot keep both edits\n" + out);
    }

    /** The quoted texts of "ann sees:", "bob sees:" and "server has:" lines. */
    private static List<String> texts(String output) {
        Matcher m = Pattern.compile("^(?:ann sees|bob sees|server has): +\"(.*)\"$", Pattern.MULTILINE).matcher(output);
        List<String> texts = new ArrayList<>();
        while (m.find()) texts.add(m.group(1));
        return texts;
    }

    /** The two numbers of a table row ("requests  10  215"), WebSocket first; decimals are dropped. */
    private static long[] row(String output, String label) {
        Matcher m = Pattern.compile("^" + Pattern.quote(label) + " +([\\d,.]+) +([\\d,.]+)$", Pattern.MULTILINE).matcher(output);
        assertTrue(m.find(), "no row \"" + label + "\" in:\n" + output);
        return new long[] {number(m.group(1)), number(m.group(2))};
    }

    private static long number(String text) {
        return (long) Double.parseDouble(text.replace(",", "")) ;
    }

    private String run(String alias) throws Exception {
        return ReaderRun.run(dir, java.time.Duration.ofMinutes(3), alias);
    }
}
