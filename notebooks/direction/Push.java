///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Server push on a WebSocket: after the handshake the server sends N messages and the client sends no data frame at all
//JAVA 17+
//SOURCES ../_kit/*.java

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kit.*;

public class Push {

    static final int COUNT = 5;
    static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "news-clock");
        thread.setDaemon(true); // never keeps the program alive
        return thread;
    });

    // tag::endpoint[]
    /** Nothing is asked: as soon as the connection is open, the server starts talking. */
    @ServerEndpoint("/ticker")
    public static class Ticker {
        @OnOpen
        public void onOpen(Session session) {
            for (int i = 1; i <= COUNT; i++) {
                String news = "tick " + i + " of " + COUNT;
                CLOCK.schedule(() -> send(session, news), i * 40L, TimeUnit.MILLISECONDS); // news every 40 ms
            }
        }

        static void send(Session session, String text) {
            try {
                session.getBasicRemote().sendText(text);
            } catch (IOException e) {
                // the client left
            }
        }
    }
    // end::endpoint[]

    public static void main(String[] args) throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(Ticker.class).start();
             WireTap tap = WireTap.in(server).start()) {
            // tag::client[]
            try (WebSocketClient client = WebSocketClient.connect(tap.wsUri("/ticker"))) {
                for (int i = 0; i < COUNT; i++) System.out.println("received: " + client.receive()); // never sends
            }                                                                                      // then: close 1000
            List<TapEvent> events = tap.awaitClosed(Duration.ofSeconds(5));
            // end::client[]
            CLOCK.shutdownNow();

            // tag::proof[]
            List<Frame> up = tap.frames(Direction.CLIENT_TO_SERVER), down = tap.frames(Direction.SERVER_TO_CLIENT);
            long upData = up.stream().filter(f -> f.opcode() < Frame.CLOSE).count();   // 0x0 continuation, 0x1 text, 0x2 binary
            long downData = down.stream().filter(f -> f.opcode() < Frame.CLOSE).count();
            long upFrameBytes = up.stream().mapToLong(Frame::wireLength).sum();
            // end::proof[]
            System.out.println();
            System.out.print(new Table("after the 101", "data", "control", "bytes")
                    .row("server → client", downData, down.size() - downData, down.stream().mapToLong(Frame::wireLength).sum())
                    .row("client → server", upData, up.size() - upData, upFrameBytes));
            System.out.println();
            System.out.println("(frames: data = text/binary/continuation,");
            System.out.println(" control = close/ping/pong)");
            Claims.check("the client sent no data frame, only its close", upData == 0 && up.size() == 1 && up.get(0).opcode() == Frame.CLOSE,
                    up.size() + " frame(s) up, " + upData + " of them data");
            Claims.check("the server sent every message without being asked", downData == COUNT, downData + " data frames down");
            System.out.println();
            System.out.println("The client's only frame was its " + up.get(up.size() - 1).label() + ".");
            System.out.println("The server spoke " + downData + " times without being asked.");

            Figures.publish("push-messages", downData);
            Figures.publish("push-client-data-frames", upData);
            Figures.publish("push-client-frame-bytes", upFrameBytes);
            SequenceDiagram.write(events, Figures.file("push.svg"));
        }
    }
}
