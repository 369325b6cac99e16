package builder;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The execution cache, {@code .book-cache/} at the book's root (gitignored,
 * outside {@code site/}). One folder per run key:
 * {@code result.json}, {@code stdout.txt}, {@code stderr.txt} and {@code out/}
 * (the figures and files the script wrote).
 */
public final class ResultStore {
    private static final Gson GSON = new Gson();
    private final Path dir;

    public ResultStore(Path cacheDir) {
        this.dir = cacheDir;
    }

    public Path dir() {
        return dir;
    }

    /** A fresh, empty folder for a run to write into; becomes the result's folder once stored. */
    public Path newWorkDir() throws IOException {
        Path work = dir.resolve("work").resolve(UUID.randomUUID().toString());
        Files.createDirectories(work.resolve("out"));
        return work;
    }

    public Optional<RunResult> find(String key) {
        Path run = dir.resolve("runs").resolve(key);
        Path json = run.resolve("result.json");
        if (!Files.isRegularFile(json)) {
            return Optional.empty();
        }
        try {
            JsonObject meta = GSON.fromJson(Files.readString(json), JsonObject.class);
            Path out = run.resolve("out");
            return Optional.of(new RunResult(key, meta.get("exit").getAsInt(), meta.get("timedOut").getAsBoolean(),
                    meta.get("millis").getAsLong(), text(run.resolve("stdout.txt")),
                    text(run.resolve("stderr.txt")), figures(out), files(out), out, true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged entry is simply run again
        }
    }

    /** A script's output as text: UTF-8, with U+FFFD for bytes that are not (a script may write anything). */
    static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Moves a finished run's work folder into the cache under its key. */
    public RunResult store(Path work, String key, int exit, boolean timedOut, long millis) throws IOException {
        return store(work, key, exit, timedOut, millis, "");
    }

    /** As above, with where it ran ({@link RunEnvironment#machine}), shown on its page. */
    public RunResult store(Path work, String key, int exit, boolean timedOut, long millis, String machine) throws IOException {
        JsonObject meta = new JsonObject();
        meta.addProperty("exit", exit);
        meta.addProperty("timedOut", timedOut);
        meta.addProperty("millis", millis);
        meta.addProperty("machine", machine);
        Files.writeString(work.resolve("result.json"), GSON.toJson(meta));
        Path run = dir.resolve("runs").resolve(key);
        Files.createDirectories(run.getParent());
        deleteTree(run);
        try {
            Files.move(work, run, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(work, run);
        }
        return find(key).map(r -> new RunResult(r.key(), r.exit(), r.timedOut(), r.millis(), r.stdout(), r.stderr(),
                r.figures(), r.files(), r.outDir(), false, r.claims())).orElseThrow();
    }

    /** Where a stored result ran ("" when its entry does not say). */
    public static String machine(RunResult result) {
        try {
            JsonObject meta = GSON.fromJson(Files.readString(result.outDir().getParent().resolve("result.json")), JsonObject.class);
            return meta.has("machine") ? meta.get("machine").getAsString() : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Forgets a run, so that the next build runs it again (used for unexpected failures). */
    public void forget(String key) throws IOException {
        deleteTree(dir.resolve("runs").resolve(key));
    }

    static Map<String, String> figures(Path out) throws IOException {
        Map<String, String> figures = new LinkedHashMap<>();
        Path file = out.resolve("figures.properties");
        if (Files.isRegularFile(file)) {
            for (String line : text(file).lines().toList()) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    figures.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        }
        return figures;
    }

    /**
     * The claims a run checked, from {@code claims.tsv} ({@code holds|failed TAB File.java:line TAB claim
     * TAB observed}, written by kit.Claims): each claim once (a claim checked in a loop is listed at its
     * last check), in the order first checked; a failed check of a claim wins over its holding ones.
     * A line that is not in that form is a failed claim too: the file is the kit's, and a damaged one
     * must not pass for an empty one.
     */
    static List<RunResult.Claim> claims(Path out) {
        Path file = out == null ? null : out.resolve("claims.tsv");
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, RunResult.Claim> claims = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            RunResult.Claim claim = f.length >= 3 && (f[0].equals("holds") || f[0].equals("failed"))
                    ? new RunResult.Claim(f[0].equals("holds"), f[1], f[2], f.length > 3 ? f[3] : "")
                    : new RunResult.Claim(false, "claims.tsv", "a line of claims.tsv the kit did not write: " + line.strip(), "");
            RunResult.Claim before = claims.get(claim.where() + "\t" + claim.text());
            if (before == null || before.holds()) {
                claims.put(claim.where() + "\t" + claim.text(), claim);
            }
        }
        return List.copyOf(claims.values());
    }

    static List<String> files(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(out)) {
            List<String> names = new ArrayList<>(files.filter(Files::isRegularFile)
                    .map(p -> out.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> !n.equals("figures.properties") && !n.equals("claims.tsv") && !n.equals("timeline.jsonl")).sorted().toList());
            return List.copyOf(names);
        }
    }

    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
