///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION The server has news: over HTTP it waits for the client's next request, over a WebSocket it sends at once; both delays measured
//JAVA 17+
//SOURCES ../_kit/*.java

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kit.*;

public class ServerHasNews {

    static final long POLL_EVERY_MS = 250;
    static final long[] NEWS_AT_MS = {60, 330, 840, 1010, 1090};     // when the server learns something
    static final Map<String, Long> BORN = new ConcurrentHashMap<>();  // news -> System.nanoTime() it happened
    static final Queue<String> UNREAD = new ConcurrentLinkedQueue<>(); // for HTTP: kept until someone asks
    static final List<Session> LISTENERS = new CopyOnWriteArrayList<>(); // for WebSocket: sent right away
    static final ScheduledExecutorService CLOCK = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "news-clock");
        thread.setDaemon(true);
        return thread;
    });

    // tag::server[]
    /** Something happened on the server. Who hears about it, and when? */
    static void happened(String news) {
        BORN.put(news, System.nanoTime());
        UNREAD.add(news);                                             // HTTP: wait here for the next GET /news
        for (Session session : LISTENERS) {                          // WebSocket: out it goes, now
            try {
                session.getBasicRemote().sendText(news);
            } catch (IOException e) {
                LISTENERS.remove(session);
            }
        }
    }

    @ServerEndpoint("/news")
    public static class NewsSocket {
        @OnOpen
        public void onOpen(Session session) {
            LISTENERS.add(session);
        }
    }
    // end::server[]

    public static void main(String[] args) throws Exception {
        DemoServer.Route poll = (request, response) -> {             // GET /news: whatever is unread, or 204
            StringBuilder body = new StringBuilder();
            for (String news; (news = UNREAD.poll()) != null; ) body.append(news).append('\n');
            if (body.length() == 0) response.setStatus(204);
            else response.getWriter().write(body.toString());
        };
        try (DemoServer server = DemoServer.builder().endpoint(NewsSocket.class).route("/news", poll).start();
             WebSocketClient socket = WebSocketClient.connect(server.wsUri("/news"))) {
            HttpClient http = Clients.http();
            HttpRequest ask = HttpRequest.newBuilder(server.httpUri("/news")).build();
            happened("warm-up");                                      // warm both paths once, untimed
            socket.receive();
            http.send(ask, HttpResponse.BodyHandlers.discarding());
            Map<String, Long> httpDelay = new ConcurrentHashMap<>(), wsDelay = new ConcurrentHashMap<>();

            // tag::run[]
            for (int i = 0; i < NEWS_AT_MS.length; i++) {
                String news = "news " + (i + 1);
                CLOCK.schedule(() -> happened(news), NEWS_AT_MS[i], TimeUnit.MILLISECONDS);
            }
            CountDownLatch allPolled = new CountDownLatch(NEWS_AT_MS.length);
            int[] polls = {0, 0};                                     // requests, and how many came back empty
            CLOCK.scheduleAtFixedRate(() -> {                        // the HTTP client: ask every 250 ms
                try {
                    polls[0]++;
                    HttpResponse<String> answer = http.send(ask, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 204) polls[1]++;
                    String body = answer.body();
                    long now = System.nanoTime();
                    for (String news : body.lines().toList()) {
                        httpDelay.put(news, now - BORN.get(news));
                        allPolled.countDown();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, POLL_EVERY_MS, POLL_EVERY_MS, TimeUnit.MILLISECONDS);
            for (int i = 0; i < NEWS_AT_MS.length; i++) {            // the WebSocket client: just listen
                String news = socket.receive();
                wsDelay.put(news, System.nanoTime() - BORN.get(news));
            }
            boolean done = allPolled.await(5, TimeUnit.SECONDS);
            // end::run[]
            CLOCK.shutdownNow();
            if (!done) throw new IllegalStateException("the poller did not see every piece of news in time");

            Table table = new Table("news", "at", "HTTP poll", "WebSocket");
            List<Long> h = new ArrayList<>(), w = new ArrayList<>();
            for (int i = 0; i < NEWS_AT_MS.length; i++) {
                String news = "news " + (i + 1);
                h.add(httpDelay.get(news));
                w.add(wsDelay.get(news));
                table.row(news, NEWS_AT_MS[i] + " ms", ms(httpDelay.get(news)), ms(wsDelay.get(news)));
            }
            System.out.println("How long each piece of news waited:");
            System.out.print(table);
            double httpAvg = h.stream().mapToLong(x -> x).average().orElseThrow() / 1e6;
            double wsAvg = w.stream().mapToLong(x -> x).average().orElseThrow() / 1e6;
            long httpMax = h.stream().mapToLong(x -> x).max().orElseThrow();
            System.out.printf("%nPolling every %d ms (%d requests, %d answered%n"
                    + "204 No Content), news waited %.1f ms on%n"
                    + "average and %s at worst. Pushed over the%n"
                    + "WebSocket it waited %.2f ms on average.%n",
                    POLL_EVERY_MS, polls[0], polls[1], httpAvg, ms(httpMax), wsAvg);
            System.out.println("Over HTTP the server had the news and could do");
            System.out.println("nothing with it until the client asked.");

            Figures.publish("poll-every-ms", POLL_EVERY_MS);
            Figures.publish("poll-requests", polls[0]);
            Figures.publish("poll-empty", polls[1]);
            Figures.publish("http-news-delay-avg-ms", String.format("%.1f", httpAvg));
            Figures.publish("http-news-delay-max-ms", String.format("%.1f", httpMax / 1e6));
            Figures.publish("ws-news-delay-avg-ms", String.format("%.2f", wsAvg));
        }
    }

    static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
