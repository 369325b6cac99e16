///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Cross-site WebSocket hijacking: a server that accepts any Origin, and one that checks it (403, at once)
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import kit.*;

public class OriginCheck {

    static final String BANK = "https://bank.example", EVIL = "https://evil.example";

    // tag::server[]
    /** Sends the account to whoever connects: a browser would have sent the user's cookie. */
    @ServerEndpoint("/open/account")
    public static class OpenAccount {
        @OnOpen
        public void open(Session session) throws IOException {
            session.getBasicRemote().sendText("account 42, balance 1,234.56");
        }
    }

    /** Only pages of the bank itself may open this socket (RFC 6455 §10.2). */
    public static class OnlyBankPages extends ServerEndpointConfig.Configurator {
        @Override
        public boolean checkOrigin(String origin) {
            return BANK.equals(origin); // <1>
        }
    }

    @ServerEndpoint(value = "/guarded/account", configurator = OnlyBankPages.class)
    public static class GuardedAccount {
        @OnOpen
        public void open(Session session) throws IOException {
            session.getBasicRemote().sendText("account 42, balance 1,234.56");
        }
    }
    // end::server[]

    public static void main(String[] args) throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(OpenAccount.class).endpoint(GuardedAccount.class).start();
             WireTap tap = WireTap.in(server).start()) {
            // tag::attempts[]
            int careless = attempt(tap, "/open/account", EVIL);  // a foreign page, a careless server
            int guarded = attempt(tap, "/guarded/account", EVIL); // a foreign page, a server that checks
            int own = attempt(tap, "/guarded/account", BANK);     // the bank's own page
            // end::attempts[]
            Claims.check("the endpoint that does not check Origin let the foreign page in", careless == 101, "status " + careless);
            Claims.check("the endpoint that checks Origin refused the foreign page with 403", guarded == 403, "status " + guarded);
            Claims.check("the same endpoint let the bank's own page in", own == 101, "status " + own);

            List<TapEvent> seen = tap.awaitClosed(Duration.ofSeconds(5));
            TapEvent refusal = seen.stream().filter(e -> e.head() != null && e.head().status() == 403).findFirst().orElseThrow();
            System.out.println();
            TapEvent request = seen.stream().filter(e -> e.connection() == refusal.connection() && e.head() != null)
                    .findFirst().orElseThrow();
            System.out.println("The refusal as the tap saw it:");
            System.out.println("  " + request.head().startLine() + "  ...  Origin: " + request.head().field("Origin"));
            System.out.print(refusal.head().text().indent(2));
            Claims.check("the refusal was complete: Content-Length: 0 and Connection: close",
                    "0".equals(refusal.head().field("Content-Length")) && refusal.head().fieldContains("Connection", "close"),
                    refusal.head().text());
            Claims.check("so the client knew within 5 s, not after a 30 s idle timeout", refusalMs < 5000,
                    String.format(Locale.ROOT, "%.1f ms", refusalMs));
            SequenceDiagram.write(seen.stream().filter(e -> e.connection() == refusal.connection()).toList(),
                    Figures.file("origin-refused.svg"));
        }
    }

    static double refusalMs;

    /** Opens a WebSocket as a page from {@code origin} would, says what happened, and returns the status. */
    static int attempt(WireTap tap, String path, String origin) throws Exception {
        URI uri = tap.wsUri(path);
        long start = System.nanoTime();
        String key = (path.startsWith("/open") ? "open" : "guarded") + "-" + (origin.equals(EVIL) ? "evil" : "bank");
        try (WebSocketClient client = WebSocketClient.connect(uri, origin)) {
            String got = client.receive();
            System.out.printf(Locale.ROOT, "Origin %-21s -> %-17s: connected, read \"%s\"%n", origin, path, got);
            Figures.publish(key, "connected, read \"" + got + "\"");
            return 101;
        } catch (WebSocketHandshakeException refused) {
            double ms = (System.nanoTime() - start) / 1e6;
            int status = refused.getResponse().statusCode();
            System.out.printf(Locale.ROOT, "Origin %-21s -> %-17s: refused, HTTP %d, after %.1f ms%n", origin, path, status, ms);
            Figures.publish(key, "refused with HTTP " + status);
            Figures.publish("refusal-ms", String.format(Locale.ROOT, "%.1f ms", ms));
            refusalMs = ms;
            return status;
        }
    }
}
