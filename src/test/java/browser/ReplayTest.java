package browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import builder.Build;
import builder.FixtureBook;
import builder.Renderer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kit.Frame;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The replay player on a page the real builder made from real runs: a Tyrus echo server, the
 * JDK's WebSocket client and the kit's wire tap, built into a fixture book, then opened from
 * file:// in Chromium with no network.
 */
public class ReplayTest {

    @TempDir
    static Path dir;
    static Path page;
    static JsonObject echoData;
    static JsonObject manyData;
    static Document html;

    static final String ECHO = """
            try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
                 WireTap tap = WireTap.in(server).start()) {
                try (var client = WebSocketClient.connect(tap.wsUri("/echo"))) {
                    client.send("hello");
                    System.out.println("echoed: " + client.receive());
                }
                tap.awaitClosed(Duration.ofSeconds(10));
                Figures.publish("frames", tap.frames(Direction.CLIENT_TO_SERVER).size());
                System.out.println("the tap saw " + tap.timeline().size() + " events");
            }
            """;
    /** More events than a timeline keeps, so the page has to say what it left out. */
    static final String MANY = """
            try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).start();
                 WireTap tap = WireTap.in(server).start()) {
                try (var client = WebSocketClient.connect(tap.wsUri("/echo"))) {
                    for (int i = 0; i < 150; i++) {
                        client.send("message " + i);
                        client.receive();
                    }
                }
                tap.awaitClosed(Duration.ofSeconds(10));
                System.out.println("events=" + tap.timeline().size());
            }
            """;

