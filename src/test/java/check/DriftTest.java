package check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import builder.BuildError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drift rule line by line: what counts as a hand-typed measurement and what is a constant. */
class DriftTest {

    private static List<String> flagged(String... lines) {
        return Drift.check("t.adoc", List.of(lines)).stream().map(BuildError::message)
                .map(m -> m.substring(1, m.indexOf('"', 1))).toList();
    }

    @Test
    void numbersWithUnitsOfMeasureAreFlagged() {
        assertEquals(List.of("45 µs", "3.6 ms", "800 bytes", "12%", "17×", "1,200 req/s", "3 times faster", "2.5 s", "4 MiB"),
                flagged("A round trip took ~45 µs, opening one 3.6 ms.",
                        "Each poll carries 800 bytes of headers, 12% of the total; p99 is 17× p50.",
                        "It served 1,200 req/s, 3 times faster.",
                        "| JRuby | 2.5 s | 4 MiB"));
    }

    @Test
    void protocolConstantsCodeAndFigureReferencesAreNot() {
        assertEquals(List.of(), flagged(
                "The server answers 101 Switching Protocols; 1000 is a normal close, 1006 never goes on the wire.",
                "RFC 6455 §5.2: a header is 2 bytes, 4 more for the mask, a 16-bit or 64-bit length above 125 bytes.",
                "Payloads up to 65,535 bytes use the 16-bit length; opcode 0x8 closes (RFC 9110 §14).",
                "HTTP/1.1 keeps the connection; `--count 3 --timeout 30s` and +5 ms+ are literal text.",
                "It took fig:state.open-millis[] ms, see https://example.com/10ms and link:a.html#5s[there].",
                "// a comment with 45 ms",
                ":description: took 3 s",
                "[cols=\"1,2\"]",
                "jbang::Echo.java[args=\"--delay 5s\"]",
                "----",
                "latency 45 ms inside a listing",
                "----",
                "// constant: Grizzly's default keep-alive idle timeout",
                "Idle connections are closed after 30 s."));
    }

    @Test
    void theConstantMarkerCoversOnlyTheNextLine() {
        assertEquals(List.of("30 s"), flagged("// constant: a default", "closed after 30 s.", "and again after 30 s."));
    }
}
