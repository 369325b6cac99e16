///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION A live price ticker: a server pushes prices to several WebSocket subscribers; a late one gets the last price first
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kit.*;

public class PriceTicker {

    static final int ROUNDS = 40;                         // the market moves 40 times...
    static final Duration EVERY = Duration.ofMillis(25);  // ...once every 25 ms
    static final List<String> SYMBOLS = List.of("ACME", "GLBX");
    static final List<String> WANTED = List.of("ACME", "ACME", "ACME", "GLBX");

    // tag::server[]
    /** After "subscribe ACME", each ACME price is pushed. */
    @ServerEndpoint("/ticker")
    public static class Ticker {
        static final Map<String, Set<Session>> SUBSCRIBERS =
                new HashMap<>();
        static final Map<String, String> LAST = new HashMap<>();

        @OnMessage
        public void subscribe(Session session, String text) {
            String symbol = text.substring("subscribe ".length());
            synchronized (Ticker.class) { // no tick slips in
                SUBSCRIBERS.putIfAbsent(symbol, new HashSet<>());
                SUBSCRIBERS.get(symbol).add(session);
                send(session, LAST.get(symbol) + " (last)"); // <1>
            }
        }

        @OnClose
        public void unsubscribe(Session session) {
            synchronized (Ticker.class) {
                for (Set<Session> s : SUBSCRIBERS.values()) {
                    s.remove(session);
                }
            }
        }

        /** The market calls this: keep the price, push it out. */
        static synchronized void publish(String symbol,
                                         String price) {
            LAST.put(symbol, price);
            for (Session session
                    : SUBSCRIBERS.getOrDefault(symbol, Set.of())) {
                send(session, price); // <2>
            }
        }

        static void send(Session session, String text) {
            try {
                session.getBasicRemote().sendText(text);
            } catch (Exception e) {
                // a subscriber that is leaving
            }
        }
    }
    // end::server[]

    public static void main(String[] args) throws Exception {
        long[] publishedAt = new long[ROUNDS + 1];
        Random random = new Random(7); // the same market on every run
        Map<String, Double> price = new HashMap<>(Map.of("ACME", 100.0, "GLBX", 40.0));
        for (String symbol : SYMBOLS) Ticker.publish(symbol, tick(symbol, 0, price.get(symbol))); // the opening prices

        try (DemoServer server = DemoServer.builder().endpoint(Ticker.class).start();
             WireTap tap = WireTap.in(server).start()) {
            // tag::subscribe[]
            List<Subscriber> subscribers = new ArrayList<>();
            var uri = tap.wsUri("/ticker");
            for (String symbol : WANTED) { // sends "subscribe X"
                var ws = WebSocketClient.connect(uri);
                subscribers.add(new Subscriber(symbol, ws));
            }
            for (Subscriber subscriber : subscribers) {
                subscriber.awaitPrice(0); // has the opening price
            }
            // end::subscribe[]
            Map<String, Long> asked = new java.util.TreeMap<>(); // the subscriptions, as the tap saw them go up
            for (Frame frame : tap.frames(Direction.CLIENT_TO_SERVER)) {
                if (frame.opcode() == Frame.TEXT) asked.merge(frame.text(), 1L, Long::sum);
            }
            System.out.printf(Locale.ROOT, "%d subscribers, on the wire: %s;%nthe market moves every %d ms%n%n",
                    subscribers.size(), asked, EVERY.toMillis());
            Claims.check("the tap saw three subscribe ACME and one subscribe GLBX",
                    asked.equals(Map.of("subscribe ACME", 3L, "subscribe GLBX", 1L)), asked.toString());

            CountDownLatch halfway = new CountDownLatch(1), closed = new CountDownLatch(1);
            ScheduledExecutorService market = Executors.newSingleThreadScheduledExecutor();
            int[] round = {0};
            market.scheduleAtFixedRate(() -> {
                int r = ++round[0];
                if (r > ROUNDS) return; // the market has closed
                publishedAt[r] = System.nanoTime();
                for (String symbol : SYMBOLS) {
                    double moved = price.get(symbol) * (1 + (random.nextGaussian() * 0.002));
                    price.put(symbol, moved);
                    Ticker.publish(symbol, tick(symbol, r, moved));
                }
                if (r == ROUNDS / 2) halfway.countDown();
                if (r == ROUNDS) closed.countDown();
            }, 0, EVERY.toNanos(), TimeUnit.NANOSECONDS);

            // A late subscriber, half way through the session.
            if (!halfway.await(5, TimeUnit.SECONDS)) throw new IllegalStateException("the market never got half way");
            long lateConnect = System.nanoTime();
            Subscriber late = new Subscriber("ACME", WebSocketClient.connect(tap.wsUri("/ticker")));
            String first = late.firstMessage();
            long lateFirst = late.firstArrival - lateConnect;

            if (!closed.await(5, TimeUnit.SECONDS)) throw new IllegalStateException("the market did not close");
            market.shutdownNow();
            for (Subscriber subscriber : subscribers) subscriber.awaitPrice(ROUNDS);
            late.awaitPrice(ROUNDS);

            // What the subscribers got, checked.
            List<String> acme = subscribers.get(0).prices();
            Claims.check("every ACME subscriber got the same prices in the same order, one per round and the opening one",
                    acme.size() == ROUNDS + 1 && subscribers.subList(1, 3).stream().allMatch(s -> s.prices().equals(acme)),
                    acme.size() + " prices to the first");
            Claims.check("the GLBX subscriber got only GLBX prices, as many",
                    subscribers.get(3).prices().size() == ROUNDS + 1
                            && subscribers.get(3).prices().stream().allMatch(p -> p.startsWith("GLBX")),
                    subscribers.get(3).prices().size() + " prices");
            System.out.println("each ACME subscriber got " + acme.size() + " prices,");
            System.out.println("the same ones in the same order:");
            System.out.println("  " + acme.get(0) + " (last), " + acme.get(1) + ",");
            System.out.println("  ..., " + acme.get(acme.size() - 1));
            System.out.println("the GLBX subscriber got " + subscribers.get(3).prices().size() + " prices,");
            System.out.println("all GLBX: " + subscribers.get(3).prices().stream().allMatch(p -> p.startsWith("GLBX")));
            List<String> lateTail = acme.subList(acme.indexOf(first.replace(" (last)", "")), acme.size());
            System.out.printf(Locale.ROOT, "%nthe late subscriber, %.2f ms after it%nbegan to connect, got:%n  %s%n", lateFirst / 1e6, first);
            System.out.println("then the same " + (late.prices().size() - 1) + " later prices as the");
            System.out.println("others: " + late.prices().equals(lateTail));
            Claims.check("the late subscriber's first message was the last price, then the same later prices as the others",
                    first.endsWith(" (last)") && late.prices().equals(lateTail), first);

            List<Long> samples = new ArrayList<>();
            for (Subscriber subscriber : subscribers) samples.addAll(subscriber.delays(publishedAt));
            Percentiles latency = Percentiles.ofNanos(samples.stream().mapToLong(Long::longValue).toArray());
            System.out.printf(Locale.ROOT, "%npublished -> received: p50 %.2f ms,%n  p99 %.2f ms (%d pushes)%n",
                    latency.p50() / 1e6, latency.p99() / 1e6, latency.count());

            for (Subscriber subscriber : subscribers) subscriber.socket.close();
            late.socket.close();
            tap.awaitClosed(Duration.ofSeconds(5));
            List<Frame> down = tap.frames(Direction.SERVER_TO_CLIENT).stream().filter(f -> f.opcode() == Frame.TEXT).toList();
            long requests = tap.timeline().stream().filter(e -> e.head() != null && e.head().isRequest()).count();
            double perPrice = down.stream().mapToInt(Frame::wireLength).average().orElse(0);
            System.out.printf(Locale.ROOT, "on the wire: %d HTTP requests (a handshake%neach), then %d price frames down,%n%.1f B each on average%n",
                    requests, down.size(), perPrice);

            Claims.check("one HTTP request per subscriber, the late one too: its handshake",
                    requests == subscribers.size() + 1, requests + " requests for " + (subscribers.size() + 1) + " subscribers");
            List<TapEvent> first10 = tap.timeline().stream().filter(e -> e.connection() == 1).limit(10).toList();
            SequenceDiagram.write(first10, Figures.file("ticker-sequence.svg"));

            Figures.publish("ticker-rounds", ROUNDS);
            Figures.publish("ticker-every", EVERY.toMillis() + " ms");
            Figures.publish("ticker-requests", requests);
            Figures.publish("ticker-subscribers", subscribers.size());
            Figures.publish("ticker-frames", down.size());
            Figures.publish("ticker-frame-bytes", String.format(Locale.ROOT, "%.1f B", perPrice));
            Figures.publish("ticker-late-first", String.format(Locale.ROOT, "%.2f ms", lateFirst / 1e6));
            Figures.publish("ticker-p50", String.format(Locale.ROOT, "%.2f ms", latency.p50() / 1e6));
            Figures.publish("ticker-p99", String.format(Locale.ROOT, "%.2f ms", latency.p99() / 1e6));
        }
    }

