package builder;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A running script's output, copied byte for byte to its files while the moment of each line
 * is noted: {@code lines.jsonl} gets {@code {"t": epoch µs, "k": "START" | "OUT" | "ERR", "s": line}}
 * per line, the start first. The replay player prints the output as it was printed.
 */
final class LineTimes {
    private final Path file;
    private final Path stdout;
    private final Path stderr;
    private final Writer writer;
    private final List<Thread> readers = new ArrayList<>();

    LineTimes(Path file, Path stdout, Path stderr) throws IOException {
        this.file = file;
        this.stdout = stdout;
        this.stderr = stderr;
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        line("START", "");
    }

    /** Starts one reader per stream. */
    void read(Process process) {
        readers.add(reader(process.getInputStream(), stdout, "OUT"));
        readers.add(reader(process.getErrorStream(), stderr, "ERR"));
    }

    /** Waits (bounded) for both streams to end, then closes the file. */
    void finish() throws InterruptedException {
        for (Thread reader : readers) {
            reader.join(10_000);
        }
        synchronized (this) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    private Thread reader(InputStream in, Path to, String kind) {
        Thread thread = new Thread(() -> copy(in, to, kind), "output-" + kind.toLowerCase());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void copy(InputStream in, Path to, String kind) {
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in; OutputStream out = Files.newOutputStream(to)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line(kind, current.toString(StandardCharsets.UTF_8));
                        current.reset();
                    } else if (buffer[i] != '\r') {
                        current.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the process was ended: what was read is kept
        }
        if (current.size() > 0) {
            line(kind, current.toString(StandardCharsets.UTF_8));
        }
    }

    private synchronized void line(String kind, String text) {
        Instant now = Instant.now();
        JsonObject line = new JsonObject();
        line.addProperty("t", now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
        line.addProperty("k", kind);
        line.addProperty("s", text);
        try {
            writer.write(line + "\n");
        } catch (IOException e) {
            // the file is closed: the run ended past its readers' wait
        }
    }
}
