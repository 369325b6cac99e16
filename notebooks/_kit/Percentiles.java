package kit;

import java.util.Locale;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;

/**
 * What a set of latency samples says, in the four numbers worth printing.
 *
 * <p>An average hides the slow requests that users notice. p50 is the typical
 * case, p90 and p99 the bad days, max the worst that happened. Percentiles are
 * by nearest rank: p99 of 100 samples is the 99th smallest.
 */
public record Percentiles(int count, long p50, long p90, long p99, long max) {

    /** From samples in nanoseconds, e.g. {@code System.nanoTime()} differences. */
    public static Percentiles ofNanos(long... samples) {
        if (samples.length == 0) throw new IllegalArgumentException("no samples");
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    public static Percentiles of(Collection<Duration> samples) {
        return ofNanos(samples.stream().mapToLong(Duration::toNanos).toArray());
    }

    private static long rank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** The cells of a table row: name, then p50, p90, p99 and max in microseconds. */
    public Object[] row(String name) {
        return new Object[] {name, micros(p50), micros(p90), micros(p99), micros(max)};
    }

    /** The header matching {@link #row}. */
    public static String[] header(String first) {
        return new String[] {first, "p50 µs", "p90 µs", "p99 µs", "max µs"};
    }

    /** Nanoseconds as microseconds with one decimal: {@code 45.3}. */
    public static String micros(long nanos) {
        return String.format(Locale.ROOT, "%,.1f", nanos / 1000.0);
    }

    @Override
    public String toString() {
        return "p50 " + micros(p50) + " µs, p90 " + micros(p90) + " µs, p99 " + micros(p99)
                + " µs, max " + micros(max) + " µs (" + count + " samples)";
    }
}
