package kit;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/** Sends back whatever it receives, text as text and binary as binary. */
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
