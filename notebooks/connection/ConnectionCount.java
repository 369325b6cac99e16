///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Ten exchanges counted on the wire: HTTP/1.1 keep-alive, Connection: close, the JDK default client, one WebSocket
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES BarChart.java

import java.util.Locale;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import kit.*;

public class ConnectionCount {

    static final int EXCHANGES = 10;

    public static void main(String[] args) throws Exception {
        // The JDK refuses to let code set "Connection" unless told it may; read once, at first use.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
        Table table = new Table("ten exchanges", "TCP conns", "bytes");
        BarChart chart = new BarChart("TCP connections for ten exchanges", "TCP connections opened");
        try (DemoServer server = DemoServer.builder().get("/hello", request -> "hello\n").endpoint(EchoEndpoint.class).start()) {
            // tag::http[]
            WireTap keepAlive = WireTap.in(server).start();
            http(Clients.http(), keepAlive, false);         // <1>
            WireTap close = WireTap.in(server).start();
            http(Clients.http(), close, true);              // <2>
            WireTap jdkDefault = WireTap.in(server).start();
            http(Clients.jdkDefault(), jdkDefault, false);  // <3>
            // end::http[]
            // tag::websocket[]
            WireTap webSocket = WireTap.in(server).start();
            try (WebSocketClient ws = Clients.webSocket(webSocket.wsUri("/echo"))) {
                for (int i = 0; i < EXCHANGES; i++) {
                    ws.send("message " + i);
                    ws.receive();                            // <4>
                }
            }
            // end::websocket[]
            String[] names = {"HTTP/1.1 keep-alive", "Connection: close", "JDK default client", "one WebSocket"};
            WireTap[] taps = {keepAlive, close, jdkDefault, webSocket};
            int[] counts = java.util.Arrays.stream(taps).mapToInt(WireTap::connections).toArray();
            long[] bytes = java.util.Arrays.stream(taps)
                    .mapToLong(t -> t.bytes(Direction.CLIENT_TO_SERVER) + t.bytes(Direction.SERVER_TO_CLIENT)).toArray();
            Claims.check("the WebSocket cost the fewest bytes, the keep-alive exchanges more, the h2c attempts the most",
                    bytes[3] < bytes[0] && bytes[0] < bytes[2], "WebSocket " + bytes[3] + " B, keep-alive " + bytes[0]
                            + " B, JDK default " + bytes[2] + " B");
            for (int i = 0; i < taps.length; i++) {
                // The tap records a connection when it accepts it, before any byte moves: the counts are final.
                table.row(names[i], taps[i].connections(), taps[i].bytes(Direction.CLIENT_TO_SERVER) + taps[i].bytes(Direction.SERVER_TO_CLIENT));
                chart.row(names[i], taps[i].connections());
                String key = new String[] {"keep-alive", "close", "jdk-default", "websocket"}[i];
                Figures.publish(key + "-connections", taps[i].connections());
                Figures.publish(key + "-bytes", String.format(Locale.ROOT, "%,d", taps[i].bytes(Direction.CLIENT_TO_SERVER) + taps[i].bytes(Direction.SERVER_TO_CLIENT)));
                if (i < 3) taps[i].close(); // the h2c heads are read below
            }
            Claims.check("ten HTTP/1.1 requests used one connection", counts[0] == 1, "connections: " + counts[0]);
            Claims.check("asking for Connection: close made it one connection per request", counts[1] == EXCHANGES,
                    "connections: " + counts[1]);
            Claims.check("the JDK's default client opened one connection per request", counts[2] == EXCHANGES,
                    "connections: " + counts[2]);
            Claims.check("the WebSocket carried its ten messages on one connection", counts[3] == 1, "connections: " + counts[3]);
            System.out.println(table);
            chart.write(Figures.file("connections.svg"));

            // tag::heads[]
            List<HttpHead> heads = jdkDefault.timeline().stream()
                    .map(TapEvent::head).filter(Objects::nonNull).toList();
            HttpHead asked = heads.get(0), answered = heads.get(1); // first request, its response
            System.out.println("What the JDK's default client asked for, and what it got:");
            System.out.println("  > Connection: " + asked.field("Connection"));
            System.out.println("  > Upgrade: " + asked.field("Upgrade"));
            System.out.println("  < " + answered.startLine());
            System.out.println("  < Connection: " + answered.field("Connection"));
            // end::heads[]
            Claims.check("the default client asked for h2c and this server declined with Connection: close",
                    "h2c".equals(asked.field("Upgrade")) && "close".equalsIgnoreCase(answered.field("Connection")),
                    "Upgrade: " + asked.field("Upgrade") + ", answered Connection: " + answered.field("Connection"));
            webSocket.close();
        }
        System.out.println();
        System.out.println("HTTP/1.1 keeps a connection open unless someone says \"close\": ten requests, one connection. "
                + "The JDK's default client asks to upgrade to HTTP/2 (h2c) on every request; this server (Grizzly) "
                + "declines by closing, so that client pays a new connection each time.");
    }

    // tag::send[]
    static void http(HttpClient client, WireTap tap, boolean close) throws Exception {
        for (int i = 0; i < EXCHANGES; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(tap.httpUri("/hello"))
                    .timeout(Duration.ofSeconds(5));
            if (close) request.header("Connection", "close"); // "close after the response"
            client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
    // end::send[]
}
