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

    private Ran runWithInput(Path launcher, String input, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/bin/bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("BOOK_BOOTSTRAP_JBANG", "1");
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (!process.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
            Processes.endTree(process);
            throw new AssertionError("the launcher did not finish within 3 min");
        }
        return new Ran(process.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void aRepeatedAliasReusesJbangsAnswerUntilANotebookFileChanges() throws Exception {
        Path fixture = dir.resolve("book");
        String body = """
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
                System.out.println("%s args=" + Arrays.toString(args) + " stdin=" + line + " fast=" + System.getProperty("book.fast"));
                System.exit(args.length + 3);
                """;
        FixtureBook.create(fixture).chapter("echo", "= Echo\n")
                .script("echo", "Echo.java", FixtureBook.java("Echo", body.formatted("first")), "echo-back");
        Path launcher = fixture.resolve("jbang");

        Ran first = runWithInput(launcher, "one line\n", "echo-back", "two words", "$HOME");
        assertEquals(5, first.exit(), first.stderr());
        assertEquals("first args=[two words, $HOME] stdin=one line fast=null\n", first.stdout());
        Path kept;
        try (var files = Files.list(fixture.resolve(".book-cache"))) {
            kept = files.filter(f -> f.getFileName().toString().startsWith("launch-echo-back-")).findFirst().orElseThrow();
        }
        // Mark the kept answer, so that a run which reuses it says so.
        String cmd = Files.readString(kept);
        Files.writeString(kept, cmd.replaceFirst(" ", " -Dbook.fast=yes "));

        Ran again = runWithInput(launcher, "another\n", "echo-back", "a'quote");
        assertEquals(4, again.exit(), again.stderr());
        assertEquals("first args=[a'quote] stdin=another fast=yes\n", again.stdout(), "the kept answer, with these arguments and input");

        Path script = fixture.resolve("notebooks/echo/Echo.java");
        Files.writeString(script, FixtureBook.java("Echo", body.formatted("edited")));
        Files.setLastModifiedTime(script, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Ran edited = runWithInput(launcher, "", "echo-back");
        assertEquals(3, edited.exit(), edited.stderr());
        assertEquals("edited args=[] stdin=null fast=null\n", edited.stdout(), "an edited script: JBang is asked again");
    }
}
