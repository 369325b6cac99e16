package builder;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the book's root: $BOOK_ROOT (set by ./jbang), or the nearest folder up that holds jbang-catalog.json and notebooks/. */
public final class BookRoot {
    private BookRoot() {
    }

    public static Path find() {
        String env = System.getenv("BOOK_ROOT");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("jbang-catalog.json")) && Files.isDirectory(dir.resolve("notebooks"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the book: no folder above holds jbang-catalog.json and notebooks/");
    }
}
