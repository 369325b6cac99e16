///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Authenticating a WebSocket handshake behind nginx: a token in the query string, in Sec-WebSocket-Protocol, in the first message, a one-time ticket, and a token that expires
//JAVA 17+
//SOURCES ../_kit/*.java
//SOURCES Nginx.java

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import kit.*;

/**
 * One backend, nginx in front of it, and each way a browser-compatible client can prove who
 * it is when it opens a WebSocket (a browser cannot set {@code Authorization} on one). After
 * the runs, the script reads nginx's access log: which secrets did it keep?
 */
public class HandshakeAuth {

    static final Duration AUTH_DEADLINE = Duration.ofMillis(500); // how long a socket may stay open without credentials
    static final Map<String, Long> TOKENS = new ConcurrentHashMap<>();  // token -> expiry (System.nanoTime)
    static final Map<String, Boolean> TICKETS = new ConcurrentHashMap<>(); // one-time tickets not yet used
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "auth-timer");
        t.setDaemon(true);
        return t;
    });
    static final SecureRandom RANDOM = new SecureRandom();

    static String issue(Duration life) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes); // token characters only (RFC 9110 §5.6.2)
        TOKENS.put(token, System.nanoTime() + life.toNanos());
        return token;
    }

    static boolean valid(String token) {
        Long expiry = token == null ? null : TOKENS.get(token);
        return expiry != null && System.nanoTime() < expiry;
    }

    /** Closes with 1008 (RFC 6455 §7.4.1), off the caller's thread: from {@code @OnOpen}, the 101 must go out first. */
    static void refuse(Session session, String why) {
        TIMER.execute(() -> {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, why));
            } catch (Exception e) {
                // already gone
            }
        });
    }

    // tag::query[]
    /** {@code /query?token=...}: checked when the socket opens; expiry closes it with 1008, unless refreshed in-band. */
    @ServerEndpoint("/query")
    public static class QueryToken {
        private volatile ScheduledFuture<?> expiry;

        @OnOpen
        public void open(Session session) {
            String token = first(session.getRequestParameterMap().get("token"));
            if (!valid(token)) { refuse(session, "no valid token"); return; }
            expireAt(session, TOKENS.get(token));
        }

        @OnMessage
        public String message(Session session, String text) {
            if (text.startsWith("refresh ") && valid(text.substring(8))) { // a fresh token, sent in-band
                expiry.cancel(false);
                expireAt(session, TOKENS.get(text.substring(8)));
                return "refreshed";
            }
            return "echo " + text;
        }

        private void expireAt(Session session, long nanoTime) {
            expiry = TIMER.schedule(() -> refuse(session, "token expired"), nanoTime - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }
    // end::query[]

    // tag::protocol[]
    /** {@code /protocol}, the token offered as a second subprotocol: {@code Sec-WebSocket-Protocol: bearer, TOKEN}. */
    public static class ProtocolToken extends ServerEndpointConfig.Configurator {
        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            // Echo "bearer" only for a valid token: a browser fails a connection whose answer names none (RFC 6455 §4.1)
            return requested.size() == 2 && requested.get(0).equals("bearer") && valid(requested.get(1)) ? "bearer" : "";
        }
    }

    @ServerEndpoint(value = "/protocol", subprotocols = "bearer", configurator = ProtocolToken.class)
    public static class ProtocolEcho {
        @OnOpen
        public void open(Session session) {
            if (!"bearer".equals(session.getNegotiatedSubprotocol())) refuse(session, "no valid token");
        }

        @OnMessage
        public String message(String text) {
            return "echo " + text;
        }
    }
    // end::protocol[]

    // tag::first[]
    /** {@code /first}: open to anyone, but the first message must be {@code auth TOKEN}, within the deadline. */
    @ServerEndpoint("/first")
    public static class FirstMessage {
        private volatile boolean authenticated;

        @OnOpen
        public void open(Session session) {
            TIMER.schedule(() -> { if (!authenticated) refuse(session, "no credentials in time"); },
                    AUTH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }

        @OnMessage
        public String message(Session session, String text) {
            if (authenticated) return "echo " + text;
            if (text.startsWith("auth ") && valid(text.substring(5))) { authenticated = true; return "welcome"; }
            refuse(session, "bad credentials");
            return null;
        }
    }
    // end::first[]

    // tag::ticket[]
    /** {@code /ticket?t=...}: a ticket from {@code GET /ticket} (which wants the real token), good once, for seconds. */
    @ServerEndpoint("/ticket")
    public static class TicketEcho {
        @OnOpen
        public void open(Session session) {
            String ticket = first(session.getRequestParameterMap().get("t"));
            if (ticket == null || TICKETS.remove(ticket) == null || !valid(ticket)) refuse(session, "no valid ticket");
        }

        @OnMessage
        public String message(String text) {
            return "echo " + text;
        }
    }

    static DemoServer.Route ticketRoute() {
        return (request, response) -> {
            String auth = request.getHeader("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !valid(auth.substring(7))) {
                response.setStatus(401);
                response.setContentLength(0);
                return;
            }
            String ticket = issue(Duration.ofSeconds(10));
            TICKETS.put(ticket, true);
            byte[] body = ticket.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            response.setContentType("text/plain");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        };
    }
    // end::ticket[]

    static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (DemoServer backend = DemoServer.builder().endpoint(QueryToken.class).endpoint(ProtocolEcho.class)
                     .endpoint(FirstMessage.class).endpoint(TicketEcho.class).route("/ticket", ticketRoute()).start();
             Nginx nginx = Nginx.proxyTo(backend.port())) {
            String ws = "ws://127.0.0.1:" + nginx.port;
            String alice = issue(Duration.ofMinutes(5)); // what a login would have given alice

            // tag::runs[]
            System.out.println("1. token in the query string");
            Client query = Client.open(http, URI.create(ws + "/query?token=" + alice));
            Claims.check("the query-string token was accepted", query.ask("hi").equals("echo hi"), query.last);
            query.close();

            System.out.println("2. token in Sec-WebSocket-Protocol");
            String bob = issue(Duration.ofMinutes(5));
            Client protocol = Client.open(http, URI.create(ws + "/protocol"), "bearer", bob);
            Claims.check("the server echoed the subprotocol bearer and accepted the token",
                    protocol.socket.getSubprotocol().equals("bearer") && protocol.ask("hi").equals("echo hi"),
                    "subprotocol: " + protocol.socket.getSubprotocol());
            protocol.close();

            System.out.println("3. token in the first message");
            Client first = Client.open(http, URI.create(ws + "/first"));
            Claims.check("the first message authenticated the socket", first.ask("auth " + alice).equals("welcome"), first.last);
            first.close();
            Client silent = Client.open(http, URI.create(ws + "/first"));
            long opened = System.nanoTime();
            int code = silent.awaitClose(Duration.ofSeconds(10));
            long windowMs = (System.nanoTime() - opened) / 1_000_000;
            System.out.println("   the silent socket was closed " + windowMs + " ms after it opened (the deadline: "
                    + AUTH_DEADLINE.toMillis() + " ms)");
            Claims.check("a socket that sent no credentials was closed with 1008, no sooner than the deadline",
                    code == 1008 && windowMs >= AUTH_DEADLINE.toMillis() - 50, "code " + code + " after " + windowMs + " ms");

            System.out.println("4. a one-time ticket from an authenticated HTTP endpoint");
            String ticket = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.port + "/ticket"))
                    .header("Authorization", "Bearer " + alice).build(), HttpResponse.BodyHandlers.ofString()).body();
            Client once = Client.open(http, URI.create(ws + "/ticket?t=" + ticket));
            Claims.check("the ticket opened a socket", once.ask("hi").equals("echo hi"), once.last);
            once.close();
            Client twice = Client.open(http, URI.create(ws + "/ticket?t=" + ticket));
            int reuse = twice.awaitClose(Duration.ofSeconds(10));
            Claims.check("the same ticket a second time was closed with 1008", reuse == 1008, "code " + reuse);

            System.out.println("5. a token that expires while the socket is open");
            String shortLived = issue(Duration.ofMillis(800)), another = issue(Duration.ofMillis(800));
            Client expiring = Client.open(http, URI.create(ws + "/query?token=" + shortLived));
            Client refreshed = Client.open(http, URI.create(ws + "/query?token=" + another));
            refreshed.ask("refresh " + issue(Duration.ofMinutes(5)));        // in-band, before it expires
            int expired = expiring.awaitClose(Duration.ofSeconds(10));
            Claims.check("the expired token's socket was closed with 1008, and the refreshed one still answers",
                    expired == 1008 && refreshed.ask("still there?").equals("echo still there?"), "code " + expired + ", " + refreshed.last);
            refreshed.close();
            // end::runs[]

            // tag::log[]
            List<String> log = nginx.awaitLog(9); // one line per WebSocket (8, each written when it ends), one for GET /ticket
            System.out.println();
            System.out.println("nginx's access log (default format):");
            log.forEach(line -> System.out.println("  " + line));
            boolean queryLogged = log.stream().anyMatch(line -> line.contains(alice));
            boolean protocolLogged = log.stream().anyMatch(line -> line.contains(bob));
            boolean ticketLogged = log.stream().anyMatch(line -> line.contains(ticket));
            Claims.check("the token sent in the query string is in the access log", queryLogged);
            Claims.check("the token sent in Sec-WebSocket-Protocol is not", !protocolLogged);
            Claims.check("the ticket is in the log too, but it was already used up", ticketLogged && !TICKETS.containsKey(ticket));
            // end::log[]
            System.out.println("the tokens of this run: query string " + alice + ", subprotocol " + bob);
            System.out.printf(Locale.ROOT, "query token logged: %s; subprotocol token logged: %s; ticket logged: %s (used: %s)%n",
                    queryLogged, protocolLogged, ticketLogged, !TICKETS.containsKey(ticket));
            Figures.publish("auth-deadline-ms", AUTH_DEADLINE.toMillis());
            Figures.publish("unauthenticated-window-ms", windowMs);
            Figures.publish("log-lines", log.size());
        } finally {
            TIMER.shutdownNow();
        }
    }

    /** A JDK WebSocket that answers one question at a time, with bounded waits. */
    static final class Client {
        WebSocket socket;
        final java.util.concurrent.BlockingQueue<String> texts = new java.util.concurrent.LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        String last = "";

        static Client open(HttpClient http, URI uri, String... subprotocols) throws Exception {
            Client self = new Client(); // the listener may be called before buildAsync returns: a close can come with the 101
            WebSocket.Builder builder = http.newWebSocketBuilder();
            if (subprotocols.length > 0) builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
            WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {
                StringBuilder part = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    part.append(data);
                    if (last) {
                        self.texts.add(part.toString());
                        part = new StringBuilder();
                    }
                    webSocket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    System.out.println("   closed: " + statusCode + (reason.isEmpty() ? "" : " \"" + reason + "\""));
                    self.closed.complete(statusCode);
                    return null;
                }

                @Override
                public void onError(WebSocket webSocket, Throwable error) {
                    self.closed.complete(1006);
                }
            }).get(10, TimeUnit.SECONDS);
            self.socket = socket;
            return self;
        }

        String ask(String text) throws Exception {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
            String answer = texts.poll(5, TimeUnit.SECONDS);
            last = answer == null ? "no answer within 5 s" : answer;
            System.out.println("   sent \"" + text.replaceAll("[A-Za-z0-9_-]{20,}", "TOKEN") + "\", got \"" + last + "\"");
            return last;
        }

        int awaitClose(Duration limit) throws Exception {
            return closed.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        void close() throws Exception {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            closed.get(5, TimeUnit.SECONDS);
        }
    }
}
