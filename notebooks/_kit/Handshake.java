package kit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The arithmetic of the opening handshake (RFC 6455 §4.2.2).
 *
 * <p>The client sends 16 random bytes, base64, as {@code Sec-WebSocket-Key}.
 * The server answers {@code Sec-WebSocket-Accept = base64(SHA-1(key + GUID))}.
 * It proves nothing about identity; it proves the server understood it was
 * asked for a WebSocket, so a plain HTTP server cannot be tricked into one.
 */
public final class Handshake {

    /** The fixed GUID every WebSocket server appends to the key. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshake() {}

    public static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    public static String newKey() {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The bytes of an opening handshake, for talking to a server by hand over a plain socket. */
    public static byte[] request(String host, int port, String path, String key) {
        return ("GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
