///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Long polling through a proxy with a 2 s timeout: a 1 s hold passes untouched, a 3 s hold becomes a 504
//JAVA 17+
//SOURCES ../_kit/*.java

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import kit.*;

public class LongPollThroughProxy {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration SHORT_HOLD = TIMEOUT.dividedBy(2), LONG_HOLD = TIMEOUT.multipliedBy(3).dividedBy(2);

    public static void main(String[] args) throws Exception {
        // tag::setup[]
        // Nothing ever happens: each poll is held for its whole hold time, then answered 204.
        try (DemoServer server = DemoServer.builder()
                .longPoll("/short", SHORT_HOLD, request -> new CompletableFuture<>())
                .longPoll("/long", LONG_HOLD, request -> new CompletableFuture<>())
                .longPoll("/warm-up", Duration.ofMillis(10), request -> new CompletableFuture<>())
                .start();
             ReverseProxy proxy = ReverseProxy.to(server.port()).idleTimeout(TIMEOUT).start()) {
            poll(proxy, "/warm-up"); // unmeasured: the first request of a JVM is slow
            Poll shortPoll = poll(proxy, "/short");
            Poll longPoll = poll(proxy, "/long");
            // end::setup[]
            Table table = new Table("server holds", "proxy timeout", "client got", "after");
            table.row(SHORT_HOLD.toMillis() + " ms", TIMEOUT.toMillis() + " ms", shortPoll.status, shortPoll.millis + " ms");
            table.row(LONG_HOLD.toMillis() + " ms", TIMEOUT.toMillis() + " ms", longPoll.status, longPoll.millis + " ms");
            System.out.print(table);
            Figures.publish("short-hold-ms", SHORT_HOLD.toMillis());
            Figures.publish("long-hold-ms", LONG_HOLD.toMillis());
            Figures.publish("poll-timeout-ms", TIMEOUT.toMillis());
            Figures.publish("short-status", shortPoll.status);
            Figures.publish("long-status", longPoll.status);
            Figures.publish("long-after-ms", longPoll.millis);
            Claims.check("a poll held for less than the proxy's timeout came back as the server sent it (204)",
                    shortPoll.status == 204, "status " + shortPoll.status);
            Claims.check("a poll held for longer than the proxy's timeout became a 504 from the proxy, at its timeout",
                    longPoll.status == 504 && longPoll.millis >= TIMEOUT.toMillis() * 3 / 4 && longPoll.millis < LONG_HOLD.toMillis(),
                    "status " + longPoll.status + " after " + longPoll.millis + " ms");
            System.out.println("Long polling needs nothing from a proxy, until the hold is longer than the proxy's timeout: then it is a 504.");
        }
    }

    record Poll(int status, long millis) {}

    static Poll poll(ReverseProxy proxy, String path) throws Exception {
        System.out.println("polling " + path + ", waiting up to 10 s for an answer");
        long sent = System.nanoTime();
        HttpResponse<String> response = Clients.http().send(HttpRequest.newBuilder(proxy.httpUri(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return new Poll(response.statusCode(), (System.nanoTime() - sent) / 1_000_000);
    }
}
