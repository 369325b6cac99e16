package kit;

import java.util.Locale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The run as it unfolded, for the page's replay player: every event a
 * {@link WireTap} saw and every figure as it was published, one JSON object a
 * line in {@code timeline.jsonl} in {@code BOOK_OUTPUT_DIR}. A script gets this
 * by using a tap; it writes nothing when the book is not being built.
 *
 * <p>Times are microseconds of the wall clock ({@code t}), so the builder can
 * put them beside the moments it read each output line. Bounded: the first
 * {@value #MAX_EVENTS} events are kept, and at most {@value #MAX_BYTES} bytes of
 * each; what was left out is counted in a last line, written as the run exits.
 */
public final class Timeline {

    /** Events kept per run. */
    public static final int MAX_EVENTS = 200;
    /** Bytes of a head, body or payload kept per event. */
    public static final int MAX_BYTES = 128;

    private static final long ANCHOR_NANOS = System.nanoTime();
    private static final long ANCHOR_MICROS = epochMicros(Instant.now());
    private static int kept;
    private static int omitted;
    private static long omittedBytes;
    private static boolean hooked;
    private static final Map<Object, Integer> taps = new java.util.IdentityHashMap<>();

    private Timeline() {}

    /** Called by a tap with what it just recorded: {@code firstNanos} is its clock's zero. */
    static void record(Object tap, long firstNanos, Map<Direction, Duration> delays, List<TapEvent> events) {
        Path file = file();
        if (file == null) return;
        StringBuilder lines = new StringBuilder();
        synchronized (Timeline.class) {
            hook(file);
            for (TapEvent event : events) {
                if (kept >= MAX_EVENTS) {
                    omitted++;
                    omittedBytes += event.bytes();
                    continue;
                }
                kept++;
                long t = ANCHOR_MICROS + (firstNanos + event.micros() * 1000 - ANCHOR_NANOS) / 1000;
                long flight = delays.getOrDefault(event.direction(), Duration.ZERO).toNanos() / 1000;
                lines.append(json(taps.computeIfAbsent(tap, k -> taps.size() + 1), t, flight, event)).append('\n');
            }
            append(file, lines.toString());
        }
    }

    /** Called by {@link Figures#publish}: the moment a figure was published. */
    static void figure(String name, String value) {
        Path file = file();
        if (file == null) return;
        synchronized (Timeline.class) {
            hook(file);
            append(file, "{\"t\":" + epochMicros(Instant.now()) + ",\"k\":\"FIGURE\",\"s\":" + quote(name + " = " + value) + "}\n");
        }
    }

    private static String json(int tap, long t, long flight, TapEvent event) {
        StringBuilder out = new StringBuilder("{\"t\":").append(t).append(",\"tap\":").append(tap)
                .append(",\"c\":").append(event.connection())
                .append(",\"d\":\"").append(event.direction() == Direction.CLIENT_TO_SERVER ? "up" : "down").append('"')
                .append(",\"k\":\"").append(event.kind()).append('"')
                .append(",\"s\":").append(quote(event.summary()))
                .append(",\"n\":").append(event.bytes());
        if (flight > 0) out.append(",\"fl\":").append(flight);
        if (event.head() != null) {
            byte[] head = headBytes(event.head());
            out.append(",\"b\":\"").append(base64(head)).append("\",\"bn\":").append(head.length);
        }
        if (event.body() != null) out.append(",\"b\":\"").append(base64(event.body())).append("\",\"bn\":").append(event.body().length);
        if (event.frame() != null) {
            Frame frame = event.frame();
            byte[] wire = frame.payload().clone(); // as sent: masked again with its key
            byte[] key = frame.maskKey();
            for (int i = 0; i < wire.length && key.length == 4; i++) wire[i] ^= key[i % 4];
            out.append(",\"h\":\"").append(Base64.getEncoder().encodeToString(frame.header()))
                    .append("\",\"p\":\"").append(base64(wire)).append("\",\"pn\":").append(wire.length);
        }
        return out.append('}').toString();
    }

    /** The head as it crossed the wire: start line, fields, empty line, CRLF each. */
    private static byte[] headBytes(HttpHead head) {
        StringBuilder text = new StringBuilder(head.startLine()).append("\r\n");
        for (Map.Entry<String, String> field : head.fields()) text.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes.length > MAX_BYTES ? Arrays.copyOf(bytes, MAX_BYTES) : bytes);
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    /** At exit, one last line says how much was left out. */
    private static void hook(Path file) {
        if (hooked) return;
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (Timeline.class) {
                if (omitted > 0) append(file, "{\"omitted\":" + omitted + ",\"omittedBytes\":" + omittedBytes + "}\n");
            }
        }, "timeline-at-exit"));
    }

    private static void append(Path file, String text) {
        if (text.isEmpty()) return;
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    private static Path file() {
        String dir = System.getenv("BOOK_OUTPUT_DIR");
        return dir == null || dir.isBlank() ? null : Path.of(dir, "timeline.jsonl");
    }
}
