package demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update-mechanism and connection chapters' demos, each run once through
 * {@code ./jbang <alias>} with small parameters, as a reader would run them.
 * The checks are on what the wire must show whatever the machine's speed.
 */
class UpdateAndConnectionDemosTest {


    @TempDir
    Path dir;

    private String run(int timeoutSeconds, String... args) throws Exception {
        return ReaderRun.run(dir, java.time.Duration.ofSeconds(timeoutSeconds), args);
    }

    private static void assertRow(String output, String regex) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(output).find(), "no line matching " + regex + " in:\n" + output);
    }

    @Test
    void pollingVsPushDeliversEveryEventFiveWays() throws Exception {
        String out = run(90, "polling-vs-push", "--events", "60", "--mean-gap-ms", "50"); // 3 s: several of the slow poller's intervals
        for (String mechanism : List.of("poll 100ms", "poll 1s", "long poll", "SSE", "WebSocket")) {
            long rows = out.lines().filter(line -> line.matches(Pattern.quote(mechanism) + " +[\\d.,].*")).count();
            assertEquals(4, rows, mechanism + ": latency and traffic, on both networks\n" + out);
        }
        assertRow(out, "^SSE +1 +0 "); // one request, no empty answers
        assertRow(out, "^WebSocket +1 +0 ");
        // latency columns, machine-independent: on the 25 ms network every p50 is at least one one-way trip;
        // on loopback every push mechanism's p50 is below the 1 s poller's
        for (String mechanism : List.of("poll 100ms", "poll 1s", "long poll", "SSE", "WebSocket")) {
            double delayedP50 = latency(out, "25 ms delay", mechanism)[0];
            assertTrue(delayedP50 >= 25 * 0.95, mechanism + " delayed p50 " + delayedP50 + " ms is below the delay\n" + out);
        }
        double slowP50 = latency(out, "no delay", "poll 1s")[0];
        for (String push : List.of("long poll", "SSE", "WebSocket")) {
            double p50 = latency(out, "no delay", push)[0];
            assertTrue(p50 < slowP50, push + " p50 " + p50 + " ms is not below the 1 s poller's " + slowP50 + "\n" + out);
        }
    }

    /** p50, p90, p99, max of a mechanism's row in the latency table that starts with {@code network}. */
    private static double[] latency(String out, String network, String mechanism) {
        List<String> lines = out.lines().toList();
        int table = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(network + " ") && lines.get(i).contains("p50")) table = i;
        }
        assertTrue(table >= 0, "no latency table for " + network + " in:\n" + out);
        for (int i = table + 2; i < lines.size() && !lines.get(i).isBlank(); i++) {
            if (lines.get(i).startsWith(mechanism + " ")) {
                String[] cells = lines.get(i).substring(mechanism.length()).trim().split(" +");
                return java.util.Arrays.stream(cells).mapToDouble(c -> Double.parseDouble(c.replace(",", ""))).toArray();
            }
        }
        throw new AssertionError("no " + mechanism + " row under " + network + " in:\n" + out);
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
        // round trips on the 25 ms network, bounds physics sets: one for a request or an echo, two with a new connection
        java.util.Map<String, Double> least = java.util.Map.of("GET, reused conn", 0.9, "GET, new conn", 1.9,
                "WebSocket open", 1.9, "WS message echo", 0.9);
        for (var step : least.entrySet()) {
            var row = Pattern.compile("^" + Pattern.quote(step.getKey()) + " +[\\d.]+ ms +[\\d.]+ ms +([\\d.]+)$", Pattern.MULTILINE)
                    .matcher(out);
            assertTrue(row.find(), "no row for " + step.getKey() + " in:\n" + out);
            double trips = Double.parseDouble(row.group(1));
            assertTrue(trips >= step.getValue(), step.getKey() + ": " + trips + " round trips, at least " + step.getValue() + "\n" + out);
        }
    }

    @Test
    void idleDeathLosesTheSilentSocketAndKeepsTheSteadyOne() throws Exception {
        String out = run(60, "idle-death");
        assertRow(out, "^#1 no heartbeat +[\\d.]+ s +never +lost$");
        assertRow(out, "^#2 ping / 3 s +[\\d.]+ s +[\\d.]+ s +-$");
        assertRow(out, "^#3 ping / 1 s +no +- +echoed$");
        // the middlebox drops a connection only after 2 s of silence; #2 notices at a ping after its drop
        var silent = Pattern.compile("^#1 no heartbeat +([\\d.]+) s", Pattern.MULTILINE).matcher(out);
        var slow = Pattern.compile("^#2 ping / 3 s +([\\d.]+) s +([\\d.]+) s", Pattern.MULTILINE).matcher(out);
        assertTrue(silent.find() && slow.find(), out);
        assertTrue(Double.parseDouble(silent.group(1)) >= 1.9, "#1 dropped before 2 s of silence\n" + out);
        assertTrue(Double.parseDouble(slow.group(1)) >= 1.9, "#2 dropped before 2 s of silence\n" + out);
        assertTrue(Double.parseDouble(slow.group(2)) > Double.parseDouble(slow.group(1)), "#2 noticed before it was dropped\n" + out);
    }

    @Test
    void manySocketsHoldsAllOfThemAndCleansUp() throws Exception {
        String out = run(120, "many-sockets", "--count", "300");
        assertRow(out, "^connections +300 +300$");
        assertRow(out, "^heap / conn, B +[\\d,-]+ +[\\d,-]+$");
    }
}
