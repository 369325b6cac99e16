package kit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The head of an HTTP/1.1 message (RFC 9112 §2): a start line, header lines,
 * and an empty line. It is text, and on a keep-alive connection every request
 * pays for it again; a WebSocket pays for it once, in the opening handshake.
 *
 * <pre>
 * GET /echo HTTP/1.1              request line   (or: HTTP/1.1 101 Switching Protocols)
 * Upgrade: websocket              header fields, one per line
 * ...
 *                                 empty line: the head ends here
 * </pre>
 */
public record HttpHead(String startLine, List<Map.Entry<String, String>> fields, int length) {

    public boolean isRequest() {
        return !startLine.startsWith("HTTP/");
    }

    /** {@code GET}, or empty for a response. */
    public String method() {
        return isRequest() ? startLine.substring(0, startLine.indexOf(' ')) : "";
    }

    /** {@code 101}, or -1 for a request. */
    public int status() {
        if (isRequest()) return -1;
        String[] parts = startLine.split(" ", 3);
        return Integer.parseInt(parts[1]);
    }

    /** The first field with this name (names are case-insensitive), or null. */
    public String field(String name) {
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(name)) return field.getValue();
        }
        return null;
    }

    public boolean fieldContains(String name, String token) {
        String value = field(name);
        if (value == null) return false;
        for (String part : value.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) return true;
        }
        return false;
    }

    /** The head as it was sent, one line per field. */
    public String text() {
        StringBuilder out = new StringBuilder(startLine).append('\n');
        for (Map.Entry<String, String> field : fields) out.append(field.getKey()).append(": ").append(field.getValue()).append('\n');
        return out.toString();
    }

    /**
     * Reads a head from the start of {@code bytes}, or returns null while the
     * empty line that ends it has not arrived yet.
     */
    public static HttpHead parse(byte[] bytes, int offset, int available) {
        int end = indexOfEmptyLine(bytes, offset, available);
        if (end < 0) return null;
        String[] lines = new String(bytes, offset, end - offset, StandardCharsets.ISO_8859_1).split("\r\n");
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) fields.add(Map.entry(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
        }
        return new HttpHead(lines[0], List.copyOf(fields), end + 4 - offset);
    }

    private static int indexOfEmptyLine(byte[] bytes, int offset, int available) {
        for (int i = offset; i + 3 < offset + available; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
        }
        return -1;
    }
}
