package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that stops reading, a server that keeps sending: with a policy, what the server
 * holds for that member stays under its bound; with none, it grows with everything sent.
 * A fast member on the same server gets every message either way.
 */
@ExtendWith(NoLeaks.class)
class OutboxTest {

    static final int MESSAGE = 16 * 1024, COUNT = 2_500; // 40 MB in all, far more than TCP buffers hold
    static final long LIMIT = 1024 * 1024;
    static final BlockingQueue<Session> OPENED = new LinkedBlockingQueue<>();

    @ServerEndpoint("/feed")
    public static class Feed {
        @OnOpen
        public void open(Session session) {
            OPENED.add(session);
        }
    }

    @ParameterizedTest
    @EnumSource(Outbox.Policy.class)
    void aPolicyBoundsWhatTheServerHoldsForAMemberThatStoppedReading(Outbox.Policy policy) throws Exception {
        OPENED.clear();
        String padding = "x".repeat(MESSAGE - 8);
        HttpClient http = HttpClient.newHttpClient();
        try (DemoServer server = DemoServer.builder().endpoint(Feed.class).start()) {
            // the slow member asks for nothing: the JDK client stops reading its socket
            WebSocket slow = http.newWebSocketBuilder().buildAsync(server.wsUri("/feed"), new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket webSocket) { /* no request(n): no demand */ }
            }).get(10, TimeUnit.SECONDS);
            Session slowSession = OPENED.poll(10, TimeUnit.SECONDS);
            AtomicInteger fastGot = new AtomicInteger();
            CountDownLatch fastDone = new CountDownLatch(1);
            StringBuilder part = new StringBuilder();
            WebSocket fast = http.newWebSocketBuilder().buildAsync(server.wsUri("/feed"), new WebSocket.Listener() {
                @Override
                public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    part.append(data);
                    if (last) {
                        fastGot.incrementAndGet();
                        if (part.substring(0, 8).equals(String.format("%08d", COUNT - 1))) fastDone.countDown(); // the newest
                        part.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            Session fastSession = OPENED.poll(10, TimeUnit.SECONDS);

            Outbox slowBox = new Outbox(slowSession, policy, LIMIT), fastBox = new Outbox(fastSession, policy, LIMIT);
            for (int i = 0; i < COUNT; i++) {
                String message = String.format("%08d", i) + padding;
                slowBox.offer(message);
                fastBox.offer(message);
                if (policy != Outbox.Policy.UNBOUNDED) {
                    // a bounded producer: keep the fast member's own queue from overflowing in this loop
                    while (fastBox.queuedBytes() > LIMIT / 2 && !fastBox.closed()) Thread.onSpinWait();
                }
            }
            assertTrue(fastDone.await(60, TimeUnit.SECONDS), "the fast member got the last message (" + fastGot.get() + " in all)");
            if (policy != Outbox.Policy.CONFLATE) assertEquals(COUNT, fastGot.get(), "the fast member got every message");

            long held = slowBox.queuedBytes(), most = slowBox.maxQueuedBytes();
            if (policy == Outbox.Policy.UNBOUNDED) {
                assertTrue(held > 20 * LIMIT, "without a bound the server holds what the slow member did not read: " + held);
            } else {
                assertTrue(most <= LIMIT, policy + " kept at most " + most + " B for the slow member (bound " + LIMIT + ")");
                assertTrue(slowBox.sent() < COUNT, "the slow member really was slow: " + slowBox.sent() + " written");
            }
            switch (policy) {
                case DROP -> assertTrue(slowBox.dropped() > COUNT / 2, "dropped " + slowBox.dropped());
                case CONFLATE -> assertTrue(slowBox.conflated() > COUNT / 2, "conflated " + slowBox.conflated());
                case DISCONNECT -> {
                    assertTrue(slowBox.closed());
                    assertEquals(0, slowBox.dropped());
                }
                default -> { }
            }
            System.out.printf("%s: slow member held %,d B now, %,d B at most; %,d written%n", policy, held, most, slowBox.sent());
            slow.abort();
            fast.abort();
        }
    }
}
