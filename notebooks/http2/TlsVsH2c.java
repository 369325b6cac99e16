///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION h2 over TLS (ALPN) vs h2c (Upgrade): flights, round trips and bytes before the first answer, with a key made at run time
//JAVA 17+
//DEPS org.eclipse.jetty:jetty-server:12.1.14
//DEPS org.eclipse.jetty:jetty-alpn-java-server:12.1.14
//DEPS org.eclipse.jetty.http2:jetty-http2-server:12.1.14
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES ../_kit/*.java

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import kit.*;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

public class TlsVsH2c {

    /** One read of the tap: who sent it, and how many bytes. */
    record Read(Direction direction, int bytes) {}

    static final int PADDING = 4096;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("h2-tls-");
        Server server = new Server();
        try {
            char[] password = newPassword();
            KeyStore keys = newKeyPair(dir.resolve("demo.p12"), password); // a fresh key pair, gone when the run ends
            // tag::server[]
            HttpConfiguration plain = new HttpConfiguration(), secure = new HttpConfiguration();
            secure.addCustomizer(new SecureRequestCustomizer());
            ServerConnector h2c = new ServerConnector(server, 1, 1,            // http://: HTTP/1.1, upgraded to h2c on request
                    new HttpConnectionFactory(plain), new HTTP2CServerConnectionFactory(plain));
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(keys);
            tls.setKeyStorePassword(new String(password));
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1"); // the server's choices, in order
            ServerConnector h2 = new ServerConnector(server, 1, 1,             // https://: TLS, then what ALPN chose
                    new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
                    new HTTP2ServerConnectionFactory(secure), new HttpConnectionFactory(secure));
            // end::server[]
            for (ServerConnector connector : List.of(h2c, h2)) {
                connector.setHost("127.0.0.1");
                connector.setPort(0);
                server.addConnector(connector);
            }
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    response.write(true, ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)), callback);
                    return true;
                }
            });
            server.start();

            SSLContext clientTls = SSLContext.getInstance("TLS");
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keys); // the client trusts this one certificate
            clientTls.init(null, trust.getTrustManagers(), null);

            Table table = new Table("", "round trips", "bytes up", "bytes down", "version");
            long[] cleartext = firstAnswer("h2c", HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build(), h2c.getLocalPort(), "http", table);
            long[] encrypted = firstAnswer("h2", HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(clientTls).build(),
                    h2.getLocalPort(), "https", table);
            System.out.println();
            System.out.println("until the first answer had arrived (TCP's own handshake comes first in both, unseen by the tap):");
            System.out.print(table);
            long h2cBytes = cleartext[1] + cleartext[2], tlsBytes = encrypted[1] + encrypted[2];
            Claims.check("h2c needed 1 round trip for its first answer: the request went out at once, with its upgrade offer",
                    cleartext[0] == 1, "round trips: " + cleartext[0]);
            Claims.check("h2 over TLS needed at least 1 round trip more than h2c: the TLS handshake came before the request",
                    encrypted[0] >= cleartext[0] + 1, "round trips: h2c " + cleartext[0] + ", h2 " + encrypted[0]);
            Claims.check("h2 over TLS moved more bytes than h2c until its first answer", tlsBytes > h2cBytes,
                    "h2c " + h2cBytes + " B, h2 " + tlsBytes + " B");
            Claims.check("Both answers came over HTTP/2", cleartext[3] == 2 && encrypted[3] == 2, "");
            Figures.publish("h2c-round-trips", cleartext[0]);
            Figures.publish("tls-round-trips", encrypted[0]);
            Figures.publish("h2c-bytes", String.format(Locale.ROOT, "%,d", h2cBytes));
            Figures.publish("tls-bytes", String.format(Locale.ROOT, "%,d", tlsBytes));
            Figures.publish("tls-extra-bytes", String.format(Locale.ROOT, "%,d", tlsBytes - h2cBytes));
            Figures.publish("padding-bytes", String.format(Locale.ROOT, "%,d", PADDING));
        } finally {
            server.stop();
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) Files.delete(file);
            }
            Files.delete(dir);
        }
    }

    // tag::measure[]
    /**
     * One GET with a 4 KiB header field through a tap that notes every read. The padding makes the
     * request easy to find even in encrypted bytes: it is the first flight of the client's that holds
     * 3 KB or more, even once HPACK has compressed it. (A GET, since Jetty upgrades to h2c only a request without a body.)
     * Returns {round trips before the answer, bytes up, bytes down, 2 if HTTP/2}.
     */
    static long[] firstAnswer(String name, HttpClient client, int port, String scheme, Table table) throws Exception {
        List<Read> reads = new ArrayList<>();
        try (WireTap tap = WireTap.to(port).observe((c, direction, micros, data) -> {
                 synchronized (reads) { reads.add(new Read(direction, data.length)); }
             }).start()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + tap.port() + "/"))
                    .header("X-Padding", "x".repeat(PADDING)).timeout(java.time.Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<Read> before;
            synchronized (reads) { before = List.copyOf(reads); } // everything the answer needed has been read by now
            List<long[]> flights = new ArrayList<>(); // {direction 0 = up, 1 = down; bytes}: what one side sent before the other spoke
            long up = 0, down = 0;
            for (Read read : before) {
                long side = read.direction() == Direction.CLIENT_TO_SERVER ? 0 : 1;
                if (flights.isEmpty() || flights.get(flights.size() - 1)[0] != side) flights.add(new long[] {side, 0});
                flights.get(flights.size() - 1)[1] += read.bytes();
                if (side == 0) up += read.bytes(); else down += read.bytes();
            }
            long serverFlightsBeforeRequest = 0;
            for (long[] flight : flights) {
                if (flight[0] == 0 && flight[1] >= 3000) break;
                if (flight[0] == 1) serverFlightsBeforeRequest++;
            }
            long roundTrips = serverFlightsBeforeRequest + 1; // the waits before the request could go, and the wait for its answer
            String tlsVersion = response.sslSession().map(s -> ", " + s.getProtocol()).orElse("");
            table.row(name + " (" + scheme + "://)", String.valueOf(roundTrips), String.format(Locale.ROOT, "%,d", up),
                    String.format(Locale.ROOT, "%,d", down), response.version() + tlsVersion); // formatted here: the same in any locale
            System.out.println(name + ": " + response.version() + tlsVersion + ", \"" + response.body().strip() + "\"; flights: "
                    + String.join(" ", flights.stream().map(f -> (f[0] == 0 ? ">" : "<") + f[1]).toList()));
            return new long[] {roundTrips, up, down, response.version() == HttpClient.Version.HTTP_2 ? 2 : 1};
        }
    }
    // end::measure[]

    static char[] newPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random).toCharArray();
    }

    /** A fresh EC key pair and self-signed certificate for 127.0.0.1, made by the JDK's keytool (as in WsVsWss). */
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
}
