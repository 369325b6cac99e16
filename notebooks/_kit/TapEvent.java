package kit;

import java.util.Locale;
import java.nio.charset.StandardCharsets;

/**
 * One thing a {@link WireTap} saw, at {@code micros} after the tap started:
 * a connection opening or ending, an HTTP head, a piece of body, a WebSocket
 * frame. {@code bytes} is what it cost on the wire.
 */
public record TapEvent(long micros, int connection, Direction direction, Kind kind,
                       String summary, int bytes, HttpHead head, Frame frame, byte[] body) {

    public enum Kind {
        /** A client opened a TCP connection (and the tap opened one to the server). */
        CONNECT,
        /** An HTTP request or response head. */
        HEAD,
        /** HTTP body bytes: a whole body, or one chunk of a chunked body. */
        BODY,
        /** A WebSocket frame. */
        FRAME,
        /** One side closed its half of the connection (FIN), or reset it. */
        END,
        /** The tap stopped forwarding, silently, as a NAT or proxy does with idle connections. */
        DROP,
        /** Bytes that arrived after a drop and went nowhere. */
        LOST
    }

    static TapEvent of(long micros, int connection, Direction direction, Kind kind, String summary, int bytes) {
        return new TapEvent(micros, connection, direction, kind, summary, bytes, null, null, null);
    }

    /** A few words for an arrow on a sequence diagram. */
    public String label() {
        return switch (kind) {
            case HEAD -> head.isRequest() ? head.startLine().replace(" HTTP/1.1", "") : head.startLine().replace("HTTP/1.1 ", "");
            case FRAME -> frame.label();
            default -> summary;
        };
    }

    /** The event as a transcript shows it: a title line, then the bytes explained. */
    public String transcript() {
        String title = String.format(Locale.ROOT, "%10.3f ms  #%d  %-16s %s%s%n", micros / 1000.0, connection, direction, summary,
                bytes > 0 ? String.format(Locale.ROOT, " (%,d B)", bytes) : "");
        String detail = switch (kind) {
            case HEAD -> indent(head.text());
            case FRAME -> frame.annotatedHex();
            case BODY -> indent(printable(body));
            default -> "";
        };
        return title + detail;
    }

    private static String indent(String text) {
        return text.isEmpty() ? "" : "  " + text.stripTrailing().replace("\n", "\n  ") + "\n";
    }

    private static String printable(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8);
        boolean readable = text.chars().allMatch(c -> c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c != 0xFFFD));
        if (!readable) return body.length + " bytes, not text";
        return text.replace("\r", "") + (body.length > 400 ? "\n… (" + body.length + " bytes in all)" : "");
    }
}
