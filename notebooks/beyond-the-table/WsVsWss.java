///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION ws:// vs wss://: what someone on the path reads, with a key pair made at run time; masking is not encryption
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import kit.*;

public class WsVsWss {

    static final String SECRET = "card 4111 1111 1111 1111, cvc 123";

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("wss-demo-");
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start()) {
            // tag::plain[]
            // ws://  client ──► tap ──► server
            try (WireTap tap = WireTap.in(server).keepBytes().start()) {
                echo(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), tap.wsUri("/echo"));
                report("ws", tap);
            }
            // end::plain[]

            // tag::tls[]
            // wss://  client ══TLS══► tap ══TLS══► TLS end ──► server
            char[] password = newPassword();
            KeyStore keys = newKeyPair(dir.resolve("demo.p12"), password); // <1>
            SSLContext serverTls = SSLContext.getInstance("TLS");
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            serverTls.init(keyManagers.getKeyManagers(), null, null);
            SSLContext clientTls = SSLContext.getInstance("TLS");
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keys); // <2>
            clientTls.init(null, trust.getTrustManagers(), null);

            try (TlsEnd tlsEnd = new TlsEnd(serverTls, server.port()); // <3>
                 WireTap tap = WireTap.to(tlsEnd.port()).keepBytes().start()) {
                echo(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(clientTls).build(),
                        URI.create("wss://127.0.0.1:" + tap.port() + "/echo"));
                report("wss", tap);
                System.out.println("TLS as negotiated:\n  " + tlsEnd.tls);
                Figures.publish("tls", tlsEnd.tls);
            }
            // end::tls[]
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) Files.delete(file); // nothing of the key is left behind
            }
            Files.delete(dir);
        }
    }

    /** Sends the secret, waits for the echo, closes: one conversation. */
    static void echo(HttpClient http, URI uri) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        answer.complete(data.toString());
                        webSocket.request(1); // or the JDK reads nothing more, not even the server's close
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendText(SECRET, true).get(5, TimeUnit.SECONDS);
        String echoed = answer.get(5, TimeUnit.SECONDS);
        System.out.println(uri.getScheme() + "://, sent and got back:\n  \"" + echoed + "\"");
        Claims.check("over " + uri.getScheme() + ":// the client got its secret back", echoed.equals(SECRET), echoed);
        socket.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
    }

    // tag::report[]
    /** What the tap, which has a copy of every byte, could read. */
    static void report(String scheme, WireTap tap) throws Exception {
        List<TapEvent> seen = tap.awaitClosed(Duration.ofSeconds(5));
        long heads = seen.stream().filter(e -> e.head() != null).count();
        List<kit.Frame> up = tap.frames(Direction.CLIENT_TO_SERVER), down = tap.frames(Direction.SERVER_TO_CLIENT);
        System.out.printf(Locale.ROOT, "  the tap passed %,d B up, %,d B down,%n  and decoded %d HTTP heads, %d frames%n",
                tap.bytes(Direction.CLIENT_TO_SERVER), tap.bytes(Direction.SERVER_TO_CLIENT), heads, up.size() + down.size());
        Optional<kit.Frame> secretUp = up.stream().filter(f -> f.opcode() == kit.Frame.TEXT).findFirst();
        if (secretUp.isPresent()) {
            kit.Frame frame = secretUp.get(); // client frames are masked (RFC 6455 §5.3), but the key travels in the frame
            byte[] wire = kit.Frame.encode(true, kit.Frame.TEXT, frame.payload(), frame.maskKey());
            System.out.println("  client -> server: masking key " + hex(frame.maskKey(), 0, 4) + ",");
            System.out.println("    payload as sent " + hex(wire, frame.headerLength(), 6) + " ...");
            System.out.println("    unmasked by the tap:\n    \"" + frame.text() + "\"");
        }
        seen.stream().filter(e -> e.kind() == TapEvent.Kind.END).forEach(e -> System.out.println("  " + e.summary().replace(", ", ",\n    ")));
        // The proof does not trust the decoder: search every relayed byte for the secret and the request line.
        boolean secretUpInClear = contains(tap.relayed(Direction.CLIENT_TO_SERVER), SECRET);
        boolean secretDownInClear = contains(tap.relayed(Direction.SERVER_TO_CLIENT), SECRET);
        boolean requestLine = contains(tap.relayed(Direction.CLIENT_TO_SERVER), "GET /echo");
        System.out.printf(Locale.ROOT, "  the secret, byte for byte, in what it relayed:%n    up %s, down %s; \"GET /echo\" %s%n",
                found(secretUpInClear), found(secretDownInClear), found(requestLine));
        boolean unmasked = secretUp.map(f -> f.text().equals(SECRET)).orElse(false);
        if (scheme.equals("ws")) {
            Claims.check("over ws:// the tap read the secret: the server's echo in clear, the client's frame by one XOR with its key",
                    secretDownInClear && unmasked, "echo in clear: " + secretDownInClear + ", unmasked: " + unmasked);
            Claims.check("over ws:// the masked client frame hides the secret from a plain byte search, nothing more",
                    !secretUpInClear && unmasked, "in clear up: " + secretUpInClear);
        } else {
            Claims.check("over wss:// neither the secret nor the request line GET /echo is in the bytes the tap relayed",
                    !secretUpInClear && !secretDownInClear && !requestLine && !unmasked,
                    "secret up: " + secretUpInClear + ", down: " + secretDownInClear + ", GET /echo: " + requestLine);
        }
        String read = secretDownInClear || unmasked ? "read the secret" : "found neither the secret nor GET /echo in them";
        Figures.publish(scheme + "-read", read);
        Figures.publish(scheme + "-bytes", String.format(Locale.ROOT, "%,d B", tap.bytes(Direction.CLIENT_TO_SERVER) + tap.bytes(Direction.SERVER_TO_CLIENT)));
        Figures.publish(scheme + "-decoded", heads + " HTTP heads, " + (up.size() + down.size()) + " frames");
    }
    // end::report[]

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle); // one char per byte: a byte search
    }

    static String found(boolean found) {
        return found ? "found" : "not found";
    }

    static String hex(byte[] bytes, int from, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < Math.min(bytes.length, from + count); i++) out.append(String.format(Locale.ROOT, "%02x ", bytes[i] & 0xFF));
        return out.toString().trim();
    }

    static char[] newPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random).toCharArray();
    }

    /** A fresh EC key pair and self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    static KeyStore newKeyPair(Path file, char[] password) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "demo", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "1",
                "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(password), "-keypass", new String(password))
                .redirectErrorStream(true).redirectOutput(file.resolveSibling("keytool.log").toFile()).start();
        boolean done = process.waitFor(20, TimeUnit.SECONDS); // its output goes to a file, so this bound holds
        if (!done) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        if (!done || process.exitValue() != 0) {
            String output = Files.readString(file.resolveSibling("keytool.log"), StandardCharsets.UTF_8);
            throw new IOException("keytool " + (done ? "failed: " + output : "did not finish in 20 s"));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file.toFile())) {
            store.load(in, password);
        }
        return store;
    }

    /**
     * Where TLS ends: accepts one TLS connection, decrypts, and passes the plain
     * bytes to the server behind it, as a TLS proxy in front of an application does.
     */
    static final class TlsEnd implements AutoCloseable {
        private final SSLServerSocket listening;
        private final int target;
        volatile String tls = "";

        TlsEnd(SSLContext context, int target) throws IOException {
            this.listening = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            this.target = target;
            Thread thread = new Thread(this::serveOne, "tls-end");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listening.getLocalPort();
        }

        private void serveOne() {
            try (SSLSocket client = (SSLSocket) listening.accept();
                 Socket server = new Socket(InetAddress.getLoopbackAddress(), target)) {
                client.startHandshake();
                tls = client.getSession().getProtocol() + ", " + client.getSession().getCipherSuite();
                Thread down = new Thread(() -> pump(server, client), "tls-end-down");
                down.setDaemon(true);
                down.start();
                pump(client, server);
                down.join(5000);
            } catch (IOException | InterruptedException e) {
                // the demo is over
            }
        }

        private static void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) out.write(buffer, 0, n);
                if (to instanceof SSLSocket) to.close(); else to.shutdownOutput(); // TLS has no half-close
            } catch (IOException e) {
                // the other side is gone
            }
        }

        @Override
        public void close() throws IOException {
            listening.close();
        }
    }
}
