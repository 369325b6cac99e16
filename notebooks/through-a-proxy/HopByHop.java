///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION The WebSocket handshake through a proxy that drops hop-by-hop headers (a plain GET arrives) and one told to pass Upgrade (101)
//JAVA 17+
//SOURCES ../_kit/*.java

import java.io.IOException;
import java.util.List;
import kit.*;

public class HopByHop {

    public static void main(String[] args) throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start()) {
            Leg plain = through(server, false);
            Leg passing = through(server, true);

            System.out.println();
            Table table = new Table("proxy", "backend got Upgrade", "client got", "echo");
            table.row("drops hop-by-hop", plain.backendUpgrade, plain.outcome, plain.echo);
            table.row("passes Upgrade", passing.backendUpgrade, passing.outcome, passing.echo);
            System.out.print(table);

            Claims.check("through the proxy that drops hop-by-hop headers, the backend saw no Upgrade header",
                    plain.backendUpgrade.equals("no"), "backend got Upgrade: " + plain.backendUpgrade);
            Claims.check("through the proxy that drops hop-by-hop headers, the handshake did not get a 101",
                    plain.status != 101, "status: " + plain.status);
            Claims.check("through the proxy that passes Upgrade, the handshake got a 101 and the echo came back",
                    passing.status == 101 && passing.echo.equals("hello"), "status: " + passing.status + ", echo: " + passing.echo);
            Claims.check("both proxies added X-Forwarded-For with the client's address",
                    plain.forwardedFor.equals("127.0.0.1") && passing.forwardedFor.equals("127.0.0.1"),
                    plain.forwardedFor + " / " + passing.forwardedFor);
            Figures.publish("plain-status", plain.status);
            System.out.println("A proxy that drops hop-by-hop headers turns the WebSocket handshake into a plain GET ("
                    + plain.status + "); told to pass Upgrade, it tunnels the WebSocket (101).");
        }
    }

    record Leg(String backendUpgrade, int status, String outcome, String echo, String forwardedFor) {}

    static Leg through(DemoServer server, boolean passUpgrade) throws Exception {
        // tag::setup[]
        // client --> tap --> proxy --> tap --> server: a tap on each leg
        try (WireTap serverLeg = WireTap.in(server).start();
             ReverseProxy proxy = passUpgrade
                     ? ReverseProxy.to(serverLeg.port()).passUpgrade().start() // <1>
                     : ReverseProxy.to(serverLeg.port()).start();
             WireTap clientLeg = WireTap.to(proxy.port()).start()) {
            String echo = "-";
            int status;
            try (WebSocketClient client = WebSocketClient.connect(clientLeg.wsUri("/echo"))) {
                echo = client.send("hello").receive();
                status = 101;
            } catch (IOException refused) {
                status = statusOf(clientLeg.timeline()); // the JDK only says "unexpected status"
            }
            // end::setup[]
            System.out.println(passUpgrade ? "=== a proxy told to pass Upgrade" : "=== a proxy that drops hop-by-hop headers");
            HttpHead sent = requestHead(clientLeg.timeline()), received = requestHead(serverLeg.timeline());
            System.out.print("client -> proxy:\n" + sent.text().indent(2));
            System.out.print("proxy -> server:\n" + received.text().indent(2));
            System.out.println("server answered: " + statusOf(serverLeg.timeline()) + ", client got: " + status);
            System.out.println();
            String forwardedFor = received.field("X-Forwarded-For") == null ? "(none)" : received.field("X-Forwarded-For");
            return new Leg(received.field("Upgrade") == null ? "no" : "yes", status,
                    status == 101 ? "101 Switching Protocols" : status + ", no WebSocket", echo, forwardedFor);
        }
    }

    static HttpHead requestHead(List<TapEvent> events) {
        return events.stream().filter(e -> e.head() != null && e.head().isRequest()).findFirst().orElseThrow().head();
    }

    static int statusOf(List<TapEvent> events) {
        return events.stream().filter(e -> e.head() != null && !e.head().isRequest()).findFirst()
                .map(e -> e.head().status()).orElse(-1);
    }
}