    /** "ACME 17 101.25": symbol, round, price. */
    static String tick(String symbol, int round, double price) {
        return String.format(Locale.ROOT, "%s %d %.2f", symbol, round, price);
    }

    /** A client that subscribes to one symbol and notes when each price arrives. */
    static final class Subscriber {
        final String symbol;
        final WebSocketClient socket;
        final List<String> received = new CopyOnWriteArrayList<>();
        final Map<Integer, Long> arrivedAt = new ConcurrentHashMap<>();
        volatile long firstArrival;

        Subscriber(String symbol, WebSocketClient socket) {
            this.symbol = symbol;
            this.socket = socket;
            socket.send("subscribe " + symbol);
            Thread reader = new Thread(this::read, "subscriber");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                while (true) {
                    String text = socket.receive(Duration.ofSeconds(30));
                    long now = System.nanoTime();
                    if (received.isEmpty()) firstArrival = now;
                    received.add(text);
                    arrivedAt.putIfAbsent(Integer.parseInt(text.split(" ")[1]), now);
                    synchronized (this) {
                        notifyAll();
                    }
                }
            } catch (Exception closed) {
                // no more prices
            }
        }

        /** Waits (bounded) until the price of this round has arrived. */
        synchronized void awaitPrice(int round) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!arrivedAt.containsKey(round)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new IllegalStateException(symbol + " subscriber never got round " + round);
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized String firstMessage() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (received.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new IllegalStateException("no first price");
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return received.get(0);
        }

        List<String> prices() {
            return received.stream().map(t -> t.replace(" (last)", "")).toList();
        }

        /** Publish-to-arrival delay of every pushed price (the "(last)" answers are not pushes). */
        List<Long> delays(long[] publishedAt) {
            List<Long> delays = new ArrayList<>();
            arrivedAt.forEach((round, at) -> {
                if (round > 0) delays.add(at - publishedAt[round]);
            });
            return delays;
        }
    }
}