    @BeforeAll
    static void buildABookWithTappedRuns() throws Exception {
        FixtureBook book = FixtureBook.create(dir.resolve("book"));
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("book.root", ".")).resolve("notebooks/_kit"))) {
            for (Path file : files.toList()) {
                book.write("notebooks/_kit/" + file.getFileName(), Files.readString(file));
            }
        }
        book.script("wire", "Echo.java", script("Echo", ECHO), "echo");
        book.script("wire", "Many.java", script("Many", MANY), "many");
        book.chapter("wire", "= Wire\n\njbang::Echo.java[]\n\njbang::Many.java[]\n");
        try (Renderer renderer = new Renderer()) {
            new Build(book.options(), renderer).run();
        }
        page = book.site().resolve("wire.html");
        html = Jsoup.parse(Files.readString(page));
        var data = html.select("script.replay-data");
        assertEquals(2, data.size(), "one timeline per tapped block");
        echoData = JsonParser.parseString(data.get(0).data()).getAsJsonObject();
        manyData = JsonParser.parseString(data.get(1).data()).getAsJsonObject();
    }

    static String script(String name, String body) {
        return FixtureBook.java(name, body)
                .replace("//JAVA 17+\n", "//JAVA 17+\n//SOURCES ../_kit/*.java\n")
                .replace("import java.nio.file.*;", "import java.nio.file.*;\nimport java.time.Duration;\nimport kit.*;");
    }

    static List<JsonObject> events(JsonObject data) {
        List<JsonObject> events = new ArrayList<>();
        for (JsonElement e : data.getAsJsonArray("events")) events.add(e.getAsJsonObject());
        return events;
    }

    @Test
    void theTimelineHoldsTheRunInTimeOrderAndSaysWhatItLeftOut() {
        List<JsonObject> echo = events(echoData);
        List<String> kinds = echo.stream().map(e -> e.get("k").getAsString()).toList();
        assertTrue(kinds.containsAll(List.of("CONNECT", "HEAD", "FRAME", "END", "OUT", "FIGURE")), kinds.toString());
        for (int i = 1; i < echo.size(); i++) {
            assertTrue(echo.get(i - 1).get("t").getAsLong() <= echo.get(i).get("t").getAsLong(), "time order at " + i);
        }
        long seen = echo.stream().filter(e -> e.has("tap")).count();
        assertTrue(html.select("#" + echoData.get("block").getAsString() + " .jbang-stdout").text()
                .contains("the tap saw " + seen + " events"), "every event the tap saw is in the timeline");

        List<JsonObject> many = events(manyData);
        long kept = many.stream().filter(e -> e.has("tap")).count();
        assertEquals(kit.Timeline.MAX_EVENTS, kept);
        int left = manyData.getAsJsonObject("omitted").get("events").getAsInt();
        String printed = html.select("#" + manyData.get("block").getAsString() + " .jbang-stdout").text();
        assertTrue(printed.contains("events=" + (kept + left)), "kept + left out = what the tap saw: " + printed + " vs " + (kept + left));
    }

    @Test
    void playsFromFileStepsBackAndExplainsAClientFrame() throws Exception {
        List<JsonObject> events = events(echoData);
        int clientFrame = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).get("k").getAsString().equals("FRAME") && events.get(i).get("d").getAsString().equals("up")) {
                clientFrame = i;
                break;
            }
        }
        assertTrue(clientFrame >= 0, "the run sent a client frame");
        JsonObject recorded = events.get(clientFrame);
        byte[] header = Base64.getDecoder().decode(recorded.get("h").getAsString());
        byte[] payload = Base64.getDecoder().decode(recorded.get("p").getAsString());
        byte[] wire = new byte[header.length + payload.length];
        System.arraycopy(header, 0, wire, 0, header.length);
        System.arraycopy(payload, 0, wire, header.length, payload.length);
        Frame frame = Frame.parse(wire, 0, wire.length);

        try (var browser = Chromium.start(1280, 1000)) {
            browser.open(page.toUri());
            String player = "#replay-1";
            WebElement section = browser.driver().findElement(By.cssSelector(player));
            new Select(section.findElement(By.cssSelector(".replay-speed"))).selectByValue("4");
            section.findElement(By.cssSelector(".replay-play")).click();
            browser.waitUntil("the replay to play to its end", () -> "true".equals(section.getAttribute("data-ended")));
            assertEquals(String.valueOf(events.size() - 1), section.getAttribute("data-index"));
            String stdout = html.select("#" + echoData.get("block").getAsString() + " .jbang-stdout").first().wholeText();
            String printed = section.findElement(By.cssSelector(".replay-printed")).getAttribute("textContent");
            for (String line : stdout.strip().split("\n")) {
                assertTrue(printed.contains(line), "the output so far shows " + line + "\n" + printed);
            }

            section.findElement(By.cssSelector(".replay-prev")).click();
            assertEquals(String.valueOf(events.size() - 2), section.getAttribute("data-index"), "one step back");

            section.findElement(By.cssSelector("g.replay-arrow[data-event='" + clientFrame + "'] text")).click();
            assertEquals(String.valueOf(clientFrame), section.getAttribute("data-index"));
            Map<String, String> fields = fields(section);
            assertEquals(frame.fin() ? "1" : "0", fields.get("fin").substring(0, 1));
            assertEquals("0x" + Integer.toHexString(frame.opcode()) + " (text)", fields.get("opcode"));
            assertEquals(frame.masked() ? "1" : "0", fields.get("mask").substring(0, 1));
            assertEquals(frame.payloadLength() + " (7-bit form)", fields.get("length7"));
            assertEquals(HexFormat.ofDelimiter(" ").formatHex(frame.maskKey()), fields.get("key"));
            assertEquals("\"" + frame.text() + "\"", fields.get("payload"));
            assertEquals("\"hello\"", fields.get("payload"));
            assertTrue(section.findElement(By.cssSelector("tr[data-field='opcode'] a")).getAttribute("href")
                    .endsWith("rfc6455#section-5.6"));

            assertEquals(List.of(), browser.consoleErrors());
            List<String> requests = browser.requests();
            assertTrue(requests.stream().allMatch(u -> u.startsWith("file:")), "nothing left the page: " + requests);

            assertEquals(List.of(), axe(browser, player), "axe, light theme");
            browser.script("document.documentElement.setAttribute('data-theme', 'dark')");
            assertEquals(List.of(), axe(browser, player), "axe, dark theme");
            WebElement manyNote = browser.driver().findElement(By.cssSelector("#replay-2 .replay-note"));
            assertTrue(manyNote.getText().contains("left out"), manyNote.getText());
        }
    }

    @Test
    void keyboardAloneStepsThroughTheRun() {
        try (var browser = Chromium.start(1280, 1000)) {
            browser.open(page.toUri());
            WebElement section = browser.driver().findElement(By.cssSelector("#replay-1"));
            WebElement next = section.findElement(By.cssSelector(".replay-next"));
            next.sendKeys(" "); // a focused button: space presses it
            assertEquals("0", section.getAttribute("data-index"));
            next.sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
            assertEquals("1", section.getAttribute("data-index"));
            next.sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);
            assertEquals("0", section.getAttribute("data-index"));
            assertTrue(section.findElement(By.cssSelector(".replay-status")).getText().startsWith("Event 1 of "));
        }
    }

    private static Map<String, String> fields(WebElement section) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (WebElement row : section.findElements(By.cssSelector(".replay-fields tbody tr"))) {
            fields.put(row.getAttribute("data-field"), row.findElement(By.cssSelector(".replay-value")).getAttribute("textContent"));
        }
        return fields;
    }

    /** axe-core's violations inside {@code selector}, as "rule: target" lines (serve.LiveReplayTest uses it too). */
    @SuppressWarnings("unchecked")
    public static List<String> axe(Chromium browser, String selector) throws IOException {
        try (InputStream in = ReplayTest.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            assertTrue(in != null, "axe.min.js on the test class path (com.deque.html.axe-core:selenium)");
            browser.script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Object result = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "axe.run(document.querySelector(arguments[0])).then(function (r) {"
                        + "  done(r.violations.map(function (v) { return v.id + ': ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); }));"
                        + "}, function (e) { done(['axe failed: ' + e]); });", selector);
        return (List<String>) result;
    }
}
