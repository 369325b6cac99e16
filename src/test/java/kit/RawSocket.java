package kit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A WebSocket client written by hand on a plain socket, for sending bytes no library would send. */
final class RawSocket implements AutoCloseable {

    final Socket socket;
    private final InputStream in;

    RawSocket(int port, String path) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true); // each write goes out as its own segment
        socket.setSoTimeout(5000);  // every read is bounded
        in = socket.getInputStream();
        socket.getOutputStream().write(Handshake.request("127.0.0.1", port, path, Handshake.newKey()));
        String head = readHead();
        if (!head.startsWith("HTTP/1.1 101")) throw new IOException("no upgrade: " + head);
    }

    /** Writes the bytes one by one, one TCP write each. */
    void writeByteByByte(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            socket.getOutputStream().write(b);
            socket.getOutputStream().flush();
        }
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    /** Reads exactly one frame from the server. */
    Frame readFrame() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Frame frame;
        while ((frame = Frame.parse(bytes.toByteArray(), 0, bytes.size())) == null) {
            int b = in.read();
            if (b < 0) throw new IOException("closed before a whole frame");
            bytes.write(b);
        }
        return frame;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed during the handshake");
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Vanishes: a reset, no close frame, no FIN. */
    void vanish() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
