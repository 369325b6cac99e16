///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Three events pushed by long poll, Server-Sent Events and WebSocket, drawn as they crossed the wire
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import kit.*;

import static java.nio.charset.StandardCharsets.UTF_8;
import static kit.Direction.CLIENT_TO_SERVER;
import static kit.Direction.SERVER_TO_CLIENT;

public class PushOnTheWire {

    static final List<String> EVENTS = List.of("price 101.25", "price 101.50", "price 101.00");
    static final Duration WAIT = Duration.ofSeconds(5);

    /** Whoever is waiting for the next event: a held long poll, an SSE stream, a WebSocket. */
    static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();
    static final BlockingQueue<String> READY = new LinkedBlockingQueue<>(); // "a listener is in place"

    @ServerEndpoint("/ws")
    public static class Push {
        @OnOpen
        public void open(Session session) {
            LISTENERS.add(text -> session.getAsyncRemote().sendText(text));
            READY.add("ws");
        }
    }

    public static void main(String[] args) throws Exception {
        // tag::server[]
        DemoServer server = DemoServer.builder()
                .longPoll("/long", WAIT, request -> {
                    CompletableFuture<String> next = new CompletableFuture<>();
                    LISTENERS.add(text -> next.complete(text)); // answered by the next event
                    READY.add("long poll");
                    return next;
                })
                .stream("/sse", "text/event-stream", (request, out) -> {
                    BlockingQueue<String> events = new LinkedBlockingQueue<>();
                    LISTENERS.add(events::add);
                    READY.add("sse");
                    for (int id = 0; id < EVENTS.size(); id++) {
                        out.send("id: " + id + "\ndata: " + events.take() + "\n\n");
                    }
                })
                .endpoint(Push.class)
                .start();
        // end::server[]
        Table table = new Table("3 events by", "reqs", "up B", "down B");
        try (server) {
            HttpClient http = Clients.http();
            // tag::clients[]
            // Long poll: one request per event, asked again at once.
            show("long poll", server, table, tap -> {
                HttpRequest poll = HttpRequest.newBuilder(tap.httpUri("/long")).build();
                for (int i = 0; i < EVENTS.size(); i++) http.send(poll, BodyHandlers.ofString());
            });
            // SSE: one request, one response that lasts (to the end, after the third event).
            show("SSE", server, table, tap -> {
                HttpRequest stream = HttpRequest.newBuilder(tap.httpUri("/sse")).build();
                InputStream body = http.send(stream, BodyHandlers.ofInputStream()).body();
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, UTF_8));
                while (lines.readLine() != null) { }
            });
            // WebSocket: one upgrade, then one frame per event.
            show("WebSocket", server, table, tap -> {
                try (WebSocketClient ws = WebSocketClient.connect(tap.wsUri("/ws"))) {
                    for (int i = 0; i < EVENTS.size(); i++) ws.receive();
                }
            });
            // end::clients[]
        }
        System.out.println(table);
        System.out.println("The diagrams below are these three conversations as the wire tap recorded them.");
    }

    interface Client {
        void run(WireTap tap) throws Exception;
    }

    /**
     * Runs one client through its own tap and feeds it the events: each one is published
     * only once a listener is in place, so the diagram shows push, not a race.
     */
    static void show(String name, DemoServer server, Table table, Client client) throws Exception {
        LISTENERS.clear();
        READY.clear();
        try (WireTap tap = WireTap.in(server).start()) {
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
                try {
                    client.run(tap);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (String event : EVENTS) {
                if (READY.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS) == null) {
                    throw new IllegalStateException(name + ": nobody listening");
                }
                List<Consumer<String>> now = List.copyOf(LISTENERS);
                if (!name.equals("long poll")) READY.add("still listening"); // streams listen for all three
                LISTENERS.removeIf(listener -> name.equals("long poll"));       // a long poll answers once
                now.forEach(listener -> listener.accept(event));
            }
            done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            // The tap records bytes before it passes them on: what the client has, the timeline has.
            List<TapEvent> timeline = tap.timeline();
            long requests = timeline.stream().filter(e -> e.head() != null && e.head().isRequest()).count();
            table.row(name, requests, tap.bytes(CLIENT_TO_SERVER), tap.bytes(SERVER_TO_CLIENT));
            long answers = timeline.stream().filter(e -> e.head() != null && !e.head().isRequest()).count();
            if (name.equals("long poll")) {
                Claims.check("the long poll was one complete HTTP exchange per event", requests == EVENTS.size() && answers == EVENTS.size(),
                        requests + " request heads, " + answers + " response heads for " + EVENTS.size() + " events");
            } else {
                Claims.check(name + " carried all " + EVENTS.size() + " events on one request", requests == 1 && answers == 1,
                        requests + " request head(s), " + answers + " response head(s)");
            }
            String file = "wire-" + name.toLowerCase(Locale.ROOT).replace(' ', '-') + ".svg";
            SequenceDiagram.write(timeline.stream().filter(e -> e.kind() != TapEvent.Kind.END).toList(), Figures.file(file));
            String key = file.replace(".svg", "");
            long bytes = tap.bytes(CLIENT_TO_SERVER) + tap.bytes(SERVER_TO_CLIENT);
            Figures.publish(key + "-requests", requests);
            Figures.publish(key + "-bytes", String.format(Locale.ROOT, "%,d", bytes));
        }
    }
}
