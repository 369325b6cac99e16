package serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Who may talk to the server, as Jupyter's server decides it: only a browser
 * that holds the random token. The token is given once, in the printed URL;
 * the first request that carries it gets it back as an HttpOnly, SameSite=Strict
 * cookie, which every later request and every WebSocket handshake must show.
 * A handshake must also come from a page of this server ({@code Origin}), and
 * every request must name this server as its {@code Host} (so a DNS name
 * rebound to 127.0.0.1 does not count as this server).
 */
public final class Guard {
    private final String token;
    private volatile int port;

    public Guard() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The port the server is bound to, once it is (with --port 0 it is known only then). */
    void bound(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    public String token() {
        return token;
    }

    /** The cookie's name carries the port: cookies are per host, not per port, and two servers may run. */
    public String cookieName() {
        return "book-serve-" + port;
    }

    /** The Set-Cookie header value that keeps the token in the browser. */
    public String cookie() {
        return cookieName() + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
    }

    /** Whether a token given in a URL or a cookie is this server's (compared in constant time). */
    public boolean isToken(String candidate) {
        return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a {@code Cookie:} header (any number of them) holds the token. */
    public boolean cookieHolds(List<String> cookieHeaders) {
        if (cookieHeaders == null) {
            return false;
        }
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(cookieName()) && isToken(pair.substring(eq + 1).strip())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a {@code Host:} header names this server. */
    public boolean isOwnHost(String host) {
        return host != null && (host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port));
    }

    /** Whether a handshake's {@code Origin} is a page of this server; a missing Origin is refused too. */
    public boolean isOwnOrigin(String origin) {
        return origin != null && (origin.equals("http://127.0.0.1:" + port) || origin.equals("http://localhost:" + port));
    }
}
