///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION ws:// vs wss://: what someone on the path reads, with a key pair made at run time; masking is not encryption
//JAVA 17
//SOURCES ../_kit/*.java

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
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

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("wss-demo-");
        try (DemoServer server = DemoServer.builder().endpoint(Echo.class).start()) {
            // tag::plain[]
            // ws://  client ──► eavesdropper ──► server
            try (Relay eavesdropper = Relay.plain(server.port())) {
                echo(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                        URI.create("ws://127.0.0.1:" + eavesdropper.port() + "/echo"));
                report("ws://", eavesdropper.awaitDone());
            }
            // end::plain[]

            // tag::tls[]
            // wss:  client ══TLS══► eavesdropper ══TLS══► TLS end ──► server
            char[] password = newPassword();
            KeyStore keys = newKeyPair(dir.resolve("demo.p12"), password); // <1>
            SSLContext serverTls = SSLContext.getInstance("TLS");
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            serverTls.init(keyManagers.getKeyManagers(), null, null);
            SSLContext clientTls = SSLContext.getInstance("TLS");
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keys); // the client trusts this one certificate, nothing else <2>
            clientTls.init(null, trust.getTrustManagers(), null);

            try (Relay tlsEnd = Relay.tlsTerminating(serverTls, server.port()); // <3>
                 Relay eavesdropper = Relay.plain(tlsEnd.port())) {
                echo(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(clientTls).build(),
                        URI.create("wss://127.0.0.1:" + eavesdropper.port() + "/echo"));
                report("wss://", eavesdropper.awaitDone());
                System.out.println("TLS as negotiated: " + tlsEnd.tls);
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
        System.out.println(uri.getScheme() + ": sent and got back \"" + answer.get(5, TimeUnit.SECONDS) + "\"");
        socket.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
    }

    // tag::report[]
    /** What someone with a copy of every byte can read. */
    static void report(String scheme, byte[][] bytes) {
        byte[] up = bytes[0], down = bytes[1];
        String upText = new String(up, StandardCharsets.ISO_8859_1), downText = new String(down, StandardCharsets.ISO_8859_1);
        System.out.printf("  %,d B up, %,d B down; the first bytes up: %s%n", up.length, down.length, hex(up, 0, 5));
        System.out.println("  the request line \"GET /echo\" readable:          " + upText.contains("GET /echo"));
        System.out.println("  the secret readable as is, server -> client:   " + downText.contains(SECRET));
        System.out.println("  the secret readable as is, client -> server:   " + upText.contains(SECRET));
        // Client frames are masked (RFC 6455 §5.3), but the key is in the frame: unmasking is one XOR.
        int frameStart = upText.indexOf("\r\n\r\n") + 4;
        kit.Frame first = upText.contains("GET /echo") ? kit.Frame.parse(up, frameStart, up.length - frameStart) : null;
        boolean unmasked = first != null && first.text().equals(SECRET);
        System.out.println("  the secret after unmasking the client's frame: " + unmasked);
        if (unmasked) {
            System.out.println("    frame header " + hex(first.header(), 0, 2) + ", masking key " + hex(first.maskKey(), 0, 4));
            System.out.println("    payload as sent " + hex(up, frameStart + first.headerLength(), 8) + " ...");
            System.out.println("    XOR the key:    " + hex(first.payload(), 0, 8) + " ... = \"" + first.text() + "\"");
        }
        String key = scheme.startsWith("wss") ? "wss" : "ws";
        Figures.publish(key + "-secret-down", downText.contains(SECRET) ? "readable" : "not readable");
        Figures.publish(key + "-secret-unmasked", unmasked ? "readable" : "not readable");
        Figures.publish(key + "-first-bytes", hex(up, 0, 3));
    }
    // end::report[]

    static String hex(byte[] bytes, int from, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < Math.min(bytes.length, from + count); i++) out.append(String.format("%02x ", bytes[i] & 0xFF));
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
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file.toFile())) {
            store.load(in, password);
        }
        return store;
    }

    /**
     * A relay for one connection: {@link #plain} passes bytes on and keeps a copy
     * (an eavesdropper on the path); {@link #tlsTerminating} decrypts and passes
     * plain bytes to the server behind it, as a TLS proxy in front of an app does.
     */
    static final class Relay implements AutoCloseable {
        private final ServerSocket listening;
        private final int target;
        private final ByteArrayOutputStream[] copies = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile String tls = "";

        private Relay(ServerSocket listening, int target) {
            this.listening = listening;
            this.target = target;
            Thread thread = new Thread(this::serveOne, "relay-" + listening.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        static Relay plain(int target) throws IOException {
            return new Relay(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()), target);
        }

        static Relay tlsTerminating(SSLContext context, int target) throws IOException {
            SSLServerSocket listening = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            return new Relay(listening, target);
        }

        int port() {
            return listening.getLocalPort();
        }

        /** Both directions have ended: {up, down}, every byte that passed. */
        byte[][] awaitDone() throws Exception {
            done.get(5, TimeUnit.SECONDS);
            synchronized (copies) {
                return new byte[][] {copies[0].toByteArray(), copies[1].toByteArray()};
            }
        }

        private void serveOne() {
            try (Socket client = listening.accept();
                 Socket server = new Socket(InetAddress.getLoopbackAddress(), target)) {
                if (client instanceof SSLSocket tlsSocket) {
                    tlsSocket.startHandshake();
                    tls = tlsSocket.getSession().getProtocol() + ", " + tlsSocket.getSession().getCipherSuite();
                }
                Thread down = new Thread(() -> pump(server, client, 1), "relay-down");
                down.setDaemon(true);
                down.start();
                pump(client, server, 0);
                down.join(5000);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
            done.complete(null);
        }

        private void pump(Socket from, Socket to, int direction) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (copies) {
                        copies[direction].write(buffer, 0, n);
                    }
                    out.write(buffer, 0, n);
                }
                if (to instanceof SSLSocket) to.close(); else to.shutdownOutput();
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
