package check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import builder.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's fast path for {@code ./jbang site}: the java command JBang
 * printed for the builder is kept and reused, with the reader's arguments,
 * until a builder file, the catalog or the launcher changes.
 */
class SiteLaunchCacheTest {
    @TempDir
    Path dir;

    private record Ran(int exit, String stdout, String stderr) {
    }

    private Ran site(Path book, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash", book.resolve("jbang").toString(), "site"));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Processes.Finished finished = Processes.run(command, book, Map.of("JBANG_CACHE_DIR", dir.resolve("jbang-cache").toString()),
                out, err, Duration.ofMinutes(5));
        return new Ran(finished.exit(), Files.readString(out), Files.readString(err));
    }

    /** Where ./jbang keeps JBang's answer for the JDK this test's environment offers (JAVA_HOME and the java on PATH). */
    static Path savedCommand(Path book) throws Exception {
        Process id = new ProcessBuilder("/bin/sh", "-c",
                "printf '%s' \"${JAVA_HOME:-}:$(command -v java)\" | cksum | cut -d' ' -f1").start();
        String jdk = new String(id.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, id.waitFor());
        return book.resolve(".book-cache/launch-site-" + jdk + ".cmd");
    }

    @Test
    void reusesJBangsCommandUntilTheBuilderChanges() throws Exception {
        Path book = dir.resolve("book");
        TinyBook.create(book).alias("site", "scripts/Site.java");
        builder.FixtureBook.copyTree(TinyBook.BOOK.resolve("scripts"), book.resolve("scripts"));
        Path saved = savedCommand(book);

        Ran first = site(book);
        assertEquals(0, first.exit(), first.stderr());
        assertTrue(first.stdout().contains("Built 2 page(s)"), first.stdout());
        String command = Files.readString(saved);
        assertTrue(command.strip().endsWith(" Site"), "kept without the reader's arguments: " + command);

        // Stand in for the builder with a command that shows it was used, and with which arguments.
        Files.writeString(saved, "/bin/echo cached -classpath /bin/sh:x Site\n");
        Ran cached = site(book, "--only", "two words");
        assertEquals(0, cached.exit(), cached.stderr());
        assertEquals("cached -classpath /bin/sh:x Site --only two words\n", cached.stdout());

        // A builder file newer than the kept command: JBang is asked again, and its answer kept.
        Files.setLastModifiedTime(book.resolve("scripts/builder/Block.java"), FileTime.from(Instant.now().plusSeconds(5)));
        Ran again = site(book, "--help");
        assertEquals(0, again.exit(), again.stderr());
        assertTrue(again.stdout().contains("Usage: site"), again.stdout());
        assertNotEquals("/bin/echo cached -classpath /bin/sh:x Site\n", Files.readString(saved));
    }

    @Test
    void aKeptCommandWhoseJarIsGoneIsNotUsed() throws Exception {
        Path book = dir.resolve("book");
        TinyBook.create(book).alias("site", "scripts/Site.java");
        builder.FixtureBook.copyTree(TinyBook.BOOK.resolve("scripts"), book.resolve("scripts"));
        Path saved = savedCommand(book);
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, "/bin/echo stale -classpath /nonexistent/Site.jar:x Site\n");
        Files.setLastModifiedTime(saved, FileTime.from(Instant.now().plusSeconds(5)));
        Ran ran = site(book, "--help");
        assertEquals(0, ran.exit(), ran.stderr());
        assertTrue(ran.stdout().contains("Usage: site"), ran.stdout());
    }
}
