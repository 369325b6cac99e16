package serve;

import builder.Block;
import builder.Book;
import builder.Build;
import builder.RenderContext;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The open pages, each connected by one WebSocket ({@code /_serve/ws}).
 *
 * <p>Server to page: {@code reload} (its page was rebuilt), {@code errors}
 * (the last build failed: shown over the page, which stays as it was) and the
 * events of its runs. Page to server: {@code hello} (which page it is),
 * {@code run} (a block's id on the page: the server finds the block, and so
 * its catalog alias and arguments, in the book; the page never names a script
 * or an argument) and {@code stop}. When a page's socket closes, its runs are
 * ended with their process trees.
 */
public final class Pages {
    private static final Gson GSON = new Gson();

    /** One open page. */
    private static final class Client {
        final Session session;
        volatile String page = "";
        final Map<String, Runs.Run> runs = new ConcurrentHashMap<>();

        Client(Session session) {
            this.session = session;
        }

        void send(JsonObject message) {
            synchronized (session) { // one send at a time on a session
                if (!session.isOpen()) {
                    return;
                }
                try {
                    session.getBasicRemote().sendText(GSON.toJson(message));
                } catch (IOException | IllegalStateException e) {
                    // the page went away; its close ends its runs
                }
            }
        }
    }

    private final Map<Session, Client> clients = new ConcurrentHashMap<>();
    private final Supplier<Book> book;
    private final Runs runs;
    private final PrintStream log;
    private volatile List<String> errors = List.of();
    /** When the edit that caused the last reload was seen (System.nanoTime), until a reloaded page says hello. */
    private volatile long reloadSince = -1;
    private volatile Set<String> reloading = Set.of();
    private volatile long lastEditToShownMillis = -1;

    public Pages(Supplier<Book> book, Runs runs, PrintStream log) {
        this.book = book;
        this.runs = runs;
        this.log = log;
    }

