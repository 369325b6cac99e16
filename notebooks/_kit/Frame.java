package kit;

import java.util.Locale;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One WebSocket frame as it crosses the wire (RFC 6455 §5.2).
 *
 * <pre>
 *  byte 0   FIN(1) RSV(3) opcode(4)
 *  byte 1   MASK(1) length(7)        7-bit length 0..125, or 126 / 127
 *  +2 or +8 extended length          if 126: 16-bit length; if 127: 64-bit length
 *  +4       masking key              only client to server
 *  payload                           XORed with the key, byte i with key[i % 4]
 * </pre>
 *
 * So a header is 2, 4 or 10 bytes from the server and 6, 8 or 14 from the
 * client. {@code header} holds those bytes exactly as sent; {@code payload}
 * holds the payload already unmasked.
 */
public record Frame(byte[] header, byte[] payload) {

    public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    public boolean fin() {
        return (header[0] & 0x80) != 0;
    }

    public int opcode() {
        return header[0] & 0x0F;
    }

    public boolean masked() {
        return (header[1] & 0x80) != 0;
    }

    public int headerLength() {
        return header.length;
    }

    public int payloadLength() {
        return payload.length;
    }

    /** Header plus payload: what this frame cost on the wire. */
    public int wireLength() {
        return header.length + payload.length;
    }

    public byte[] maskKey() {
        return masked() ? Arrays.copyOfRange(header, header.length - 4, header.length) : new byte[0];
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame, or -1 when it carries none. */
    public int closeCode() {
        return opcode() == CLOSE && payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
    }

    public String type() {
        return switch (opcode()) {
            case CONTINUATION -> "continuation";
            case TEXT -> "text";
            case BINARY -> "binary";
            case CLOSE -> "close";
            case PING -> "ping";
            case PONG -> "pong";
            default -> "opcode 0x" + Integer.toHexString(opcode());
        };
    }

    /** A short label, as on a sequence diagram: {@code text 5 B}, {@code close 1000}. */
    public String label() {
        if (closeCode() >= 0) return "close " + closeCode();
        return type() + " " + payload.length + " B" + (fin() ? "" : " (more follows)");
    }

    /**
     * Reads one whole frame from the start of {@code bytes}, or returns null when
     * the bytes do not hold one yet. TCP delivers a stream, not messages: a frame
     * may arrive a byte at a time, or five frames in one read.
     */
    public static Frame parse(byte[] bytes, int offset, int available) {
        if (available < 2) return null;
        int lengthField = bytes[offset + 1] & 0x7F;
        boolean masked = (bytes[offset + 1] & 0x80) != 0;
        int headerLength = 2 + (lengthField == 126 ? 2 : lengthField == 127 ? 8 : 0) + (masked ? 4 : 0);
        if (available < headerLength) return null;
        long length = lengthField;
        if (lengthField == 126) length = readUnsigned(bytes, offset + 2, 2);
        if (lengthField == 127) length = readUnsigned(bytes, offset + 2, 8);
        if (length > Integer.MAX_VALUE - headerLength) throw new IllegalStateException("frame too big to show: " + length);
        if (available < headerLength + length) return null;
        byte[] header = Arrays.copyOfRange(bytes, offset, offset + headerLength);
        byte[] payload = Arrays.copyOfRange(bytes, offset + headerLength, offset + headerLength + (int) length);
        if (masked) xor(payload, Arrays.copyOfRange(header, headerLength - 4, headerLength));
        return new Frame(header, payload);
    }

    /** The bytes of one frame; with a {@code maskKey} (4 bytes) it is a client's frame, masked. */
    public static byte[] encode(boolean fin, int opcode, byte[] payload, byte[] maskKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int mask = maskKey == null ? 0 : 0x80;
        if (payload.length <= 125) {
            out.write(mask | payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(mask | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) out.write((int) ((long) payload.length >>> shift));
        }
        byte[] body = payload.clone();
        if (maskKey != null) {
            out.writeBytes(maskKey);
            xor(body, maskKey);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * The frame byte by byte, each part named:
     * <pre>
     *   81             FIN=1 RSV=000 opcode=0x1 (text)
     *   85             MASK=1 length=5
     *   37 fa 21 3d    masking key
     *   7f 9f 4d 51 58 payload, masked: "hello"
     * </pre>
     */
    public String annotatedHex() {
        StringBuilder out = new StringBuilder();
        int lengthField = header[1] & 0x7F;
        line(out, header, 0, 1, "FIN=" + (fin() ? 1 : 0) + " RSV=" + rsvBits() + " opcode=0x"
                + Integer.toHexString(opcode()) + " (" + type() + ")");
        line(out, header, 1, 2, "MASK=" + (masked() ? 1 : 0) + " length=" + lengthField
                + (lengthField == 126 ? " (16-bit length follows)" : lengthField == 127 ? " (64-bit length follows)" : ""));
        int at = 2;
        if (lengthField >= 126) {
            int size = lengthField == 126 ? 2 : 8;
            line(out, header, at, at + size, "extended length = " + payload.length);
            at += size;
        }
        if (masked()) line(out, header, at, at + 4, "masking key");
        byte[] wire = payload.clone();
        if (masked()) xor(wire, maskKey());
        int shown = Math.min(wire.length, 16);
        String what = (masked() ? "payload, masked" : "payload") + (shown < wire.length ? " (first 16 of " + wire.length + " bytes)" : "");
        if (wire.length > 0) line(out, wire, 0, shown, what + preview());
        return out.toString();
    }

    private String preview() {
        if (opcode() == CLOSE && closeCode() >= 0) {
            return ": code " + closeCode() + (payload.length > 2 ? " \"" + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) + "\"" : "");
        }
        if (opcode() != TEXT && opcode() != CONTINUATION) return "";
        String text = text();
        return ": \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text).replace("\n", "\\n") + "\"";
    }

    private String rsvBits() {
        int rsv = (header[0] >> 4) & 0x7;
        return "" + ((rsv >> 2) & 1) + ((rsv >> 1) & 1) + (rsv & 1);
    }

    private static void line(StringBuilder out, byte[] bytes, int from, int to, String meaning) {
        StringBuilder hex = new StringBuilder();
        for (int i = from; i < to; i++) hex.append(String.format(Locale.ROOT, "%02x ", bytes[i] & 0xFF));
        out.append(String.format(Locale.ROOT, "  %-48s %s%n", hex.toString().trim(), meaning));
    }

    /** Network byte order: most significant byte first. */
    private static long readUnsigned(byte[] bytes, int offset, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) value = (value << 8) | (bytes[offset + i] & 0xFF);
        return value;
    }

    private static void xor(byte[] payload, byte[] key) {
        for (int i = 0; i < payload.length; i++) payload[i] ^= key[i % 4];
    }
}
