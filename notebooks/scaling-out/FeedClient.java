import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import kit.WebSocketClient;

/**
 * A client of the numbered feed that keeps count: every entry it got, the duplicates, and
 * every connection it used. When the server closes with 1001 or 1012 it connects again at
 * once, saying the last entry it has without a gap ({@code ?since=N}).
 */
final class FeedClient {
    final Set<Long> received = ConcurrentHashMap.newKeySet();
    final AtomicInteger duplicates = new AtomicInteger();
    final StringBuilder closeCodes = new StringBuilder();
    private final IntFunction<URI> feedSince;
    private final CountDownLatch complete;
    private final long total;
    volatile WebSocketClient client;

    FeedClient(IntFunction<URI> feedSince, long total) {
        this.feedSince = feedSince;
        this.total = total;
        this.complete = new CountDownLatch(1);
    }

    void start() throws Exception {
        client = WebSocketClient.connect(feedSince.apply(0));
        Thread reader = new Thread(this::read, "feed-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** The highest N such that 1..N have all arrived: where to resume. */
    long contiguous() {
        long n = 0;
        while (received.contains(n + 1)) n++;
        return n;
    }

    boolean awaitAll(Duration timeout) throws InterruptedException {
        return complete.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    // tag::resume[]
    private void read() {
        try {
            while (true) {
                String text;
                try {
                    text = client.receive(Duration.ofSeconds(30));
                } catch (IllegalStateException closed) {
                    int code = client.closeCode();
                    synchronized (closeCodes) { closeCodes.append(closeCodes.length() > 0 ? "," : "").append(code); }
                    if (code != 1001 && code != 1012) return; // not "go elsewhere": this demo stops here
                    client = WebSocketClient.connect(feedSince.apply((int) contiguous())); // the proxy picks another server
                    continue;
                }
                if (!received.add(Long.parseLong(text))) duplicates.incrementAndGet();
                if (received.size() == total) complete.countDown();
            }
        } catch (Exception e) {
            // timed out, or the demo is over
        }
    }
    // end::resume[]
}
