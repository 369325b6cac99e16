package check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import builder.BuildError;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparison rule line by line: which sentences need a claim or an RFC behind them. */
class ComparisonsTest {
    private static final Set<String> CLAIMS = Set.of("WebSocket p90 below short polling's p50");

    private static List<String> flagged(String... lines) {
        return Comparisons.check("t.adoc", List.of(lines), CLAIMS).stream().map(BuildError::where).toList();
    }

    @Test
    void aComparisonOfTwoFiguresWithNothingBehindItIsFlaggedAtItsLine() {
        assertEquals(List.of("t.adoc:1", "t.adoc:4", "t.adoc:6"), flagged(
                "The WebSocket's p90 (fig:u.ws-p90[] ms) is below polling's p50 (fig:u.poll-p50[] ms).",
                "",
                "Polling sent fig:u.polls[] requests",
                "for one event. The socket sent fig:u.frames[] frames, fewer than fig:u.polls[].",
                "",
                "It cost fig:d.poll-bytes[] B, fig:d.ratio[]× the socket's fig:d.ws-bytes[] B."));
    }

    @Test
    void aClaimLineOrAnRfcBacksItAndOneFigureOrNoComparativeNeedsNothing() {
        assertEquals(List.of(), flagged(
                "// claim: WebSocket p90 below short polling's p50",
                "The WebSocket's p90 (fig:u.ws-p90[] ms) is below polling's p50 (fig:u.poll-p50[] ms).",
                "",
                "A frame header is fig:f.small[] B below 126 and fig:f.big[] B above (RFC 6455 §5.2).",
                "",
                "Polling took fig:u.poll-p50[] ms, faster than you might think.",
                "",
                "Polling took fig:u.poll-p50[] ms and pushing fig:u.ws-p50[] ms.",
                "",
                "----",
                "fig:a.b[] is faster than fig:a.c[] inside a listing",
                "----"));
    }

    @Test
    void aClaimLineBacksOnlyItsOwnParagraph() {
        assertEquals(List.of("t.adoc:4"), flagged(
                "// claim: WebSocket p90 below short polling's p50",
                "The WebSocket's p90 (fig:u.ws-p90[] ms) is below polling's p50 (fig:u.poll-p50[] ms).",
                "",
                "Again: fig:u.ws-p90[] is less than fig:u.poll-p50[]."));
    }

    @Test
    void aClaimLineThatNamesNoCheckIsAProblem() {
        List<BuildError> problems = Comparisons.check("t.adoc", List.of("// claim: polling is slower",
                "Polling (fig:u.a[] ms) is slower than pushing (fig:u.b[] ms)."), CLAIMS);
        assertEquals(List.of("t.adoc:1", "t.adoc:2"), problems.stream().map(BuildError::where).toList());
    }
}
