///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION WebSocket over HTTP/2 (RFC 8441), Jetty on both ends: SETTINGS 0x8=1, extended CONNECT, 200, frames in DATA; two WebSockets and a GET on one connection
//JAVA 17+
//DEPS org.eclipse.jetty:jetty-server:12.1.14
//DEPS org.eclipse.jetty.http2:jetty-http2-server:12.1.14
//DEPS org.eclipse.jetty.http2:jetty-http2-client-transport:12.1.14
//DEPS org.eclipse.jetty.websocket:jetty-websocket-jetty-server:12.1.14
//DEPS org.eclipse.jetty.websocket:jetty-websocket-jetty-client:12.1.14
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES ../_kit/*.java
//SOURCES H2Wire.java
//SOURCES StreamLanes.java

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import kit.*;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

public class WebSocketOverH2 {

    /** The server's WebSocket: echoes each text message. */
    @WebSocket
    public static class Echo {
        @OnWebSocketMessage
        public void onMessage(Session session, String text) {
            session.sendText("echo: " + text, org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }

    /** The client's WebSocket: keeps what arrives. */
    @WebSocket
    public static class Received {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        @OnWebSocketMessage
        public void onMessage(String text) {
            messages.add(text);
        }
    }

    public static void main(String[] args) throws Exception {
        // tag::server[]
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        ServerConnector connector = new ServerConnector(server, 1, 1,
                new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config)); // HTTP/1.1 and h2c on one port
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server,
                container -> container.addMapping("/echo", (request, response, callback) -> new Echo()));
        webSockets.setHandler(new Handler.Abstract() { // everything that is not a WebSocket: GET /hello
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.write(true, ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        });
        server.setHandler(webSockets);
        // end::server[]
        H2Wire wire = new H2Wire();
        HttpClient http = null;
        WebSocketClient client = null;
        try {
            server.start();
            try (WireTap tap = WireTap.to(connector.getLocalPort()).observe(wire).start()) {
                // tag::client[]
                http = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(new ClientConnector()))); // HTTP/2 only
                client = new WebSocketClient(http);
                client.start();
                Received one = new Received(), two = new Received();
                URI echo = tap.wsUri("/echo");
                Session first = client.connect(one, echo).get(10, TimeUnit.SECONDS);
                Session second = client.connect(two, echo).get(10, TimeUnit.SECONDS);
                first.sendText("one", org.eclipse.jetty.websocket.api.Callback.NOOP);
                second.sendText("two", org.eclipse.jetty.websocket.api.Callback.NOOP);
                String answerOne = one.messages.poll(10, TimeUnit.SECONDS), answerTwo = two.messages.poll(10, TimeUnit.SECONDS);
                // a plain GET, sent to a ws:// address so that Jetty's client takes the same connection
                String hello = http.newRequest(tap.wsUri("/hello")).timeout(10, TimeUnit.SECONDS).send().getContentAsString();
                // end::client[]
                System.out.println("Jetty's WebSocket client over HTTP/2 got back \"" + answerOne + "\" and \"" + answerTwo
                        + "\"; the GET got \"" + hello.strip() + "\"");
                List<H2Wire.H2Frame> frames = wire.await(f -> f.type().equals("DATA") && f.endStream()
                        && f.direction() == Direction.SERVER_TO_CLIENT, 1, Duration.ofSeconds(5)); // up to the GET's answer
                first.close();
                second.close();
                int h2Connections = tap.connections();

                // tag::jdk[]
                // The JDK's WebSocket against the same server, through the same tap
                CompletableFuture<String> jdkAnswer = new CompletableFuture<>();
                java.net.http.WebSocket jdk = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(echo, new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                                jdkAnswer.complete(data.toString());
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
                jdk.sendText("three", true).get(10, TimeUnit.SECONDS);
                String answerThree = jdkAnswer.get(10, TimeUnit.SECONDS);
                // end::jdk[]
                jdk.abort();
                List<TapEvent> heads = tap.await(events -> events.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD).count() >= 2,
                        Duration.ofSeconds(5)).stream().filter(e -> e.kind() == TapEvent.Kind.HEAD).toList();

                report(frames, h2Connections);
                System.out.println();
                System.out.println("The JDK's java.net.http.WebSocket, same server, same tap, got \"" + answerThree + "\" over:");
                for (TapEvent head : heads) System.out.println(String.format(Locale.ROOT, "  #%d %s  %s", head.connection(),
                        head.direction() == Direction.CLIENT_TO_SERVER ? "->" : "<-", head.summary()));
                HttpHead request = heads.get(0).head(), answer = heads.get(1).head();
                Claims.check("The JDK WebSocket opened with an HTTP/1.1 GET and Upgrade: websocket, answered 101",
                        request.startLine().endsWith("HTTP/1.1") && "websocket".equalsIgnoreCase(request.field("Upgrade"))
                                && answer.status() == 101, request.startLine() + " / " + answer.startLine());
                Claims.check("The JDK WebSocket took a TCP connection of its own", heads.get(0).connection() != 1
                        && tap.connections() == h2Connections + 1, "it used connection #" + heads.get(0).connection());
                Claims.check("Every WebSocket got its echo", ("echo: one").equals(answerOne) && ("echo: two").equals(answerTwo)
                        && "echo: three".equals(answerThree), answerOne + ", " + answerTwo + ", " + answerThree);
                Figures.publish("jdk-ws-request", request.startLine() + " + Upgrade: " + request.field("Upgrade"));
                Figures.publish("jdk-ws-answer", answer.startLine());
                Figures.publish("jdk-ws-connection", "#" + heads.get(0).connection());
                Files.writeString(Figures.file("websocket-over-h2-lanes.svg"), StreamLanes.svg(
                        "RFC 8441: two WebSockets and a GET, streams of one HTTP/2 connection", frames.stream()
                                .filter(f -> f.connection() == 1 && !f.type().equals("WINDOW_UPDATE")).toList()), StandardCharsets.UTF_8);
            }
        } finally {
            if (client != null) client.stop();
            if (http != null) http.stop();
            server.stop();
        }
    }

    // tag::report[]
    /** What the tap read on the HTTP/2 connection, and the claims the chapter makes about it. */
    static void report(List<H2Wire.H2Frame> frames, int connections) {
        List<H2Wire.H2Frame> h2 = frames.stream().filter(f -> f.connection() == 1).toList();
        System.out.println();
        System.out.println("The HTTP/2 connection, frame by frame (WebSocket frames inside DATA decoded too):");
        for (H2Wire.H2Frame f : h2) {
            if (f.type().equals("WINDOW_UPDATE")) continue;
            System.out.printf(Locale.ROOT, "  %s %s%n", f.direction() == Direction.CLIENT_TO_SERVER ? "->" : "<-", f.label());
            if (f.type().equals("HEADERS")) f.fields().stream().filter(x -> !x.startsWith(":")).forEach(x -> System.out.println("       " + x));
            if (f.type().equals("DATA") && f.payload().length > 0) {
                kit.Frame inside = kit.Frame.parse(f.payload(), 0, f.payload().length);
                if (inside != null) System.out.println("       WebSocket " + inside.label() + (inside.masked() ? ", masked" : ""));
            }
        }
        boolean enabled = h2.stream().anyMatch(f -> f.type().equals("SETTINGS") && f.direction() == Direction.SERVER_TO_CLIENT
                && f.fields().contains("ENABLE_CONNECT_PROTOCOL(0x8)=1"));
        List<H2Wire.H2Frame> connects = h2.stream().filter(f -> f.type().equals("HEADERS") && f.fields().contains(":method CONNECT")
                && f.fields().contains(":protocol websocket")).toList();
        List<Integer> webSocketStreams = connects.stream().map(H2Wire.H2Frame::stream).toList();
        boolean answered200 = webSocketStreams.stream().allMatch(s -> h2.stream().anyMatch(f -> f.stream() == s
                && f.type().equals("HEADERS") && f.direction() == Direction.SERVER_TO_CLIENT && f.fields().contains(":status 200")));
        long framesInData = h2.stream().filter(f -> f.type().equals("DATA") && webSocketStreams.contains(f.stream())
                && f.payload().length > 0 && kit.Frame.parse(f.payload(), 0, f.payload().length) != null).count();
        int getStream = h2.stream().filter(f -> f.type().equals("HEADERS") && f.fields().contains(":method GET"))
                .mapToInt(H2Wire.H2Frame::stream).findFirst().orElse(-1);
        System.out.println("the tap counted " + connections + " TCP connection for both WebSockets (streams " + webSocketStreams
                + ") and the GET (stream " + getStream + ")");
        Claims.check("The server's SETTINGS carried ENABLE_CONNECT_PROTOCOL (0x8) = 1", enabled, "server SETTINGS seen: " + enabled);
        Claims.check("Each WebSocket opened with an extended CONNECT (:method CONNECT, :protocol websocket)",
                connects.size() == 2, "extended CONNECTs: " + connects.size());
        Claims.check("Each extended CONNECT was answered :status 200, not 101", answered200 && !webSocketStreams.isEmpty(),
                "streams " + webSocketStreams);
        Claims.check("The WebSocket frames travelled inside DATA frames", framesInData >= 4, "DATA frames holding a WebSocket frame: " + framesInData);
        Claims.check("Two WebSockets and a GET were streams of one TCP connection",
                connections == 1 && webSocketStreams.size() == 2 && getStream > 0 && !webSocketStreams.contains(getStream),
                "connections " + connections + ", WebSocket streams " + webSocketStreams + ", GET stream " + getStream);
        Claims.check("The second CONNECT's header block took under half the bytes of the first",
                2 * connects.get(1).blockBytes() < connects.get(0).blockBytes(),
                connects.get(0).blockBytes() + " B, then " + connects.get(1).blockBytes() + " B");
        Figures.publish("first-connect-hpack", connects.get(0).blockBytes());
        Figures.publish("second-connect-hpack", connects.get(1).blockBytes());
        Figures.publish("ws-streams", webSocketStreams.get(0) + " and " + webSocketStreams.get(1));
        Figures.publish("get-stream", getStream);
        Figures.publish("ws-connections", connections);
        Figures.publish("ws-frames-in-data", framesInData);
        Figures.publish("connect-fields", String.join(", ", connects.get(0).fields().stream().filter(x -> x.startsWith(":")).toList()));
    }
    // end::report[]
}
