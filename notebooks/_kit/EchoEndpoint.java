package kit;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * The simplest WebSocket server there is: it sends back whatever it receives,
 * text as text and binary as binary. Demos whose point is not the server use
 * it; {@code hello/Hello.java} shows the same thing written out.
 */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    @OnMessage
    public String echo(String text) {
        return text;
    }

    @OnMessage
    public ByteBuffer echo(ByteBuffer data) {
        return data;
    }
}
