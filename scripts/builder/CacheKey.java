package builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The plan stage's identity of a run: a SHA-256 over the script, every file it
 * pulls in (transitively), its arguments, the JDK and the JBang version.
 * Same key, same output: the block is not run again.
 */
public final class CacheKey {
    private final MessageDigest digest;

    private CacheKey() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final java.util.Map<Path, String> ENVIRONMENTS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The key of a script's build: its files, JBang, and the environment it runs in
     * ({@link RunEnvironment#describe}: the JDK that runs it, its options and variables,
     * the builder's process-handling code).
     */
    public static String ofScript(Path root, List<Path> closure) {
        String environment = ENVIRONMENTS.computeIfAbsent(root, RunEnvironment::describe);
        CacheKey key = new CacheKey().add("script-v2").add(environment).add(jbangVersion());
        for (Path file : closure) {
            key.add(root.relativize(file).toString()).add(file);
        }
        return key.hex();
    }

    /**
     * The key of one run: the script's key, the arguments, and what of the block changes the run
     * itself: {@code exclusive} (a timing measured alone is not one measured under contention)
     * and the timeout (a run may only count where it had that long). What the chapter expects
     * of the run ({@code expect-exit}) is not in the key: it is checked on every build.
     */
    public static String ofRun(String scriptKey, Block block) {
        CacheKey key = new CacheKey().add("run-v2").add(scriptKey)
                .add("exclusive=" + block.exclusive()).add("timeout=" + block.timeout().toMillis());
        key.add("args=" + block.args().size());
        block.args().forEach(key::add);
        return key.hex();
    }

    /** The key of a whole set of files, for "nothing changed" checks. */
    public static String ofFiles(Path root, List<Path> files, List<String> extra) {
        CacheKey key = new CacheKey().add("manifest-v2").add(RunEnvironment.jdk() + " at " + RunEnvironment.javaHome())
                .add(jbangVersion());
        extra.forEach(key::add);
        for (Path file : files) {
            key.add(root.relativize(file).toString()).add(file);
        }
        return key.hex();
    }

    /** Set by ./jbang; "unknown" when the builder runs outside it (tests). */
    public static String jbangVersion() {
        String version = System.getenv("BOOK_JBANG_VERSION");
        return version == null ? "unknown" : version;
    }

    private CacheKey add(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
        return this;
    }

    private CacheKey add(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
