package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void percentilesByNearestRank() {
        Percentiles p = Percentiles.ofNanos(LongStream.rangeClosed(1, 100).map(i -> i * 1000).toArray());
        assertEquals(50_000, p.p50());
        assertEquals(90_000, p.p90());
        assertEquals(99_000, p.p99());
        assertEquals(100_000, p.max());
        assertEquals(7, Percentiles.ofNanos(7).p99());
    }

    @Test
    void tableAlignsNumbersRightAndWordsLeft() {
        String table = new Table("what", "bytes").row("request head", 102).row("frame", 65_536).toString();
        assertEquals("""
                what          bytes
                ------------  ------
                request head     102
                frame         65,536
                """, table);
    }

    @Test
    void figureNamesAndValuesFollowTheContract() {
        assertThrows(IllegalArgumentException.class, () -> Figures.publish("Frame_Bytes", 1));
        assertThrows(IllegalArgumentException.class, () -> Figures.publish("two-lines", "a\nb"));
    }
}
