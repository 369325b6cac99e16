package kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A relay on 127.0.0.1 that the client talks to instead of the server: every
 * byte is passed on, and on the way it is counted, decoded and timed (in
 * microseconds since the first connection).
 *
 * <pre>
 *   client ──► tap (127.0.0.1:tapPort) ──► server (127.0.0.1:serverPort)
 *          ◄──                        ◄──
 * </pre>
 *
 * Bytes are decoded <em>before</em> they are passed on, so once a client has
 * received something, the tap has already recorded it: a test can check the
 * timeline as soon as its client has its answer.
 *
 * <p>It can also play the network: {@link Builder#delay} holds each direction's
 * bytes for a while (half a round trip), and {@link Builder#dropWhenIdle}
 * stops forwarding a connection that was quiet for too long, telling no one,
 * as NATs and proxies do.
 */
public final class WireTap implements AutoCloseable {

    private final ServerSocket listening;
    private final InetSocketAddress server;
    private final Map<Direction, Duration> delays;
    private final Duration idleDrop;
    private final Observer observer;
    private final AtomicLong firstConnectionNanos = new AtomicLong();
    private final List<TapEvent> timeline = new ArrayList<>();
    private final List<Relay> relays = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<Direction, AtomicLong> bytes = new EnumMap<>(Map.of(
            Direction.CLIENT_TO_SERVER, new AtomicLong(), Direction.SERVER_TO_CLIENT, new AtomicLong()));
    private final Map<Direction, java.io.ByteArrayOutputStream> kept; // null unless the builder asked to keep bytes
    private volatile boolean closed;

    private WireTap(Builder builder) throws IOException {
        this.server = builder.server;
        this.delays = builder.delays;
        this.idleDrop = builder.idleDrop;
        this.observer = builder.observer;
        this.kept = builder.keepBytes ? new EnumMap<>(Map.of(Direction.CLIENT_TO_SERVER, new java.io.ByteArrayOutputStream(),
                Direction.SERVER_TO_CLIENT, new java.io.ByteArrayOutputStream())) : null;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start("wiretap-accept", this::accept);
        if (idleDrop != null) start("wiretap-idle-watch", this::watchIdle);
    }

    /** A tap in front of a {@link DemoServer}. */
    public static Builder in(DemoServer server) {
        return to(server.port());
    }

    /** A tap in front of any server on 127.0.0.1. */
    public static Builder to(int serverPort) {
        return new Builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort));
    }

    /**
     * Sees every piece of bytes as the tap read it, before it is passed on, e.g. to decode a
     * protocol the tap itself does not know. It runs on the thread that relays that direction of
     * that connection: while it returns late, nothing more goes that way, as when TCP waits for
     * a lost segment before it hands over the bytes behind it.
     */
    public interface Observer {
        void bytes(int connection, Direction direction, long micros, byte[] data) throws InterruptedException;
    }

    public static final class Builder {
        private final InetSocketAddress server;
        private final Map<Direction, Duration> delays = new EnumMap<>(Direction.class);
        private Duration idleDrop;
        private Observer observer;
        private boolean keepBytes;

        private Builder(InetSocketAddress server) {
            this.server = server;
        }

        /** Holds every byte going this way for {@code oneWay} before passing it on. */
        public Builder delay(Direction direction, Duration oneWay) {
            delays.put(direction, oneWay);
            return this;
        }

        /** After {@code idle} without a byte either way, forwards nothing more, and closes nothing. */
        public Builder dropWhenIdle(Duration idle) {
            this.idleDrop = idle;
            return this;
        }

        /** Shows every piece of bytes to {@code observer} before passing it on (see {@link Observer}). */
        public Builder observe(Observer observer) {
            this.observer = observer;
            return this;
        }

        /** Keeps a copy of every byte passed on, for {@link WireTap#relayed}: what someone on the path could read. */
        public Builder keepBytes() {
            this.keepBytes = true;
            return this;
        }

        /** Listens at once; the tap accepts connections when this returns. */
        public WireTap start() throws IOException {
            return new WireTap(this);
        }
    }

    public int port() {
        return listening.getLocalPort();
    }

    /** {@code http://127.0.0.1:TAP/path}: the server's address, through the tap. */
    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** TCP connections clients opened through the tap. */
    public int connections() {
        return connections.get();
    }

    /** Bytes passed on in this direction (heads, bodies, frames, all of it). */
    public long bytes(Direction direction) {
        return bytes.get(direction).get();
    }

    /** Every byte passed on this way so far, all connections in arrival order (needs {@link Builder#keepBytes}). */
    public byte[] relayed(Direction direction) {
        if (kept == null) throw new IllegalStateException("start the tap with keepBytes() to keep what it relays");
        synchronized (kept) {
            return kept.get(direction).toByteArray();
        }
    }

    /** Everything seen so far, in order. */
    public List<TapEvent> timeline() {
        synchronized (timeline) {
            return List.copyOf(timeline);
        }
    }

    /** The WebSocket frames seen going one way. */
    public List<Frame> frames(Direction direction) {
        return timeline().stream().filter(e -> e.frame() != null && e.direction() == direction).map(TapEvent::frame).toList();
    }

    /** Waits until the timeline satisfies {@code condition}, e.g. until a connection has ended. */
    public List<TapEvent> await(Predicate<List<TapEvent>> condition, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (timeline) {
            while (!condition.test(timeline)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new TimeoutException("the tap did not see it within " + timeout.toMillis() + " ms");
                TimeUnit.NANOSECONDS.timedWait(timeline, left);
            }
            return List.copyOf(timeline);
        }
    }

    /** Waits until every connection so far has ended both ways: the story is complete. */
    public List<TapEvent> awaitClosed(Duration timeout) throws InterruptedException, TimeoutException {
        return await(events -> {
            Map<Integer, Integer> open = new java.util.HashMap<>();
            for (TapEvent event : events) {
                if (event.kind() == TapEvent.Kind.CONNECT) open.put(event.connection(), 2);
                if (event.kind() == TapEvent.Kind.END) open.computeIfPresent(event.connection(), (id, left) -> left - 1);
            }
            return open.values().stream().allMatch(left -> left <= 0);
        }, timeout);
    }

    /** The timeline as text: HTTP heads as they were sent, frames byte by byte. */
    public String transcript() {
        StringBuilder out = new StringBuilder();
        for (TapEvent event : timeline()) out.append(event.transcript());
        return out.toString();
    }

    /** Stops listening, cuts every relayed connection and ends the tap's threads. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listening);
        for (Relay relay : relays) relay.cut();
        for (Thread thread : threads) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Microseconds since the first connection: the time of every event. */
    private long micros() {
        long now = System.nanoTime();
        firstConnectionNanos.compareAndSet(0, now);
        return (now - firstConnectionNanos.get()) / 1000;
    }

    private void record(List<TapEvent> events) {
        if (events.isEmpty()) return;
        synchronized (timeline) {
            for (TapEvent event : events) { // two directions record at once: keep the timeline in time order
                int at = timeline.size();
                while (at > 0 && timeline.get(at - 1).micros() > event.micros()) at--;
                timeline.add(at, event);
            }
            timeline.notifyAll();
        }
        Timeline.record(this, firstConnectionNanos.get(), delays, events); // for the page's replay
    }

    private void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException e) {
                return; // closed
            }
            int id = connections.incrementAndGet();
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(server, 2000);
            } catch (IOException e) {
                record(List.of(TapEvent.of(micros(), id, Direction.CLIENT_TO_SERVER, TapEvent.Kind.END,
                        "server refused the connection: " + e.getMessage(), 0)));
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            Relay relay = new Relay(id, client, upstream);
            relays.add(relay);
            record(List.of(TapEvent.of(micros(), id, Direction.CLIENT_TO_SERVER, TapEvent.Kind.CONNECT, "TCP connection opened", 0)));
            start("wiretap-" + id + "-up", () -> relay.pump(Direction.CLIENT_TO_SERVER));
            start("wiretap-" + id + "-down", () -> relay.pump(Direction.SERVER_TO_CLIENT));
        }
    }

    /** A NAT's idle timer: checked a few times per idle period. */
    private void watchIdle() {
        long period = Math.max(10, idleDrop.toMillis() / 10);
        try {
            while (!closed) {
                TimeUnit.MILLISECONDS.sleep(period); // a timer tick, not a wait for another thread
                for (Relay relay : relays) {
                    if (!relay.dropped && !relay.finished() && System.nanoTime() - relay.lastActivity > idleDrop.toNanos()) {
                        relay.dropped = true;
                        record(List.of(TapEvent.of(micros(), relay.id, Direction.CLIENT_TO_SERVER, TapEvent.Kind.DROP,
                                "dropped after " + idleDrop.toMillis() + " ms idle, silently", 0)));
                    }
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** One relayed connection: two sockets, two directions. */
    private final class Relay {
        final int id;
        final Socket client;
        final Socket upstream;
        final WireDecoder decoder;
        final AtomicInteger directionsDone = new AtomicInteger();
        volatile long lastActivity = System.nanoTime();
        volatile boolean dropped;
        volatile boolean cut;

        Relay(int id, Socket client, Socket upstream) {
            this.id = id;
            this.client = client;
            this.upstream = upstream;
            this.decoder = new WireDecoder(id);
        }

        boolean finished() {
            return directionsDone.get() == 2;
        }

        void pump(Direction direction) {
            Socket from = direction == Direction.CLIENT_TO_SERVER ? client : upstream;
            Socket to = direction == Direction.CLIENT_TO_SERVER ? upstream : client;
            Duration delay = delays.getOrDefault(direction, Duration.ZERO);
            Forwarder forwarder = delay.isZero() ? new Forwarder(to) : new DelayedForwarder(to, delay, direction);
            byte[] buffer = new byte[64 * 1024];
            boolean reset = false;
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    lastActivity = System.nanoTime();
                    if (dropped) {
                        record(List.of(TapEvent.of(micros(), id, direction, TapEvent.Kind.LOST, n + " B went nowhere", n)));
                        continue;
                    }
                    long at = micros();
                    record(decoder.feed(direction, buffer, 0, n, at));
                    if (observer != null) observer.bytes(id, direction, at, Arrays.copyOf(buffer, n));
                    bytes.get(direction).addAndGet(n);
                    if (kept != null) {
                        synchronized (kept) {
                            kept.get(direction).write(buffer, 0, n);
                        }
                    }
                    forwarder.forward(Arrays.copyOf(buffer, n));
                }
            } catch (IOException e) {
                reset = true;
            } catch (InterruptedException e) {
                return; // the tap is closing
            }
            boolean last = directionsDone.incrementAndGet() == 2;
            if (closed) return;
            WireDecoder.Ending ending = cut ? WireDecoder.Ending.CUT_BY_TAP : reset ? WireDecoder.Ending.RESET : WireDecoder.Ending.FIN;
            record(decoder.end(direction, micros(), ending));
            if (cut) return;
            if (reset) {
                cut(); // pass the reset on as an abrupt close
            } else if (!dropped) {
                forwarder.finish(); // pass the FIN on, after any bytes still delayed
            }
            if (last && delays.isEmpty()) cut(); // with a delay, bytes may still be on their way: close() ends it
        }

        void cut() {
            cut = true;
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** Passes bytes straight on. */
    private static class Forwarder {
        final Socket to;

        Forwarder(Socket to) {
            this.to = to;
        }

        void forward(byte[] data) throws IOException {
            to.getOutputStream().write(data);
        }

        void finish() {
            try {
                to.shutdownOutput();
            } catch (IOException e) {
                // the other side is gone already
            }
        }
    }

    /** Passes bytes on after a fixed delay, keeping their order and spacing. */
    private final class DelayedForwarder extends Forwarder {
        private final BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>(); // {dueNanos, bytes or null at the end}
        private final long delayNanos;

        DelayedForwarder(Socket to, Duration delay, Direction direction) {
            super(to);
            this.delayNanos = delay.toNanos();
            start("wiretap-delay-" + direction.name().toLowerCase(java.util.Locale.ROOT), this::send);
        }

        @Override
        void forward(byte[] data) {
            queue.add(new Object[] {System.nanoTime() + delayNanos, data});
        }

        @Override
        void finish() {
            queue.add(new Object[] {System.nanoTime() + delayNanos, null});
        }

        private void send() {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Object[] item = queue.take();
                    long wait = (long) item[0] - System.nanoTime();
                    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait); // this is the simulated network
                    if (item[1] == null) {
                        super.finish();
                        return;
                    }
                    out.write((byte[]) item[1]);
                }
            } catch (IOException | InterruptedException e) {
                // the connection or the tap was closed
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
