package serve;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * One stream of events, offered three ways for the Update mechanism page's
 * live box: by polling ({@code GET /_serve/live/poll?after=N} answers at once
 * with what is new, often nothing), by Server-Sent Events
 * ({@code GET /_serve/live/sse}, one response that never ends) and by a
 * WebSocket ({@code /_serve/live}). An event comes at an irregular moment,
 * every 0.3 to 1.5 s, stamped with the server's clock so the page can tell
 * how late each way delivered it.
 */
final class LiveFeed implements AutoCloseable {
    private static final Gson GSON = new Gson();
    private static final int KEPT = 64;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "book-serve-live");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<JsonObject> recent = new ArrayDeque<>();
    private final Map<Response, Writer> streams = new ConcurrentHashMap<>();
    private final Set<Session> sockets = ConcurrentHashMap.newKeySet();
    private long next = 1;

    LiveFeed start() {
        timer.schedule(this::emit, 500, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::keepAlive, 15, 15, TimeUnit.SECONDS);
        return this;
    }

    private void emit() {
        JsonObject event = new JsonObject();
        synchronized (recent) {
            event.addProperty("id", next++);
            event.addProperty("t", System.currentTimeMillis());
            recent.addLast(event);
            while (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
        String json = GSON.toJson(event);
        streams.forEach((response, writer) -> write(response, writer, "id: " + event.get("id") + "\ndata: " + json + "\n\n"));
        for (Session session : sockets) {
            try {
                session.getBasicRemote().sendText(json);
            } catch (IOException | IllegalStateException e) {
                sockets.remove(session);
            }
        }
        timer.schedule(this::emit, ThreadLocalRandom.current().nextLong(300, 1500), TimeUnit.MILLISECONDS);
    }

    /** A comment line now and then keeps an idle event stream from being cut by a proxy. */
    private void keepAlive() {
        streams.forEach((response, writer) -> write(response, writer, ": keep-alive\n\n"));
    }

    private void write(Response response, Writer writer, String text) {
        try {
            writer.write(text);
            writer.flush(); // one flush, one chunk on the wire
        } catch (IOException e) {
            end(response);
        }
    }

    private void end(Response response) {
        if (streams.remove(response) != null && response.isSuspended()) {
            response.resume();
        }
    }

    /** Polling: the events after {@code after}, at once (an empty list when there are none). */
    HttpHandler poll() {
        return new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                long after;
                try {
                    after = Long.parseLong(String.valueOf(Http.queryParameter(request.getQueryString(), "after")));
                } catch (NumberFormatException e) {
                    after = 0;
                }
                JsonArray events = new JsonArray();
                synchronized (recent) {
                    for (JsonObject event : recent) {
                        if (event.get("id").getAsLong() > after) {
                            events.add(event);
                        }
                    }
                }
                JsonObject answer = new JsonObject();
                answer.add("events", events);
                byte[] body = GSON.toJson(answer).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                response.setContentType("application/json");
                response.setHeader("Cache-Control", "no-store");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
        };
    }

    /** Server-Sent Events: one response that stays open, an event per chunk. */
    HttpHandler sse() {
        return new HttpHandler() {
            @Override
            public void service(Request request, Response response) {
                response.setContentType("text/event-stream");
                response.setCharacterEncoding("UTF-8");
                response.setHeader("Cache-Control", "no-store");
                response.suspend(-1, TimeUnit.MILLISECONDS, new CompletionHandler<>() {
                    @Override
                    public void cancelled() {
                        streams.remove(response);
                    }

                    @Override
                    public void failed(Throwable throwable) {
                        streams.remove(response);
                    }

                    @Override
                    public void completed(Response result) {
                        streams.remove(response);
                    }

                    @Override
                    public void updated(Response result) {
                    }
                });
                Writer writer = response.getNIOWriter();
                timer.execute(() -> {
                    streams.put(response, writer);
                    write(response, writer, "retry: 1000\n\n");
                });
            }
        };
    }

    /** The WebSocket: each event one text message. */
    ServerEndpointConfig endpoint() {
        return ServerEndpointConfig.Builder.create(Socket.class, "/_serve/live")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(new Socket());
                    }
                }).build();
    }

    public final class Socket extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            timer.execute(() -> sockets.add(session)); // added between two events, never during one
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            sockets.remove(session);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List.copyOf(streams.keySet()).forEach(this::end);
    }
}
