import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http2.Http2AddOn;
import org.glassfish.grizzly.http2.Http2Configuration;

/**
 * The Grizzly that Tyrus runs on, with one add-on more: {@code Http2AddOn} on the listener makes
 * it answer an {@code Upgrade: h2c} offer (and keep speaking HTTP/1.1 to everyone else).
 * {@code GET /square?n=3} answers {@code 9} after n × 50 ms of "work", as in the Communication
 * model chapter; the handler never blocks (it suspends the response and a timer finishes it).
 */
final class GrizzlyH2 implements AutoCloseable {

    private static final Logger QUIET = Logger.getLogger("org.glassfish.grizzly");

    private final HttpServer http;
    private final NetworkListener listener;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "worker");
        thread.setDaemon(true);
        return thread;
    });
    /** Told n and the time (System.nanoTime) at which its answer was handed to Grizzly. */
    volatile ObjLongConsumer<Integer> answered = (n, nanos) -> { };

    GrizzlyH2() throws IOException {
        QUIET.setLevel(Level.SEVERE);
        http = new HttpServer();
        listener = new NetworkListener("h2", "127.0.0.1", 0);
        listener.registerAddOn(new Http2AddOn(Http2Configuration.builder().build()));
        http.addListener(listener);
        http.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) {
                square(request, response);
            }
        }, "/square");
        http.getServerConfiguration().setJmxEnabled(false);
        http.start();
    }

    static long workMillis(int n) {
        return n * 50L;
    }

    /**
     * When set to k, the work starts only once k questions have arrived, all at the same moment, so
     * the order of the answers depends on the work alone, not on how fast a busy machine sent them.
     */
    void gather(int questions) {
        synchronized (waiting) {
            gather = questions;
        }
    }

    private final java.util.List<Runnable> waiting = new java.util.ArrayList<>();
    private int gather;

    private void square(Request request, Response response) {
        int n = Integer.parseInt(request.getParameter("n"));
        response.suspend();
        Runnable work = () -> answerLater(n, response);
        synchronized (waiting) {
            if (gather == 0) {
                work.run();
                return;
            }
            waiting.add(work);
            if (waiting.size() < gather) return;
            waiting.forEach(Runnable::run);
            waiting.clear();
            gather = 0;
        }
    }

    private void answerLater(int n, Response response) {
        worker.schedule(() -> {
            try {
                byte[] body = String.valueOf(n * n).getBytes(StandardCharsets.US_ASCII);
                response.setContentType("text/plain");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                answered.accept(n, System.nanoTime());
            } catch (IOException e) {
                response.setStatus(500);
            } finally {
                response.resume();
            }
        }, workMillis(n), TimeUnit.MILLISECONDS);
    }

    int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        http.shutdownNow();
    }
}
