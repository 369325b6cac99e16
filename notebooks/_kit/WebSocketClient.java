package kit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client over the JDK's {@code java.net.http.WebSocket}, with the
 * three rules of that API kept for you:
 * <ol>
 * <li>The listener gets one message, then nothing until it asks for more with
 *     {@code request(1)}. Here every message goes into a queue and the next is
 *     requested at once; {@link #receive()} takes from the queue.</li>
 * <li>Only one send may be in flight. Here each send is chained after the
 *     previous one, so {@code send("a").send("b")} just works.</li>
 * <li>A connection ends with a close code and reason, or with an error (seen
 *     as 1006: closed with no close frame). Both are recorded.</li>
 * </ol>
 * Every wait has a timeout: {@value #DEFAULT_WAIT_SECONDS} s unless given.
 */
public final class WebSocketClient implements AutoCloseable {

    public static final int DEFAULT_WAIT_SECONDS = 5;
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(DEFAULT_WAIT_SECONDS);
    private static final Object CLOSED = new Object(); // put in the queue once no more messages can come

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int closeCode = -1;
    private volatile String closeReason = "";
    private volatile Throwable error;
    private CompletableFuture<WebSocket> sending;
    private final WebSocket socket;

    private WebSocketClient(HttpClient http, URI uri, String origin) throws IOException, InterruptedException {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(DEFAULT_WAIT);
        if (origin != null) builder.header("Origin", origin);
        try {
            socket = builder.buildAsync(uri, new Listener()).get(DEFAULT_WAIT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no handshake answer from " + uri + " within " + DEFAULT_WAIT, e);
        }
        sending = CompletableFuture.completedFuture(socket);
    }

    public static WebSocketClient connect(URI uri) throws IOException, InterruptedException {
        return new WebSocketClient(Clients.http(), uri, null);
    }

    /** Connects through a given {@code HttpClient}, so that a timing can reuse one client as HTTP requests do. */
    public static WebSocketClient connect(HttpClient http, URI uri) throws IOException, InterruptedException {
        return new WebSocketClient(http, uri, null);
    }

    /** Connects with an {@code Origin} header, as a browser would send it. */
    public static WebSocketClient connect(URI uri, String origin) throws IOException, InterruptedException {
        return new WebSocketClient(Clients.http(), uri, origin);
    }

    /** Sends a text message after the previous send; returns at once. */
    public synchronized WebSocketClient send(String text) {
        sending = sending.thenCompose(ws -> ws.sendText(text, true));
        return this;
    }

    /** Sends a binary message after the previous send; returns at once. */
    public synchronized WebSocketClient sendBinary(byte[] data) {
        sending = sending.thenCompose(ws -> ws.sendBinary(ByteBuffer.wrap(data), true));
        return this;
    }

    /** Sends a ping after the previous send; the server's pong is not queued as a message. */
    public synchronized WebSocketClient ping() {
        sending = sending.thenCompose(ws -> ws.sendPing(ByteBuffer.allocate(0)));
        return this;
    }

    /** Waits until every send so far has been handed to TCP. */
    public void flush() throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<WebSocket> last;
        synchronized (this) {
            last = sending;
        }
        try {
            last.get(DEFAULT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("send failed", e.getCause());
        }
    }

    /** The next text message, waiting up to {@value #DEFAULT_WAIT_SECONDS} s. */
    public String receive() throws InterruptedException, TimeoutException {
        return receive(DEFAULT_WAIT);
    }

    public String receive(Duration timeout) throws InterruptedException, TimeoutException {
        Object message = next(timeout);
        if (message instanceof String text) return text;
        throw new IllegalStateException("expected a text message, got " + ((byte[]) message).length + " bytes of binary");
    }

    /** The next binary message. */
    public byte[] receiveBinary() throws InterruptedException, TimeoutException {
        Object message = next(DEFAULT_WAIT);
        if (message instanceof byte[] data) return data;
        throw new IllegalStateException("expected a binary message, got text: " + message);
    }

    private Object next(Duration timeout) throws InterruptedException, TimeoutException {
        Object message = received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (message == null) throw new TimeoutException("no message within " + timeout.toMillis() + " ms");
        if (message == CLOSED) {
            received.add(CLOSED); // for the next caller too
            throw new IllegalStateException("the connection is closed: " + closeCode + " " + closeReason);
        }
        return message;
    }

    /** Waits for the connection to end, by a close frame or an error. */
    public boolean awaitClose(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The close code received (1000 normal, 1006 no close frame at all...), or -1 while open. */
    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    /** The error that ended the connection, if one did. */
    public Throwable error() {
        return error;
    }

    /** The JDK object underneath, for what this class does not cover. */
    public WebSocket socket() {
        return socket;
    }

    /**
     * Sends close 1000 (after pending sends) and waits for the server's close;
     * if it does not come in time, drops the connection.
     */
    public void close(int code, String reason) throws InterruptedException {
        synchronized (this) {
            sending = sending.thenCompose(ws -> ws.sendClose(code, reason));
        }
        if (!awaitClose(DEFAULT_WAIT)) socket.abort();
    }

    @Override
    public void close() throws InterruptedException {
        if (closed.getCount() == 0 || socket.isOutputClosed()) {
            socket.abort();
            return;
        }
        close(WebSocket.NORMAL_CLOSURE, "done");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence part, boolean last) {
            text.append(part); // a message may come in parts
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer part, boolean last) {
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            closeReason = reason;
            finish();
            return null; // the JDK answers with the same close code
        }

        @Override
        public void onError(WebSocket webSocket, Throwable failure) {
            error = failure;
            closeCode = 1006;
            closeReason = String.valueOf(failure.getMessage());
            finish();
        }

        private void finish() {
            received.add(CLOSED);
            closed.countDown();
        }
    }
}
