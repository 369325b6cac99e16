package kit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Makes sense of the two byte streams of one TCP connection: HTTP/1.1 heads
 * and bodies first, then, once the server has answered {@code 101 Switching
 * Protocols}, WebSocket frames both ways.
 *
 * <p>TCP hands over bytes in whatever pieces it likes, so each direction keeps
 * the bytes it could not use yet and tries again when more come. A request to
 * upgrade is a question: until the answer arrives, the client's next bytes are
 * kept aside, because they will be frames if the answer is 101 and HTTP if not.
 * HTTP/2 (a client's connection preface, or a 101 to {@code h2c}) is passed over as
 * bytes: its frames are for a decoder that knows them (see {@link WireTap.Observer}).
 */
final class WireDecoder {

    private enum Mode { HEAD, BODY, CHUNKS, UNTIL_CLOSE, AWAIT_UPGRADE, FRAMES, OPAQUE, HTTP2 }

    /** What an HTTP/2 client sends first (RFC 9113 §3.4); it looks like a request head, but is not one. */
    private static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final class Side {
        byte[] buffer = new byte[8192];
        int length;
        Mode mode = Mode.HEAD;
        long bodyRemaining;

        void append(byte[] bytes, int offset, int count) {
            if (length + count > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
        }

        void consume(int count) {
            System.arraycopy(buffer, count, buffer, 0, length - count);
            length -= count;
        }
    }

    private final int connection;
    private final Side up = new Side();
    private final Side down = new Side();
    private final Deque<String> methodsAwaitingResponse = new ArrayDeque<>();
    private String webSocketKey;

    WireDecoder(int connection) {
        this.connection = connection;
    }

    synchronized List<TapEvent> feed(Direction direction, byte[] bytes, int offset, int count, long micros) {
        side(direction).append(bytes, offset, count);
        List<TapEvent> events = new ArrayList<>();
        drain(direction, micros, events);
        return events;
    }

    /** How a direction ended. */
    enum Ending { FIN, RESET, CUT_BY_TAP }

    /** The sender closed its side: whatever is left over was never completed. */
    synchronized List<TapEvent> end(Direction direction, long micros, Ending ending) {
        List<TapEvent> events = new ArrayList<>();
        Side side = side(direction);
        if (side.mode == Mode.UNTIL_CLOSE) side.mode = Mode.HEAD; // that body ends here, as it should
        String who = direction == Direction.CLIENT_TO_SERVER ? "client" : "server";
        String what = switch (ending) {
            case FIN -> who + " closed its side (FIN)";
            case RESET -> who + " reset the connection";
            case CUT_BY_TAP -> "the tap closed the " + who + "'s side, passing the reset on";
        };
        if (side.length > 0) {
            String unfinished = side.mode == Mode.FRAMES ? "frame" : side.mode == Mode.HEAD ? "HTTP head" : "message";
            what += ", " + side.length + " B of an unfinished " + unfinished + " left";
        }
        events.add(TapEvent.of(micros, connection, direction, TapEvent.Kind.END, what, 0));
        return events;
    }

    private Side side(Direction direction) {
        return direction == Direction.CLIENT_TO_SERVER ? up : down;
    }

    private void drain(Direction direction, long micros, List<TapEvent> events) {
        Side side = side(direction);
        int used;
        while (side.length > 0 && (used = step(direction, side, micros, events)) > 0) side.consume(used);
    }

    /** Decodes one unit at the start of the buffer; returns the bytes it used, 0 if it needs more. */
    private int step(Direction direction, Side side, long micros, List<TapEvent> events) {
        switch (side.mode) {
            case HEAD: {
                if (direction == Direction.CLIENT_TO_SERVER && startsLikePreface(side)) {
                    if (side.length < HTTP2_PREFACE.length) return 0;
                    up.mode = Mode.HTTP2;
                    down.mode = Mode.HTTP2;
                    events.add(body(micros, direction, "HTTP/2 connection preface", Arrays.copyOf(side.buffer, HTTP2_PREFACE.length), HTTP2_PREFACE.length));
                    return HTTP2_PREFACE.length;
                }
                HttpHead head = HttpHead.parse(side.buffer, 0, side.length);
                if (head == null) return 0;
                String summary = head.isRequest() ? head.startLine() + request(head, side) : head.startLine() + response(head, side);
                events.add(new TapEvent(micros, connection, direction, TapEvent.Kind.HEAD, summary, head.length(), head, null, null));
                if (!head.isRequest()) drain(Direction.CLIENT_TO_SERVER, micros, events); // bytes kept aside, if any
                return head.length();
            }
            case BODY: {
                if (side.length < side.bodyRemaining) return 0;
                int size = (int) side.bodyRemaining;
                side.mode = Mode.HEAD;
                events.add(body(micros, direction, "body " + size + " B", Arrays.copyOf(side.buffer, size), size));
                return size;
            }
            case CHUNKS:
                return chunk(direction, side, micros, events);
            case UNTIL_CLOSE:
            case OPAQUE:
            case HTTP2: {
                int size = side.length;
                events.add(body(micros, direction, (side.mode == Mode.OPAQUE ? "not HTTP, not WebSocket: "
                        : side.mode == Mode.HTTP2 ? "HTTP/2 frames: " : "body part ")
                        + size + " B", Arrays.copyOf(side.buffer, size), size));
                return size;
            }
            case FRAMES: {
                Frame frame = Frame.parse(side.buffer, 0, side.length);
                if (frame == null) return 0;
                String summary = frame.type() + " frame" + (frame.fin() ? ", FIN" : "") + (frame.masked() ? ", masked" : "")
                        + ", " + frame.payloadLength() + " B payload, " + frame.headerLength() + " B header";
                events.add(new TapEvent(micros, connection, direction, TapEvent.Kind.FRAME, summary, frame.wireLength(), null, frame, null));
                return frame.wireLength();
            }
            default: // AWAIT_UPGRADE: wait for the server's answer
                return 0;
        }
    }

    /** Sets up what follows a request head; returns a remark for its summary. */
    private String request(HttpHead head, Side side) {
        methodsAwaitingResponse.add(head.method());
        if ("websocket".equalsIgnoreCase(head.field("Upgrade"))) {
            webSocketKey = head.field("Sec-WebSocket-Key");
            side.mode = Mode.AWAIT_UPGRADE;
            return " (asks to switch to WebSocket)";
        }
        bodyMode(head, side, false);
        return "";
    }

    /** Sets up what follows a response head; returns a remark for its summary. */
    private String response(HttpHead head, Side side) {
        int status = head.status();
        if (status == 101) {
            methodsAwaitingResponse.poll();
            boolean webSocket = "websocket".equalsIgnoreCase(head.field("Upgrade"));
            boolean http2 = "h2c".equalsIgnoreCase(head.field("Upgrade"));
            side.mode = webSocket ? Mode.FRAMES : http2 ? Mode.HTTP2 : Mode.OPAQUE;
            up.mode = side.mode;
            if (!webSocket) return "";
            String accept = head.field("Sec-WebSocket-Accept");
            return webSocketKey != null && Handshake.accept(webSocketKey).equals(accept)
                    ? " (Sec-WebSocket-Accept checks out)" : " (Sec-WebSocket-Accept does NOT match the key)";
        }
        if (status < 200) return ""; // 100 Continue and friends: the real answer follows
        String method = methodsAwaitingResponse.poll();
        if (up.mode == Mode.AWAIT_UPGRADE) up.mode = Mode.HEAD; // upgrade refused: the client speaks HTTP again
        boolean noBody = "HEAD".equals(method) || status == 204 || status == 304;
        bodyMode(head, side, !noBody);
        return "";
    }

    private static void bodyMode(HttpHead head, Side side, boolean readsToCloseWithoutLength) {
        String length = head.field("Content-Length");
        if (head.fieldContains("Transfer-Encoding", "chunked")) {
            side.mode = Mode.CHUNKS;
        } else if (length != null && Long.parseLong(length) > 0) {
            side.mode = Mode.BODY;
            side.bodyRemaining = Long.parseLong(length);
        } else if (length == null && readsToCloseWithoutLength) {
            side.mode = Mode.UNTIL_CLOSE;
        } else {
            side.mode = Mode.HEAD;
        }
    }

    /** {@code SIZE-IN-HEX\r\n DATA \r\n}; the last chunk has size 0 and may carry trailer fields. */
    private int chunk(Direction direction, Side side, long micros, List<TapEvent> events) {
        int lineEnd = indexOfCrlf(side.buffer, 0, side.length);
        if (lineEnd < 0) return 0;
        String sizeLine = new String(side.buffer, 0, lineEnd, StandardCharsets.US_ASCII);
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        int dataStart = lineEnd + 2;
        if (size == 0) {
            int end = dataStart;
            while (true) { // trailer lines until an empty one
                int next = indexOfCrlf(side.buffer, end, side.length - end);
                if (next < 0) return 0;
                if (next == end) { end += 2; break; }
                end = next + 2;
            }
            side.mode = Mode.HEAD;
            events.add(body(micros, direction, "last chunk", new byte[0], end));
            return end;
        }
        int total = dataStart + size + 2;
        if (side.length < total) return 0;
        byte[] data = Arrays.copyOfRange(side.buffer, dataStart, dataStart + size);
        events.add(body(micros, direction, "chunk " + size + " B", data, total));
        return total;
    }

    private TapEvent body(long micros, Direction direction, String summary, byte[] data, int wireBytes) {
        return new TapEvent(micros, connection, direction, TapEvent.Kind.BODY, summary, wireBytes, null, null, data);
    }

    private static boolean startsLikePreface(Side side) {
        for (int i = 0; i < Math.min(side.length, HTTP2_PREFACE.length); i++) {
            if (side.buffer[i] != HTTP2_PREFACE[i]) return false;
        }
        return true;
    }

    private static int indexOfCrlf(byte[] bytes, int offset, int available) {
        for (int i = offset; i + 1 < offset + available; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') return i;
        }
        return -1;
    }
}
