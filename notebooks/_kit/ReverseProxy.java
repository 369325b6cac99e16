package kit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A reverse proxy on 127.0.0.1 that behaves as HTTP/1.1 proxies do, in a page of code:
 * what nginx and HAProxy do to a WebSocket or a stream, with nothing else.
 *
 * <pre>
 *   client --> proxy (127.0.0.1:port) --> backend 1, 2, 3 ... (127.0.0.1:backendPort)
 * </pre>
 *
 * <ul>
 * <li><b>Hop-by-hop headers are dropped</b> (RFC 9110 section 7.6.1): {@code Connection}, every header
 *     it names, {@code Upgrade}, {@code Keep-Alive}, {@code TE}, {@code Trailer},
 *     {@code Proxy-Connection}. So a WebSocket handshake reaches the backend as a plain GET,
 *     unless the proxy is told to {@link Builder#passUpgrade() pass Upgrade} (RFC 9110 section 7.8).</li>
 * <li><b>After a {@code 101}</b> it is a tunnel: bytes both ways, nothing read.</li>
 * <li><b>An idle timeout</b>: a tunnel or a response with no byte either way for that long is
 *     cut (a FIN to each side, no WebSocket close frame); a backend that sends no response head
 *     in that time gets the client a {@code 504}. nginx calls it {@code proxy_read_timeout},
 *     HAProxy {@code timeout tunnel} / {@code timeout server}.</li>
 * <li><b>Response buffering</b>, if asked for: the whole response is collected before any of it
 *     is sent, as nginx does by default; a backend opts out with {@code X-Accel-Buffering: no}.</li>
 * <li>{@code X-Forwarded-For}: the client's address, added to any the request carried.</li>
 * <li><b>Routing</b> over several backends: round-robin, or sticky by a cookie the proxy sets on
 *     the first response (HAProxy's {@code cookie ... insert}). A backend that refuses the
 *     connection is skipped for the next one, as nginx's {@code proxy_next_upstream error} does.</li>
 * </ul>
 *
 * <p>To keep it a page long, it opens one backend connection per request and closes the client
 * connection after each response ({@code Connection: close}), and reads request bodies by
 * {@code Content-Length} only. Put a {@link WireTap} on either leg to watch the bytes.
 */
public final class ReverseProxy implements AutoCloseable {

    /** Headers that describe one connection, not the message (RFC 9110 section 7.6.1). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "te", "trailer", "upgrade", "transfer-encoding");

    private final Builder config;
    private final ServerSocket listening;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray routed;
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicLong gatewayTimeouts = new AtomicLong();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<Routed> log = new ArrayList<>();
    private final Set<Integer> disabled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ReverseProxy(Builder config) throws IOException {
        this.config = config;
        this.routed = new AtomicLongArray(config.backends.size());
        this.listening = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A proxy in front of one or more backends on 127.0.0.1. */
    public static Builder to(int... backendPorts) {
        return new Builder(backendPorts);
    }

    public static final class Builder {
        private final List<Integer> backends = new ArrayList<>();
        private boolean passUpgrade;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private boolean buffering;
        private String stickyCookie;

        private Builder(int... ports) {
            if (ports.length == 0) throw new IllegalArgumentException("a proxy needs at least one backend");
            for (int port : ports) backends.add(port);
        }

        /** Pass {@code Upgrade} on (and {@code Connection: upgrade}): what a WebSocket needs. */
        public Builder passUpgrade() {
            passUpgrade = true;
            return this;
        }

        /** Cut a connection with no byte either way for this long (default 60 s, nginx's). */
        public Builder idleTimeout(Duration idle) {
            idleTimeout = idle;
            return this;
        }

        /** Collect each whole response before sending it on (nginx's {@code proxy_buffering on}). */
        public Builder buffering(boolean on) {
            buffering = on;
            return this;
        }

        /** Route a client back to the backend named in this cookie; set it on the first response. */
        public Builder sticky(String cookieName) {
            stickyCookie = cookieName;
            return this;
        }

        public ReverseProxy start() throws IOException {
            return new ReverseProxy(this);
        }
    }

    public int port() {
        return listening.getLocalPort();
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** Requests (and WebSocket handshakes) sent to backend {@code index} (0-based). */
    public long routed(int index) {
        return routed.get(index);
    }

    /** Connections cut because they were idle longer than the timeout. */
    public long idleCuts() {
        return cuts.get();
    }

    /** Requests answered 504 because the backend said nothing within the timeout. */
    public long gatewayTimeouts() {
        return gatewayTimeouts.get();
    }

    @Override
    public void close() {
        closed = true;
        quietly(listening);
        for (Socket socket : open) quietly(socket);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listening.accept();
                open.add(client);
                Thread thread = new Thread(() -> serve(client), "proxy-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One client connection: one request, one response (or a tunnel). */
    private void serve(Socket client) {
        Socket upstream = null;
        try (client) {
            client.setTcpNoDelay(true);
            client.setSoTimeout((int) config.idleTimeout.toMillis());
            Head request = Head.read(client.getInputStream());
            if (request == null) return;
            byte[] body = client.getInputStream().readNBytes(request.contentLength());

            int backend = choose(request);
            for (int tries = 0; upstream == null; tries++) { // a backend that refuses: try the next (nginx's proxy_next_upstream)
                try {
                    upstream = connect(backend);
                } catch (IOException refused) {
                    if (tries + 1 >= config.backends.size()) throw refused;
                    backend = (backend + 1) % config.backends.size();
                }
            }
            routed.incrementAndGet(backend);
            synchronized (log) {
                log.add(new Routed(System.nanoTime(), backend));
            }
            OutputStream up = upstream.getOutputStream();
            up.write(forward(request, client).bytes());
            up.write(body);

            upstream.setSoTimeout((int) config.idleTimeout.toMillis());
            Head response;
            try {
                response = Head.read(upstream.getInputStream());
            } catch (SocketTimeoutException e) {
                gatewayTimeouts.incrementAndGet();
                client.getOutputStream().write(("HTTP/1.1 504 Gateway Timeout\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (response == null) return;
            if (response.status() == 101 && request.value("upgrade") != null && config.passUpgrade) {
                client.getOutputStream().write(response.bytes()); // Upgrade and Connection go back, as they came
                tunnel(client, upstream);
                return;
            }
            relay(response, request, backend, upstream.getInputStream(), client.getOutputStream());
        } catch (IOException e) {
            // either side went away: both sockets close here
        } finally {
            if (upstream != null) quietly(upstream);
            open.remove(client);
            open.remove(upstream);
        }
    }

    private Socket connect(int backend) throws IOException {
        Socket upstream = new Socket();
        try {
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.backends.get(backend)), 2000);
        } catch (IOException e) {
            quietly(upstream);
            throw e;
        }
        open.add(upstream);
        return upstream;
    }

    /** One request or handshake the proxy passed on: when, and to which backend. */
    public record Routed(long nanoTime, int backend) {}

    /** Every request passed on so far, in order. */
    public List<Routed> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Takes a backend out of rotation (a drain starts so): new requests go to the others. */
    public void disable(int backend) {
        disabled.add(backend);
    }

    /** Round-robin over the backends in rotation, unless the request names its backend in the sticky cookie. */
    private int choose(Head request) {
        if (config.stickyCookie != null) {
            String cookies = request.value("cookie");
            if (cookies != null) {
                for (String cookie : cookies.split(";\\s*")) {
                    if (cookie.startsWith(config.stickyCookie + "=b")) {
                        int index = Integer.parseInt(cookie.substring(config.stickyCookie.length() + 2)) - 1;
                        if (index >= 0 && index < config.backends.size()) return index;
                    }
                }
            }
        }
        for (int tries = 0; tries < config.backends.size(); tries++) {
            int backend = Math.floorMod(next.getAndIncrement(), config.backends.size());
            if (!disabled.contains(backend)) return backend;
        }
        return Math.floorMod(next.getAndIncrement(), config.backends.size());
    }

    /** The request as the backend sees it: hop-by-hop headers gone, forwarding headers added. */
    private Head forward(Head request, Socket client) {
        Head out = request.withoutHopByHop();
        String upgrade = request.value("upgrade");
        if (config.passUpgrade && upgrade != null) {
            out.add("Upgrade", upgrade);
            out.add("Connection", "upgrade");
        } else {
            out.add("Connection", "close");
        }
        String before = request.value("x-forwarded-for");
        String address = client.getInetAddress().getHostAddress();
        out.remove("x-forwarded-for");
        out.add("X-Forwarded-For", before == null ? address : before + ", " + address);
        return out;
    }

    /** A plain response: buffered whole, or passed on as its bytes arrive. */
    private void relay(Head response, Head request, int backend, InputStream from, OutputStream to) throws IOException {
        boolean buffer = config.buffering && !"no".equalsIgnoreCase(response.value("x-accel-buffering"));
        Head head = response.withoutHopByHop();
        String encoding = response.value("transfer-encoding");
        if (encoding != null) head.add("Transfer-Encoding", encoding); // the body goes on as it came, chunks and all
        head.add("Connection", "close");
        if (config.stickyCookie != null && !(String.valueOf(request.value("cookie")).contains(config.stickyCookie + "="))) {
            head.add("Set-Cookie", config.stickyCookie + "=b" + (backend + 1) + "; Path=/");
        }
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        if (!buffer) to.write(head.bytes());
        byte[] chunk = new byte[16 * 1024];
        int n;
        try {
            while ((n = from.read(chunk)) >= 0) { // the backend closes after the response: Connection: close
                if (buffer) held.write(chunk, 0, n); else to.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            cuts.incrementAndGet(); // a stream quiet for longer than the timeout ends here
        }
        if (buffer) {
            to.write(head.bytes());
            held.writeTo(to);
        }
    }

    /** Bytes both ways until either side closes, or nothing moves for the idle timeout. */
    private void tunnel(Socket client, Socket upstream) throws IOException {
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        Thread down = new Thread(() -> pump(upstream, client, lastByte), "proxy-tunnel-down");
        down.setDaemon(true);
        down.start();
        pump(client, upstream, lastByte);
        try {
            down.join(config.idleTimeout.toMillis() + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump(Socket from, Socket to, AtomicLong lastByte) {
        long idle = config.idleTimeout.toNanos();
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                long left = lastByte.get() + idle - System.nanoTime();
                if (left <= 0) { // quiet both ways for the whole timeout: cut, as a proxy does
                    if (!to.isClosed()) cuts.incrementAndGet();
                    break;
                }
                from.setSoTimeout((int) Math.max(1, left / 1_000_000));
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue; // look at the clock again: the other direction may have moved
                }
                if (n < 0) break;
                lastByte.set(System.nanoTime());
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side is gone
        }
        quietly(from); // a FIN to both sides, and no close frame: the client sees 1006
        quietly(to);
    }

    /** An HTTP head: the start line and the header lines, in order and as spelled. */
    private static final class Head {
        final String startLine;
        final List<String[]> headers = new ArrayList<>();

        Head(String startLine) {
            this.startLine = startLine;
        }

        /** Reads up to the empty line; null if the connection ended first. */
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int b, lastFour = 0; // byte by byte, so not one byte of the body is read here
            while (lastFour != 0x0D0A0D0A && (b = in.read()) >= 0) {
                bytes.write(b);
                lastFour = lastFour << 8 | b;
            }
            if (lastFour != 0x0D0A0D0A) return null;
            String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            Head head = new Head(lines[0]);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) head.add(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
            }
            return head;
        }

        int status() {
            return Integer.parseInt(startLine.split(" ")[1]);
        }

        int contentLength() {
            String length = value("content-length");
            return length == null ? 0 : Integer.parseInt(length.strip());
        }

        String value(String name) {
            for (String[] header : headers) if (header[0].equalsIgnoreCase(name)) return header[1];
            return null;
        }

        void add(String name, String value) {
            headers.add(new String[] {name, value});
        }

        void remove(String name) {
            headers.removeIf(header -> header[0].equalsIgnoreCase(name));
        }

        /** A copy without the hop-by-hop headers, and without those {@code Connection} names. */
        Head withoutHopByHop() {
            Set<String> drop = new java.util.HashSet<>(HOP_BY_HOP);
            String connection = value("connection");
            if (connection != null) {
                for (String name : connection.split(",")) drop.add(name.strip().toLowerCase(Locale.ROOT));
            }
            Head copy = new Head(startLine);
            for (String[] header : headers) {
                if (!drop.contains(header[0].toLowerCase(Locale.ROOT))) copy.add(header[0], header[1]);
            }
            return copy;
        }

        byte[] bytes() {
            StringBuilder text = new StringBuilder(startLine).append("\r\n");
            for (String[] header : headers) text.append(header[0]).append(": ").append(header[1]).append("\r\n");
            return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static void quietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
