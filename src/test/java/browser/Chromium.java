package browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.bidi.log.LogLevel;
import org.openqa.selenium.bidi.log.StackTrace;
import org.openqa.selenium.bidi.module.LogInspector;
import org.openqa.selenium.bidi.module.Network;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's
 * chromedriver, for tests that look at the book's pages.
 *
 * <pre>{@code
 * try (var browser = Chromium.start()) {
 *     browser.open(site.resolve("index.html").toUri());
 *     assertEquals(List.of(), browser.consoleErrors());
 *     browser.driver().findElement(By.cssSelector("nav"));
 * }
 * }</pre>
 *
 * <p>Every console error and uncaught exception, and the URL of every request
 * the page makes, are recorded over WebDriver BiDi. Chromium gets a fresh
 * profile and may not resolve any host name but 127.0.0.1, so nothing it does
 * leaves the machine. {@link #close()} quits the browser and ends any of its
 * processes still running.
 */
public final class Chromium implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MIN_WINDOW_WIDTH = 500;

    private static final AtomicInteger MARKS = new AtomicInteger();

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final LogInspector log;
    private final Network network;
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Mark> marks = new CopyOnWriteArrayList<>();
    private boolean closed;

    private record Mark(String text, CountDownLatch seen) {}

    /** Starts a headless Chromium with a desktop-sized window (1280 × 900). */
    public static Chromium start() {
        return start(1280, 900);
    }

    /** Starts a headless Chromium whose window is {@code width × height} CSS pixels. */
    public static Chromium start(int width, int height) {
        for (Path needed : List.of(BINARY, DRIVER)) {
            if (!Files.isExecutable(needed)) {
                throw new IllegalStateException(needed + " is missing: run scripts/test, which installs "
                        + "Debian's chromium and chromium-driver, then runs the tests.");
            }
        }
        try {
            var browser = new Chromium(Math.max(width, MIN_WINDOW_WIDTH), height);
            try {
                browser.resize(width, height);
            } catch (RuntimeException e) {
                browser.close();
                throw e;
            }
            return browser;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Chromium(int width, int height) throws IOException {
        profile = Files.createTempDirectory("chromium-profile-");
        var options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--force-device-scale-factor=1",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        options.enableBiDi();
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ChromeDriver started = null;
        LogInspector startedLog = null;
        Network startedNetwork = null;
        try {
            started = new ChromeDriver(service, options);
            startedLog = new LogInspector(started);
            startedNetwork = new Network(started);
        } catch (RuntimeException e) {
            if (started != null) {
                started.quit();
            }
            service.stop();
            endLeftovers();
            throw e;
        }
        driver = started;
        log = startedLog;
        network = startedNetwork;
        log.onConsoleEntry(entry -> {
            for (Mark mark : marks) {
                if (mark.text().equals(entry.getText())) {
                    mark.seen().countDown();
                    return;
                }
            }
            if (entry.getLevel() == LogLevel.ERROR) {
                consoleErrors.add("console." + entry.getMethod() + ": " + entry.getText() + where(entry.getStackTrace()));
            }
        });
        log.onJavaScriptException(entry ->
                consoleErrors.add("uncaught: " + entry.getText() + where(entry.getStackTrace())));
        network.onBeforeRequestSent(event -> requests.add(event.getRequest().getUrl()));
        network.onFetchError(event ->
                consoleErrors.add("failed to load " + event.getRequest().getUrl() + ": " + event.getErrorText()));
    }

    /** Opens {@code uri} and waits until the page and its scripts have loaded. */
    public void open(URI uri) {
        driver.get(uri.toString());
        waitUntil("the page to load: " + uri,
                () -> "complete".equals(script("return document.readyState")));
        settle();
    }

    /** Every console error and uncaught exception so far, in order. */
    public List<String> consoleErrors() {
        settle();
        return List.copyOf(consoleErrors);
    }

    /** The URL of every request made so far, in order (the pages' own file:// loads included). */
    public List<String> requests() {
        settle();
        return List.copyOf(requests);
    }

    /** The WebDriver, for finding elements, clicking, typing. */
    public WebDriver driver() {
        return driver;
    }

    /** Runs JavaScript in the page and returns its result. */
    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /**
     * Makes the page {@code width × height} CSS pixels. Below Chromium's smallest
     * window (500 px wide) the viewport of a phone is emulated instead.
     */
    public void resize(int width, int height) {
        if (width < MIN_WINDOW_WIDTH) {
            driver.manage().window().setSize(new Dimension(MIN_WINDOW_WIDTH, height));
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                    "width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
        } else {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            driver.manage().window().setSize(new Dimension(width, height));
            int dw = width - ((Number) script("return window.innerWidth")).intValue();
            int dh = height - ((Number) script("return window.innerHeight")).intValue();
            if (dw != 0 || dh != 0) {
                driver.manage().window().setSize(new Dimension(width + dw, height + dh));
            }
        }
    }

    /** Saves what the window shows as a PNG and returns the file. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (up to {@link #WAIT}) until {@code condition} holds; fails naming {@code what}. */
    public void waitUntil(String what, BooleanSupplier condition) {
        try {
            new WebDriverWait(driver, WAIT).until(d -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out after " + WAIT.toSeconds() + " s waiting for " + what, e);
        }
    }

    /**
     * Waits until the browser's events so far have reached this side: it logs a
     * marker and waits for the marker to come back over BiDi.
     */
    private void settle() {
        var mark = new Mark("chromium-harness-mark-" + MARKS.incrementAndGet(), new CountDownLatch(1));
        marks.add(mark);
        try {
            script("console.debug(arguments[0])", mark.text());
            if (!mark.seen().await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The browser's log did not answer within " + WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the browser's log", e);
        } finally {
            marks.remove(mark);
        }
    }

    /** Quits the browser, stops the driver and ends any process still using this profile. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Exception quitProblem = null;
        for (AutoCloseable step : List.<AutoCloseable>of(log::close, network::close, driver::quit, service::stop)) {
            try {
                step.close();
            } catch (Exception e) {
                quitProblem = quitProblem == null ? e : quitProblem;
            }
        }
        endLeftovers();
        deleteProfile();
        if (!processes().isEmpty()) {
            throw new IllegalStateException("Chromium processes outlived close(): " + processes(), quitProblem);
        }
    }

    /** Chromium processes started for this profile (and so by this harness) that are still alive. */
    public List<ProcessHandle> processes() {
        String marker = "--user-data-dir=" + profile;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    private void endLeftovers() {
        List<ProcessHandle> left = processes();
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already reported by the next check, if it still lives
            }
        }
    }

    private void deleteProfile() {
        if (profile == null || !Files.exists(profile)) {
            return;
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is harmless
        }
    }

    private static String where(StackTrace trace) {
        if (trace == null || trace.getCallFrames() == null || trace.getCallFrames().isEmpty()) {
            return "";
        }
        var frame = trace.getCallFrames().get(0);
        return " (" + frame.getUrl() + ":" + (frame.getLineNumber() + 1) + ")";
    }
}
