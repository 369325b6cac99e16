package serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's timeline file followed as it grows: whole lines only, bounded, and all of it by the end. */
class TimelineFollowerTest {
    @TempDir
    Path dir;

    private void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void wholeLinesGoOutAsTheyAreWrittenAndTheRestAtTheEnd() throws Exception {
        Path file = dir.resolve("timeline.jsonl");
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        TimelineFollower follower = new TimelineFollower(file, e -> {
            got.add(e);
            first.countDown();
        });
        Thread thread = new Thread(follower, "follower-under-test");
        thread.start();
        try {
            append(file, "{\"t\":1,\"k\":\"OUT\",\"s\":\"a\"}\n{\"t\":2,\"k\":"); // the second line is cut short
            assertTrue(first.await(10, TimeUnit.SECONDS), "the first line comes while the file is still being written");
            assertEquals(1, got.size(), "a line cut short waits for its end");

            append(file, "\"OUT\",\"s\":\"b\"}\nnot json\n[1]\n{\"no\":\"time\"}\n" + "x".repeat(TimelineFollower.MAX_LINE + 1)
                    + "\n{\"t\":3,\"k\":\"FIGURE\",\"s\":\"c\"}\n{\"omitted\":3,\"omittedBytes\":9}\n");
        } finally {
            follower.finish();
            thread.join(10_000);
        }
        assertFalse(thread.isAlive(), "it returns once finished");
        assertEquals(List.of("a", "b", "c"), got.stream().filter(e -> e.has("s")).map(e -> e.get("s").getAsString()).toList(),
                "what is no timed JSON object, or too long, is left out");
        assertEquals(3, got.get(got.size() - 1).get("omitted").getAsInt(), "the tap's last count goes out too");
    }

    @Test
    void atMostSoManyEventsGoOut() throws Exception {
        Path file = dir.resolve("timeline.jsonl");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < TimelineFollower.MAX_EVENTS + 50; i++) {
            many.append("{\"t\":").append(i).append(",\"k\":\"OUT\",\"s\":\"line\"}\n");
        }
        append(file, many.toString());
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        TimelineFollower follower = new TimelineFollower(file, got::add);
        follower.finish(); // already over: it reads the file once and returns
        follower.run();
        assertEquals(TimelineFollower.MAX_EVENTS, got.size());
    }
}
