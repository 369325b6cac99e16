import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kit.Direction;
import kit.WireTap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.hpack.HpackDecoder;

/**
 * HTTP/2 frames read off a {@link WireTap}'s bytes (RFC 9113 §4.1): every frame is a 9-byte
 * header (length, type, flags, stream id) and a payload. Header blocks are decoded with Jetty's
 * HPACK decoder (RFC 7541), one per connection and direction, since each keeps its own
 * dynamic table. A chapter helper, fed by {@link WireTap.Builder#observe}.
 */
final class H2Wire implements WireTap.Observer {

    static final String[] TYPES = {"DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING",
            "GOAWAY", "WINDOW_UPDATE", "CONTINUATION"};
    static final String[] SETTINGS = {"", "HEADER_TABLE_SIZE", "ENABLE_PUSH", "MAX_CONCURRENT_STREAMS",
            "INITIAL_WINDOW_SIZE", "MAX_FRAME_SIZE", "MAX_HEADER_LIST_SIZE", "", "ENABLE_CONNECT_PROTOCOL"};
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * One frame: {@code fields} are the decoded header fields of a HEADERS frame (pseudo-fields
     * first), {@code blockBytes} the HPACK bytes they took on the wire; {@code payload} is a
     * DATA frame's data.
     */
    record H2Frame(long micros, int connection, Direction direction, String type, int flags, int stream,
                   int length, String detail, List<String> fields, int blockBytes, byte[] payload) {
        boolean endStream() {
            return (type.equals("DATA") || type.equals("HEADERS")) && (flags & 0x1) != 0;
        }

        /** {@code HEADERS #3 END_STREAM :status 200}: a few words for a line or a diagram. */
        String label() {
            return type + (stream == 0 ? "" : " #" + stream) + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    private final class Side {
        final int connection;
        final Direction direction;
        final HpackDecoder hpack = new HpackDecoder(64 * 1024, System::nanoTime);
        byte[] buffer = new byte[0];
        boolean framing, notHttp2;
        ByteBuffer block; // a header block that CONTINUATION frames still add to
        int blockStream, blockFlags;

        Side(int connection, Direction direction) {
            this.connection = connection;
            this.direction = direction;
            hpack.setMaxTableCapacity(64 * 1024);
        }
    }

    private final Map<String, Side> sides = new HashMap<>();
    private final List<H2Frame> frames = new ArrayList<>();

    @Override
    public synchronized void bytes(int connection, Direction direction, long micros, byte[] data) {
        Side side = sides.computeIfAbsent(connection + " " + direction, k -> new Side(connection, direction));
        if (side.notHttp2) return;
        byte[] joined = Arrays.copyOf(side.buffer, side.buffer.length + data.length);
        System.arraycopy(data, 0, joined, side.buffer.length, data.length);
        side.buffer = joined;
        if (!side.framing && !start(side)) return;
        int used = 0, n;
        while ((n = frame(side, side.buffer, used, micros)) > 0) used += n;
        side.buffer = Arrays.copyOfRange(side.buffer, used, side.buffer.length);
        notifyAll();
    }

    /** Skips what comes before the frames: the client's preface (after an h2c upgrade request), the server's 101. */
    private boolean start(Side side) {
        byte[] b = side.buffer;
        String text = new String(b, 0, Math.min(b.length, 16), StandardCharsets.ISO_8859_1);
        if (side.direction == Direction.CLIENT_TO_SERVER) {
            int at = indexOf(b, PREFACE);
            if (at < 0) {
                if (b.length > 64 * 1024) side.notHttp2 = true; // never came: this connection is HTTP/1.1
                return false;
            }
            side.buffer = Arrays.copyOfRange(b, at + PREFACE.length, b.length);
        } else if (text.startsWith("HTTP/")) {
            if (!text.startsWith("HTTP/1.1 101")) {
                side.notHttp2 = true;
                return false;
            }
            int end = indexOf(b, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) return false;
            side.buffer = Arrays.copyOfRange(b, end + 4, b.length);
        } else if (b.length < 5) {
            return false;
        }
        side.framing = true;
        return true;
    }

    /** Reads one frame at {@code at}; returns its size on the wire, or 0 if it has not all arrived. */
    private int frame(Side side, byte[] b, int at, long micros) {
        if (b.length - at < 9) return 0;
        int length = (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
        if (b.length - at < 9 + length) return 0;
        int type = b[at + 3] & 0xFF, flags = b[at + 4] & 0xFF;
        int stream = ByteBuffer.wrap(b, at + 5, 4).getInt() & 0x7FFFFFFF;
        ByteBuffer payload = ByteBuffer.wrap(b, at + 9, length).slice();
        String name = type < TYPES.length ? TYPES[type] : "type 0x" + Integer.toHexString(type);
        List<String> fields = List.of();
        int blockBytes = 0;
        byte[] data = null;
        StringBuilder detail = new StringBuilder();
        switch (name) {
            case "DATA" -> {
                data = unpadded(payload, flags, 0);
                detail.append(data.length).append(" B");
            }
            case "HEADERS", "CONTINUATION" -> {
                byte[] fragment = name.equals("HEADERS") ? unpadded(payload, flags, (flags & 0x20) != 0 ? 5 : 0) : bytes(payload);
                if (name.equals("HEADERS")) {
                    side.block = ByteBuffer.allocate(0);
                    side.blockStream = stream;
                    side.blockFlags = flags;
                }
                ByteBuffer grown = ByteBuffer.allocate(side.block.remaining() + fragment.length);
                side.block = grown.put(side.block).put(fragment).flip();
                if ((flags & 0x4) != 0) { // END_HEADERS: the block is complete
                    blockBytes = side.block.remaining();
                    fields = decode(side);
                    detail.append(String.join(" ", fields.stream().filter(f -> f.startsWith(":")).toList()));
                    detail.append(" (").append(blockBytes).append(" B of HPACK)");
                }
            }
            case "SETTINGS" -> {
                List<String> settings = new ArrayList<>();
                while (payload.remaining() >= 6) {
                    int id = payload.getShort() & 0xFFFF;
                    long value = payload.getInt() & 0xFFFFFFFFL;
                    String setting = id < SETTINGS.length && !SETTINGS[id].isEmpty() ? SETTINGS[id] : "0x" + Integer.toHexString(id);
                    settings.add(String.format(Locale.ROOT, "%s(0x%x)=%d", setting, id, value));
                }
                fields = List.copyOf(settings);
                detail.append((flags & 0x1) != 0 ? "ACK" : String.join(", ", settings));
            }
            case "WINDOW_UPDATE" -> detail.append("+").append(payload.getInt() & 0x7FFFFFFF);
            case "PING" -> detail.append((flags & 0x1) != 0 ? "ACK" : "");
            case "RST_STREAM" -> detail.append("error ").append(payload.getInt());
            case "GOAWAY" -> detail.append("last stream ").append(payload.getInt() & 0x7FFFFFFF).append(", error ").append(payload.getInt());
            default -> { }
        }
        if ((name.equals("DATA") || name.equals("HEADERS")) && (flags & 0x1) != 0) {
            detail.append(detail.length() == 0 ? "" : " ").append("END_STREAM");
        }
        frames.add(new H2Frame(micros, side.connection, side.direction, name, flags, stream, length,
                detail.toString(), fields, blockBytes, data));
        return 9 + length;
    }

    /** The header block through Jetty's HPACK decoder: pseudo-fields first, as on the wire (RFC 9113 §8.3). */
    private static List<String> decode(Side side) {
        List<String> out = new ArrayList<>();
        try {
            MetaData meta = side.hpack.decode(side.block);
            if (meta instanceof MetaData.Request request) {
                out.add(":method " + request.getMethod());
                if (request.getProtocol() != null) out.add(":protocol " + request.getProtocol());
                if (request.getHttpURI().getScheme() != null) out.add(":scheme " + request.getHttpURI().getScheme());
                if (request.getHttpURI().getAuthority() != null) out.add(":authority " + request.getHttpURI().getAuthority());
                if (request.getHttpURI().getPathQuery() != null) out.add(":path " + request.getHttpURI().getPathQuery());
            } else if (meta instanceof MetaData.Response response) {
                out.add(":status " + response.getStatus());
            }
            for (HttpField field : meta) out.add(field.getLowerCaseName() + ": " + field.getValue());
        } catch (Exception e) {
            out.add("(HPACK could not decode this block: " + e.getMessage() + ")");
        }
        return List.copyOf(out);
    }

    private static byte[] unpadded(ByteBuffer payload, int flags, int skip) {
        int pad = (flags & 0x8) != 0 ? payload.get() & 0xFF : 0;
        payload.position(payload.position() + skip);
        byte[] out = new byte[payload.remaining() - pad];
        payload.get(out);
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** Every frame seen so far, in the order the tap read them (each direction in its own order). */
    synchronized List<H2Frame> frames() {
        List<H2Frame> sorted = new ArrayList<>(frames);
        sorted.sort(java.util.Comparator.comparingLong(H2Frame::micros));
        return sorted;
    }

    /** Waits until {@code count} frames match, or the timeout passes; returns the frames. */
    synchronized List<H2Frame> await(java.util.function.Predicate<H2Frame> match, int count, java.time.Duration timeout)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.stream().filter(match).count() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new java.util.concurrent.TimeoutException("the tap did not see " + count + " such HTTP/2 frames");
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return frames();
    }

    /** The frames as lines: time, connection, direction, frame, and a HEADERS frame's fields below it. */
    static String transcript(List<H2Frame> frames, boolean withFields) {
        StringBuilder out = new StringBuilder();
        for (H2Frame f : frames) {
            out.append(String.format(Locale.ROOT, "%9.3f ms  #%d %s %s%n", f.micros() / 1000.0, f.connection(),
                    f.direction() == Direction.CLIENT_TO_SERVER ? "->" : "<-", f.label()));
            if (withFields && f.type().equals("HEADERS")) {
                for (String field : f.fields()) if (!field.startsWith(":")) out.append("                     ").append(field).append('\n');
            }
        }
        return out.toString();
    }
}
