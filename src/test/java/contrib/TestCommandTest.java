package contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import builder.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/test on a machine that lacks a package, run by a user who is not root
 * and has no password-less sudo: one line saying what to install and how,
 * a non-zero exit, and no install attempted.
 */
class TestCommandTest {
    @TempDir
    Path dir;

    private Path tool(Path bin, String name, String script) throws Exception {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void withoutRootOrSudoItSaysWhatToInstallInOneLine() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // What the script needs from PATH, less asciidoctor; `id` says "not root"; sudo asks for a password.
        for (String name : List.of("bash", "env", "dirname", "java", "mvn", "dpkg-query", "grep", "pdftotext")) {
            for (String place : List.of("/usr/bin/", "/bin/", "/usr/local/bin/")) {
                Path real = Path.of(place + name);
                if (Files.isExecutable(real) && !Files.exists(bin.resolve(name))) {
                    tool(bin, name, "exec '" + real.toRealPath() + "' \"$@\"");
                }
            }
        }
        Path sudoCalls = dir.resolve("sudo-calls.txt");
        tool(bin, "id", "echo 1000");
        tool(bin, "sudo", "echo \"$*\" >> '" + sudoCalls + "'; exit 1");
        tool(bin, "apt-get", "echo apt-get \"$*\" >> '" + sudoCalls + "'; exit 1");

        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Map<String, String> env = Map.of("PATH", bin.toString(), "HOME", dir.toString());
        Processes.Finished finished = Processes.runIn(env, List.of(bin.resolve("bash").toString(),
                        Books.BOOK.resolve("scripts/test").toString()), Books.BOOK, out, err, Duration.ofMinutes(1));

        String said = Files.readString(err);
        assertEquals(1, finished.exit(), said + Files.readString(out));
        assertEquals(List.of("scripts/test: missing asciidoctor; install them as root "
                + "(apt-get install --no-install-recommends asciidoctor), then run scripts/test again"), said.lines().toList());
        assertEquals("", Files.readString(out));
        String calls = Files.exists(sudoCalls) ? Files.readString(sudoCalls) : "";
        assertFalse(calls.contains("apt-get"), "no install was tried: " + calls);
    }
}
