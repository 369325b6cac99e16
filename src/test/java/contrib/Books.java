package contrib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Books in temporary folders: a copy of the real one's skeleton, or a small one, and snapshots of their files. */
final class Books {
    /** The real book (the checkout the tests run in). It is only ever read. */
    static final Path BOOK = Path.of(System.getProperty("book.root", ".")).toAbsolutePath().normalize();

    private Books() {
    }

    /**
     * What a fresh clone has: the launcher, the catalog, every notebook and the
     * builder (no site, no cache). Nothing of the real book is moved or removed.
     */
    static Path skeletonCopy(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(BOOK.resolve("jbang"), dir.resolve("jbang"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(BOOK.resolve("jbang-catalog.json"), dir.resolve("jbang-catalog.json"));
        for (String folder : List.of("notebooks", "scripts")) {
            copyTree(BOOK.resolve(folder), dir.resolve(folder));
        }
        return dir;
    }

    /** A book with no chapter yet: catalog, nav list, front page. */
    static Path empty(Path dir, String catalog) throws IOException {
        Files.createDirectories(dir.resolve("notebooks"));
        Files.copy(BOOK.resolve("jbang"), dir.resolve("jbang"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(dir.resolve("jbang-catalog.json"), catalog);
        Files.writeString(dir.resolve("notebooks/nav.txt"), "# chapters, in reading order\n");
        Files.writeString(dir.resolve("notebooks/index.adoc"), "= A small book\n\nMade by a test.\n");
        copyTree(BOOK.resolve("notebooks/_kit"), dir.resolve("notebooks/_kit"));
        return dir;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Every file under a folder with its text: equal snapshots mean nothing was written. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                try {
                    files.put(dir.relativize(p).toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return files;
    }
}
