package browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: it sees what a page does, and leaves nothing running. */
class ChromiumTest {

    @TempDir
    Path dir;

    @Test
    void recordsConsoleErrorsExceptionsAndRequestsThenQuitsEverything() throws Exception {
        Path page = dir.resolve("noisy.html");
        Files.writeString(page, """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>noisy</title></head><body>
                <p>A page that misbehaves on purpose.</p>
                <img src="http://example.invalid/pixel.png" alt="">
                <script>console.error("something broke"); console.log("just chatter");</script>
                <script>setTimeout(function () { throw new Error("thrown later"); }, 0);</script>
                </body></html>
                """);
        List<ProcessHandle> processes;
        try (var browser = Chromium.start()) {
            browser.open(page.toUri());
            browser.waitUntil("the exception to be reported",
                    () -> browser.consoleErrors().stream().anyMatch(e -> e.contains("thrown later")));
            List<String> errors = browser.consoleErrors();
            assertTrue(errors.stream().anyMatch(e -> e.contains("something broke")), errors.toString());
            assertTrue(errors.stream().noneMatch(e -> e.contains("just chatter")), errors.toString());
            List<String> requests = browser.requests();
            assertTrue(requests.contains("http://example.invalid/pixel.png"), requests.toString());
            processes = browser.processes();
            assertTrue(!processes.isEmpty(), "the harness finds the browser's processes");
        }
        for (ProcessHandle p : processes) {
            assertTrue(!p.isAlive(), "still running after close: " + p.pid() + " " + p.info().commandLine().orElse(""));
        }
    }

    @Test
    void aQuietPageHasNoErrorsAndOnlyItsOwnFile() throws Exception {
        Path page = dir.resolve("quiet.html");
        Files.writeString(page, "<!DOCTYPE html><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>quiet</title><p>Nothing to see.</p>");
        try (var browser = Chromium.start(390, 844)) {
            browser.open(page.toUri());
            assertEquals(List.of(), browser.consoleErrors());
            assertTrue(browser.requests().stream().allMatch(u -> u.startsWith("file:")), browser.requests().toString());
            assertEquals(390L, ((Number) browser.script("return window.innerWidth")).longValue());
        }
    }
}
