package demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update-mechanism and connection chapters' demos, each run once through
 * {@code ./jbang <alias>} with small parameters, as a reader would run them.
 * The checks are on what the wire must show whatever the machine's speed.
 */
class UpdateAndConnectionDemosTest {

    private static final Path BOOK = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private String run(int timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash", BOOK.resolve("jbang").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Process process = new ProcessBuilder(command).directory(BOOK.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), "./jbang " + String.join(" ", args) + " took too long");
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(out);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static void assertRow(String output, String regex) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(output).find(), "no line matching " + regex + " in:\n" + output);
    }

    @Test
    void pollingVsPushDeliversEveryEventFiveWays() throws Exception {
        String out = run(90, "polling-vs-push", "--events", "40", "--mean-gap-ms", "20");
        for (String mechanism : List.of("poll 100ms", "poll 1s", "long poll", "SSE", "WebSocket")) {
            long rows = out.lines().filter(line -> line.matches(Pattern.quote(mechanism) + " +[\\d.,].*")).count();
            assertEquals(4, rows, mechanism + ": latency and traffic, on both networks\n" + out);
        }
        assertRow(out, "^SSE +1 +0 "); // one request, no empty answers
        assertRow(out, "^WebSocket +1 +0 ");
    }

    @Test
    void pushOnTheWireDrawsThreeConversations() throws Exception {
        String out = run(60, "push-on-the-wire");
        assertRow(out, "^long poll +3 ");
        assertRow(out, "^SSE +1 ");
        assertRow(out, "^WebSocket +1 ");
    }

    @Test
    void connectionsCountsOneTenTenOne() throws Exception {
        String out = run(60, "connections");
        assertRow(out, "^HTTP/1\\.1 keep-alive +1 ");
        assertRow(out, "^Connection: close +10 ");
        assertRow(out, "^JDK default client +10 ");
        assertRow(out, "^one WebSocket +1 ");
        assertRow(out, "> Upgrade: h2c");
    }

    @Test
    void messageOverheadShowsTheFrameHeaderSizesOfRfc6455() throws Exception {
        String out = run(60, "message-overhead");
        assertRow(out, "^10 B +\\d+ +\\d+ +16 +12$");           // 6 + 10 up, 2 + 10 down
        assertRow(out, "^1 KB +[\\d,]+ +[\\d,]+ +1,032 +1,028$"); // 8 + 1024 up, 4 + 1024 down
    }

    @Test
    void setupCostTimesFourStepsOnBothNetworks() throws Exception {
        String out = run(90, "setup-cost");
        for (String step : List.of("GET, reused conn", "GET, new conn", "WebSocket open", "WS message echo")) {
            assertRow(out, "^" + Pattern.quote(step) + " +[\\d.]+ ms +[\\d.]+ ms +[\\d.]+$");
        }
    }

    @Test
    void idleDeathLosesTheSilentSocketAndKeepsTheSteadyOne() throws Exception {
        String out = run(60, "idle-death");
        assertRow(out, "^#1 no heartbeat +[\\d.]+ s +never +lost$");
        assertRow(out, "^#2 ping / 3 s +[\\d.]+ s +[\\d.]+ s +-$");
        assertRow(out, "^#3 ping / 1 s +no +- +echoed$");
    }

    @Test
    void manySocketsHoldsAllOfThemAndCleansUp() throws Exception {
        String out = run(120, "many-sockets", "--count", "300");
        assertRow(out, "^connections +300 +300$");
        assertRow(out, "^heap / conn, B +[\\d,-]+ +[\\d,-]+$");
    }
}
