///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION The book's first demo: a WebSocket echo server and a JDK client, on this machine, in one file
//JAVA 17+
//SOURCES ../_kit/*.java

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.Objects;
import kit.*;

public class Hello {

    // tag::server[]
    /** The whole server side: whatever text arrives on /echo goes back where it came from. */
    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }
    // end::server[]

    public static void main(String[] args) throws Exception {
        // tag::client[]
        try (DemoServer server = DemoServer.builder().endpoint(Echo.class).start();
             WireTap tap = WireTap.in(server).start();                 // records what crosses the wire
             WebSocketClient client = WebSocketClient.connect(tap.wsUri("/echo"))) {
            System.out.println("echo server at " + server.wsUri("/echo") + " (127.0.0.1 only)");

            client.send("Hello, WebSocket");
            System.out.println("sent:     Hello, WebSocket");
            String reply = client.receive();
            System.out.println("received: " + reply);
            Claims.check("the echo came back unchanged", reply.equals("Hello, WebSocket"), "received: " + reply);
            // end::client[]
            List<HttpHead> heads = tap.timeline().stream().map(TapEvent::head).filter(Objects::nonNull).toList();
            Claims.check("one HTTP request asked to switch protocols and the server said 101", heads.size() == 2
                    && "websocket".equalsIgnoreCase(heads.get(0).field("Upgrade")) && heads.get(1).status() == 101,
                    heads.stream().map(HttpHead::startLine).toList().toString());
            Claims.check("the same TCP connection then carried the messages", tap.connections() == 1
                    && tap.frames(Direction.CLIENT_TO_SERVER).size() == 1 && tap.frames(Direction.SERVER_TO_CLIENT).size() == 1,
                    tap.connections() + " connection(s), frames up " + tap.frames(Direction.CLIENT_TO_SERVER).size()
                            + ", down " + tap.frames(Direction.SERVER_TO_CLIENT).size());
        }
        System.out.println();
        System.out.println("What that proves: one HTTP request asked to switch protocols, the server");
        System.out.println("said 101, and from then on the same TCP connection carried WebSocket");
        System.out.println("messages. Both ends are closed again; nothing is left running.");
    }
}