    /** The WebSocket endpoint of the pages. */
    ServerEndpointConfig endpoint() {
        return ServerEndpointConfig.Builder.create(Socket.class, "/_serve/ws")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(new Socket());
                    }
                }).build();
    }

    /** Tells the pages that were rebuilt (all of them when {@code slugs} is null) to reload. */
    public void reload(Set<String> slugs, long changedAtNanos) {
        errors = List.of();
        reloadSince = changedAtNanos;
        reloading = slugs == null ? Set.of("*") : Set.copyOf(slugs);
        JsonObject message = type("reload");
        JsonArray pages = new JsonArray();
        reloading.forEach(pages::add);
        message.add("pages", pages);
        clients.values().forEach(c -> c.send(message));
    }

    /** Shows a failed build's problems over every open page; the pages themselves stay. */
    public void showErrors(List<String> problems) {
        errors = List.copyOf(problems);
        clients.values().forEach(c -> c.send(errorsMessage()));
    }

    /** Edit seen → reloaded page said hello, in ms, for the last reload; -1 before the first. */
    public long lastEditToShownMillis() {
        return lastEditToShownMillis;
    }

    public int open() {
        return clients.size();
    }

    private JsonObject errorsMessage() {
        JsonObject message = type("errors");
        JsonArray list = new JsonArray();
        errors.forEach(list::add);
        message.add("errors", list);
        return message;
    }

    private void received(Client client, String text) {
        JsonObject message;
        try {
            message = GSON.fromJson(text, JsonObject.class);
        } catch (RuntimeException e) {
            return;
        }
        String kind = string(message, "type");
        switch (kind) {
            case "hello" -> hello(client, string(message, "page"));
            case "run" -> run(client, string(message, "block"), string(message, "id"));
            case "stop" -> {
                Runs.Run run = client.runs.get(string(message, "id"));
                if (run != null) {
                    run.stop();
                }
            }
            default -> { }
        }
    }

    private void hello(Client client, String page) {
        client.page = page;
        if (!errors.isEmpty()) {
            client.send(errorsMessage());
        }
        long since = reloadSince;
        if (since > 0 && (reloading.contains("*") || reloading.contains(page))) {
            reloadSince = -1;
            long millis = (System.nanoTime() - since) / 1_000_000;
            if (millis < 10_000) { // a page opened long after is no reload of that edit
                lastEditToShownMillis = millis;
                log.printf("  edit → %s.html shown again in the browser: %d ms%n", page, millis);
            }
        }
    }

    private void run(Client client, String blockId, String runId) {
        Book current = book.get();
        Block block = current == null ? null : RenderContext.blocksById(current).get(blockId);
        if (block == null || runId.isEmpty() || client.runs.containsKey(runId)) {
            JsonObject refused = runEvent(runId, "refused");
            refused.addProperty("reason", "no block " + blockId + " in the book as last built; reload the page");
            client.send(refused);
            return;
        }
        String alias = current.catalog().aliasOf(block.script()).orElse(null);
        if (alias == null) {
            JsonObject refused = runEvent(runId, "refused");
            refused.addProperty("reason", "this block's script has no alias in jbang-catalog.json");
            client.send(refused);
            return;
        }
        try {
            Runs.Run run = runs.start(block, new Runs.Sink() {
                /** The run's start in epoch µs: the replay's times count from it. */
                private volatile long zero = epochMicros();

                @Override
                public void started() {
                    zero = epochMicros();
                    JsonObject started = runEvent(runId, "started");
                    started.addProperty("command", "./jbang " + alias
                            + (block.args().isEmpty() ? "" : " " + String.join(" ", block.args())));
                    client.send(started);
                }

                @Override
                public void line(String stream, String text) {
                    JsonObject line = runEvent(runId, "line");
                    line.addProperty("stream", stream);
                    line.addProperty("text", text);
                    line.addProperty("t", epochMicros() - zero);
                    client.send(line);
                }

                @Override
                public void timeline(JsonObject event) {
                    client.send(timelineEvent(runId, event, zero));
                }

                @Override
                public void ended(int exit, long millis, String endedBy) {
                    client.runs.remove(runId);
                    log.printf("  ran %s for %s.html: %s in %s%s%n", alias, client.page, exit < 0 ? "ended" : "exit " + exit,
                            Build.seconds(millis), endedBy.isEmpty() ? "" : " (ended by " + endedBy + ")");
                    JsonObject end = runEvent(runId, "ended");
                    end.addProperty("exit", exit);
                    end.addProperty("time", Build.seconds(millis));
                    end.addProperty("endedBy", endedBy);
                    client.send(end);
                }
            });
            client.runs.put(runId, run);
        } catch (Runs.Refused e) {
            JsonObject refused = runEvent(runId, "refused");
            refused.addProperty("reason", e.getMessage());
            client.send(refused);
        }
    }

    /** A line of the run's timeline for the page's live replay, its time made relative to the run's start. */
    private static JsonObject timelineEvent(String runId, JsonObject event, long zero) {
        if (event.has("omitted")) {
            JsonObject omitted = runEvent(runId, "omitted");
            omitted.add("events", event.get("omitted"));
            omitted.add("bytes", event.get("omittedBytes"));
            return omitted;
        }
        event.addProperty("t", event.get("t").getAsLong() - zero);
        JsonObject message = runEvent(runId, "timeline");
        message.add("e", event);
        return message;
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static JsonObject runEvent(String runId, String event) {
        JsonObject message = type("run");
        message.addProperty("id", runId);
        message.addProperty("event", event);
        return message;
    }

    private static JsonObject type(String type) {
        JsonObject message = new JsonObject();
        message.addProperty("type", type);
        return message;
    }

    private static String string(JsonObject message, String name) {
        return message != null && message.has(name) && message.get(name).isJsonPrimitive()
                ? message.get(name).getAsString() : "";
    }

    /** One page's socket. */
    public final class Socket extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            Client client = new Client(session);
            clients.put(session, client);
            session.setMaxTextMessageBufferSize(16 * 1024);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> received(client, text));
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            gone(session);
        }

        @Override
        public void onError(Session session, Throwable failure) {
            gone(session);
        }

        private void gone(Session session) {
            Client client = clients.remove(session);
            if (client != null) {
                client.runs.values().forEach(run -> run.end("the page closing"));
            }
        }
    }
}
