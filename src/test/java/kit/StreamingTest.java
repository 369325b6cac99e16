package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP can push too: a held request (long poll) and a response that never ends (SSE). */
@ExtendWith(NoLeaks.class)
class StreamingTest {

    @Test
    void serverSentEventsArriveAsChunks() throws Exception {
        try (DemoServer server = DemoServer.builder()
                .stream("/events", "text/event-stream", (request, out) -> {
                    for (int i = 1; i <= 3; i++) out.send("id: " + i + "\ndata: tick " + i + "\n\n");
                })
                .start();
             WireTap tap = WireTap.in(server).start()) {
            HttpResponse<String> response = Clients.http().send(HttpRequest.newBuilder(tap.httpUri("/events")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("text/event-stream;charset=UTF-8", response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(response.body().contains("data: tick 3"));
            List<String> chunks = tap.timeline().stream()
                    .filter(e -> e.kind() == TapEvent.Kind.BODY).map(TapEvent::summary).toList();
            assertEquals(List.of("chunk 20 B", "chunk 20 B", "chunk 20 B", "last chunk"), chunks);
        }
    }

    @Test
    void longPollAnswersWhenTheEventComesOrWith204() throws Exception {
        CompletableFuture<String> next = new CompletableFuture<>();
        try (DemoServer server = DemoServer.builder()
                .longPoll("/next", java.time.Duration.ofSeconds(2), request -> next)
                .start();
             WireTap tap = WireTap.in(server).start()) {
            HttpClient client = Clients.http();
            HttpRequest poll = HttpRequest.newBuilder(tap.httpUri("/next")).build();
            assertEquals(204, client.send(poll, HttpResponse.BodyHandlers.ofString()).statusCode(), "nothing happened");

            int heads = tap.timeline().size();
            CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(poll, HttpResponse.BodyHandlers.ofString());
            // the second poll has reached the server (the tap passed its head on) and no event exists yet
            tap.await(events -> events.stream().skip(heads).anyMatch(e -> e.kind() == TapEvent.Kind.HEAD && e.head().isRequest()),
                    java.time.Duration.ofSeconds(5));
            assertThrows(java.util.concurrent.TimeoutException.class, () -> waiting.get(500, java.util.concurrent.TimeUnit.MILLISECONDS),
                    "the server holds the request while there is no event (well inside its 2 s timeout)");
            next.complete("something happened");
            HttpResponse<String> answer = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode());
            assertEquals("something happened", answer.body());
        }
    }
}
