//SOURCES LocalRedis.java

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kit.DemoServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * One server of the chapter's three, in its own JVM (started with {@link kit.ChildJvm}):
 * a chat room on {@code /chat} and a numbered feed on {@code /feed?since=N}, with Redis on
 * 127.0.0.1 as the backplane. Commands on standard input: {@code backplane on|off},
 * {@code drain <close code>}. It exits when its standard input ends.
 */
public class ChatNode {

    static final Set<Session> CHAT = ConcurrentHashMap.newKeySet(), FEED = ConcurrentHashMap.newKeySet();
    static volatile boolean backplane;
    static int redisPort;
    static RedisClient redis; // a small pool of connections, safe to share between threads
    static String name;

    // tag::chat[]
    @ServerEndpoint("/chat")
    public static class Chat {
        @OnOpen public void open(Session session) { CHAT.add(session); }
        @OnClose public void close(Session session) { CHAT.remove(session); }

        @OnMessage
        public void message(String text) {
            if (backplane) {
                redis.publish("room", text); // every node's subscriber gets it, this one too
            } else {
                deliver(CHAT, text); // only the members connected to this server
            }
        }
    }
    // end::chat[]

    // tag::feed[]
    /** The feed: entry N of the Redis stream "feed" has id N-0. A client says where it was. */
    @ServerEndpoint("/feed")
    public static class Feed {
        @OnOpen
        public void open(Session session) {
            FEED.add(session); // live entries from now on (the client drops any it has already)
            List<String> since = session.getRequestParameterMap().getOrDefault("since", List.of("0"));
            StreamEntryID after = new StreamEntryID(Long.parseLong(since.get(0)), 0);
            for (StreamEntry entry : redis.xrange("feed", after, StreamEntryID.MAXIMUM_ID)) { // what it missed
                if (entry.getID().getTime() > after.getTime()) send(session, String.valueOf(entry.getID().getTime()));
            }
        }

        @OnClose public void close(Session session) { FEED.remove(session); }
    }
    // end::feed[]

    static void deliver(Set<Session> sessions, String text) {
        for (Session session : sessions) send(session, text);
    }

    static void send(Session session, String text) {
        synchronized (session) { // one send at a time per connection
            try {
                if (session.isOpen()) session.getBasicRemote().sendText(text);
            } catch (IOException | IllegalStateException e) {
                // that member is leaving
            }
        }
    }

    public static void main(String[] args) throws Exception {
        redisPort = Integer.parseInt(args[0]);
        name = args.length > 1 ? args[1] : "server";
        redis = RedisClient.create("127.0.0.1", redisPort);
        listen();
        DemoServer.Builder builder = DemoServer.builder().endpoint(Chat.class).endpoint(Feed.class);
        http(builder);
        try (DemoServer server = builder.start()) {
            System.out.println("ready " + server.port());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = commands.readLine()) != null; ) {
                String[] command = line.split(" ");
                if (command[0].equals("backplane")) {
                    backplane = command[1].equals("on");
                    System.out.println("backplane " + (backplane ? "on" : "off"));
                } else if (command[0].equals("drain")) {
                    drain(Integer.parseInt(command[1]));
                    System.out.println("drained");
                }
            }
        }
        System.exit(0); // standard input ended: the parent is done, or gone
    }

    // tag::http[]
    /** Plain HTTP on the same servers: every piece of state is in Redis, so any server answers. */
    static void http(DemoServer.Builder builder) {
        builder.get("/count", request -> name + " " + redis.incr("hits") + "\n");
        builder.stream("/events", "text/event-stream", (request, out) -> {
            String lastEventId = request.getHeader("Last-Event-ID"); // sent again on reconnect
            long last = lastEventId == null ? 0 : Long.parseLong(lastEventId);
            out.send(": served by " + name + "\n\n");
            while (true) {
                List<StreamEntry> entries = after(last, 3000, 100);
                if (entries.isEmpty()) return; // nothing for 3 s: end the response
                for (StreamEntry entry : entries) {
                    last = entry.getID().getTime();
                    out.send("id: " + last + "\ndata: entry " + last + "\n\n");
                }
            }
        });
        builder.longPoll("/poll", java.time.Duration.ofSeconds(4), request -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            List<StreamEntry> entries = after(Long.parseLong(request.getParameter("since")), 3000, 5); // a page of at most 5
            StringBuilder ids = new StringBuilder(name);
            for (StreamEntry entry : entries) ids.append(' ').append(entry.getID().getTime());
            return ids.toString();
        }));
    }

    /** Up to {@code max} of the feed's entries after {@code last}, waiting up to {@code blockMillis} for one to come. */
    static List<StreamEntry> after(long last, int blockMillis, int max) {
        try (Jedis reader = new Jedis("127.0.0.1", redisPort)) {
            var batch = reader.xread(XReadParams.xReadParams().block(blockMillis).count(max), Map.of("feed", new StreamEntryID(last, 0)));
            return batch == null ? List.of() : batch.get(0).getValue();
        }
    }
    // end::http[]

    // tag::drain[]
    /** A graceful drain: every member is told to go elsewhere with a close frame. */
    static void drain(int code) {
        CloseReason reason = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), "server restarting");
        for (Set<Session> sessions : List.of(CHAT, FEED)) {
            for (Session session : sessions) {
                synchronized (session) {
                    try {
                        session.close(reason); // 1001 going away, 1012 service restart (RFC 6455 section 7.4.1)
                    } catch (IOException e) {
                        // already gone
                    }
                }
            }
        }
    }
    // end::drain[]

    /** Two Redis readers: the chat channel and the tail of the feed stream. */
    static void listen() {
        Thread chat = new Thread(() -> {
            try (Jedis redis = new Jedis("127.0.0.1", redisPort)) {
                redis.subscribe(new JedisPubSub() {
                    @Override public void onMessage(String channel, String text) { deliver(CHAT, text); }
                }, "room");
            } catch (RuntimeException e) {
                // Redis went away: the demo is over
            }
        }, "redis-subscriber");
        Thread feed = new Thread(() -> {
            try (Jedis redis = new Jedis("127.0.0.1", redisPort)) {
                StreamEntryID last = new StreamEntryID(0, 0); // from the start: the feed begins after the servers ("$" would miss entries between two reads)
                while (true) {
                    var batch = redis.xread(XReadParams.xReadParams().block(1000).count(100), Map.of("feed", last));
                    if (batch == null) continue;
                    for (StreamEntry entry : batch.get(0).getValue()) {
                        deliver(FEED, String.valueOf(entry.getID().getTime()));
                        last = entry.getID();
                    }
                }
            } catch (RuntimeException e) {
                // Redis went away: the demo is over
            }
        }, "redis-feed");
        for (Thread thread : List.of(chat, feed)) {
            thread.setDaemon(true);
            thread.start();
        }
    }
}
