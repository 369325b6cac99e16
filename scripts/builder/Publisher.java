package builder;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The publish stage: pages are written into a fresh folder beside the site,
 * which replaces the site in one step at the end. A build that fails never
 * touches the published site.
 */
public final class Publisher {
    private final Path out;
    private final Path staging;

    private Publisher(Path out, Path staging) {
        this.out = out;
        this.staging = staging;
    }

    /** A staging folder next to {@code out}; with {@code keepExisting}, it starts as a copy of the current site. */
    public static Publisher stage(Path out, boolean keepExisting) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = parent.resolve("." + out.getFileName() + ".staging-" + UUID.randomUUID());
        Files.createDirectories(staging);
        if (keepExisting && Files.isDirectory(out)) {
            try (Stream<Path> files = Files.walk(out)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path copy = staging.resolve(out.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return new Publisher(out, staging);
    }

    public Path dir() {
        return staging;
    }

    /** Swaps the staged site in for the published one. */
    public void publish() throws IOException {
        Path old = out.resolveSibling("." + out.getFileName() + ".old-" + UUID.randomUUID());
        if (Files.exists(out)) {
            move(out, old);
        }
        move(staging, out);
        ResultStore.deleteTree(old);
    }

    /** Throws the staged pages away; the published site stays as it was. */
    public void discard() {
        try {
            ResultStore.deleteTree(staging);
        } catch (IOException ignored) {
            // a leftover staging folder is hidden and harmless; the next build makes a new one
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
