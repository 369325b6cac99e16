package serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running script's {@code timeline.jsonl} (kit.Timeline writes it in BOOK_OUTPUT_DIR as the
 * run goes), followed as it grows: each complete line that is a JSON object goes to the
 * consumer, at most {@link #MAX_EVENTS} of them and {@link #MAX_TOTAL} bytes in all, lines
 * longer than {@link #MAX_LINE} skipped.
 * It wakes when the folder changes (a WatchService), and after {@link #finish()} reads what is
 * left once more and returns.
 */
final class TimelineFollower implements Runnable {
    /** More than kit.Timeline keeps (its taps' events, its figures and its last line). */
    static final int MAX_EVENTS = 500;
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_TOTAL = 1024 * 1024;

    private final Path file;
    private final Consumer<JsonObject> to;
    private volatile boolean finishing;
    private long offset;
    private int sent;
    private long sentBytes;
    private boolean skipping;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    TimelineFollower(Path file, Consumer<JsonObject> to) {
        this.file = file;
        this.to = to;
    }

    /** The run is over: read what is left, then return. */
    void finish() {
        finishing = true;
    }

    @Override
    public void run() {
        try (WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (!finishing) {
                var key = watch.poll(100, TimeUnit.MILLISECONDS); // woken by a write; the bound notices finish()
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
                drain();
            }
        } catch (IOException | ClosedWatchServiceException e) {
            // the folder went away: the run is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }

    private void drain() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            int n;
            while ((n = channel.read(buffer, offset)) > 0) {
                offset += n;
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        line();
                    } else if (!skipping) {
                        pending.write(b);
                        if (pending.size() > MAX_LINE) {
                            skipping = true;
                            pending.reset();
                        }
                    }
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // deleted under the reader: what was read is sent
        }
    }

    private void line() {
        String text = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        boolean skipped = skipping;
        skipping = false;
        if (skipped || text.isBlank() || sent >= MAX_EVENTS || sentBytes + text.length() > MAX_TOTAL) {
            return;
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            return; // not a timeline line
        }
        if (parsed.isJsonObject()) {
            JsonObject event = parsed.getAsJsonObject();
            boolean timed = event.has("t") && event.has("k") && event.get("t").isJsonPrimitive()
                    && event.getAsJsonPrimitive("t").isNumber();
            if (timed || event.has("omitted")) {
                sent++;
                sentBytes += text.length();
                to.accept(event);
            }
        }
    }
}
