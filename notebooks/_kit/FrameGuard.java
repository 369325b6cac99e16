//DEPS org.glassfish.tyrus:tyrus-server:2.2.2
//DEPS org.glassfish.tyrus:tyrus-container-grizzly-server:2.2.2
package kit;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

/**
 * The kit's guard: two checks Tyrus 2.2.2 does not make, made on the bytes of every
 * WebSocket before Tyrus reads them.
 * <ul>
 * <li>A client frame without a mask. RFC 6455 §5.1: the server MUST close the
 *     connection; it MAY send 1002 (protocol error) first. The guard does both.
 *     Tyrus alone takes the frame as a message.</li>
 * <li>A message over {@code maxMessageBytes} (the kit's default is 1 MiB): the
 *     guard closes with 1009, message too big (§7.4.1). Tyrus alone buffers up to
 *     about 4 MB per frame, and any number of fragments, unless the endpoint sets
 *     {@code maxMessageSize}.</li>
 * </ul>
 * It reads frame headers only (2 to 14 bytes, §5.2) and counts payload bytes without
 * copying them, so it decides as soon as the header of the offending frame is in:
 * before its payload arrives. Every byte before that frame goes on to Tyrus; nothing
 * after it does. The count is of payload bytes as sent, so with permessage-deflate it
 * is the compressed size.
 */
record FrameGuard(WebSocketEngine engine, long maxMessageBytes) implements WebSocketEngine {

    /** The kit's default limit on one message, in bytes: 1 MiB. */
    static final long DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
        UpgradeInfo info = engine.upgrade(request, response);
        return new UpgradeInfo() {
            @Override
            public UpgradeStatus getStatus() {
                return info.getStatus();
            }

            @Override
            public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
                Connection tyrus = info.createConnection(writer, closeListener);
                return tyrus == null ? null : new Guarded(tyrus, maxMessageBytes);
            }
        };
    }

    @Override
    public void register(Class<?> endpoint, String contextPath) throws DeploymentException {
        engine.register(endpoint, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig config, String contextPath) throws DeploymentException {
        engine.register(config, contextPath);
    }

    /** One connection: Tyrus's, with a reader in front that watches the frame headers go by. */
    private static final class Guarded implements Connection, ReadHandler {
        private final Connection tyrus;
        private final long limit;
        private final byte[] header = new byte[14]; // the longest header: 2 + 8 (64-bit length) + 4 (mask)
        private int headerHave, headerNeed = 2;
        private long payloadLeft;                    // bytes of the current frame's payload still to come
        private long messageBytes;                   // payload bytes of the message so far, all its fragments
        private boolean closed;

        Guarded(Connection tyrus, long limit) {
            this.tyrus = tyrus;
            this.limit = limit;
        }

        // Grizzly calls this with each piece of the stream as it arrives, one at a time per connection.
        @Override
        public void handle(ByteBuffer data) {
            if (closed) return; // after the guard closed, nothing reaches the endpoint
            int start = data.position();
            int at = start, end = data.limit();
            while (at < end) {
                if (payloadLeft > 0) {
                    int skip = (int) Math.min(payloadLeft, end - at);
                    at += skip;
                    payloadLeft -= skip;
                    continue;
                }
                int frameStart = at - headerHave;
                header[headerHave++] = data.get(at++);
                if (headerHave == 2) headerNeed = 2 + extendedLength(header[1] & 0x7F) + ((header[1] & 0x80) != 0 ? 4 : 0);
                if (headerHave < headerNeed) continue;
                CloseReason refusal = check();
                if (refusal != null) {
                    ByteBuffer before = data.duplicate();
                    before.limit(Math.max(start, frameStart));
                    if (before.hasRemaining()) tyrus.getReadHandler().handle(before);
                    closed = true;
                    tyrus.close(refusal); // Tyrus sends the close frame and closes TCP
                    return;
                }
                headerHave = 0;
                headerNeed = 2;
            }
            tyrus.getReadHandler().handle(data);
        }

        /** The whole header is in: a reason to close, or null to let the frame through. */
        private CloseReason check() {
            boolean masked = (header[1] & 0x80) != 0;
            if (!masked) {
                return new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR, "unmasked client frame (RFC 6455 5.1)");
            }
            int lengthField = header[1] & 0x7F;
            long length = lengthField;
            if (lengthField == 126) length = unsigned(2, 2);
            if (lengthField == 127) length = unsigned(2, 8);
            payloadLeft = length;
            int opcode = header[0] & 0x0F;
            boolean fin = (header[0] & 0x80) != 0;
            if (opcode <= Frame.BINARY) { // text, binary or continuation: part of a message
                messageBytes += length;
                if (messageBytes > limit || length < 0) {
                    return new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message over " + limit + " bytes");
                }
                if (fin) messageBytes = 0;
            }
            return null;
        }

        private static int extendedLength(int lengthField) {
            return lengthField == 126 ? 2 : lengthField == 127 ? 8 : 0;
        }

        private long unsigned(int offset, int size) {
            long value = 0;
            for (int i = 0; i < size; i++) value = (value << 8) | (header[offset + i] & 0xFF);
            return value;
        }

        @Override
        public ReadHandler getReadHandler() {
            return this;
        }

        @Override
        public Writer getWriter() {
            return tyrus.getWriter();
        }

        @Override
        public CloseListener getCloseListener() {
            return tyrus.getCloseListener();
        }

        @Override
        public void close(CloseReason reason) {
            tyrus.close(reason);
        }
    }
}
