package builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./jbang launcher as a reader uses it. */
class LauncherTest {
    private static final Path LAUNCHER = FixtureBook.BOOK.resolve("jbang");

    @TempDir
    Path dir;

    private record Ran(int exit, String stdout, String stderr) {
    }

    private Ran run(Path launcher, Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/bin/bash", launcher.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Processes.Finished finished = Processes.run(command, cwd, env, out, err, java.time.Duration.ofMinutes(3));
        return new Ran(finished.exit(), Files.readString(out), Files.readString(err));
    }

    @Test
    void runsACatalogAliasFromOutsideTheBookAndPassesArgumentsUntouched() throws Exception {
        Path fixture = dir.resolve("book");
        FixtureBook.create(fixture).chapter("args", "= Args\n")
                .script("args", "Args.java", FixtureBook.java("Args",
                        "for (String a : args) System.out.println(\"[\" + a + \"]\");"), "show-args");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Ran ran = run(fixture.resolve("jbang"), elsewhere, Map.of(), "show-args", "two words", "--flag", "$HOME", "a'quote");
        assertEquals(0, ran.exit(), ran.stderr());
        assertEquals("[two words]\n[--flag]\n[$HOME]\n[a'quote]\n", ran.stdout());
    }

    @Test
    void saysInOneLineThatJavaIsMissing() throws Exception {
        Ran ran = run(LAUNCHER, dir, Map.of("PATH", "/nonexistent", "BOOK_BOOTSTRAP_JBANG", "1"), "version");
        assertEquals(127, ran.exit());
        assertTrue(ran.stderr().strip().startsWith("./jbang: java is missing"), ran.stderr());
        assertEquals(1, ran.stderr().strip().lines().count(), ran.stderr());
    }
}
