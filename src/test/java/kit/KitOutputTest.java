package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kit hands to the book when a build runs a script: a child JVM with BOOK_OUTPUT_DIR set,
 * as the builder starts it, publishes figures, writes a file and checks claims.
 */
class KitOutputTest {

    /** The script side: publishes two figures, writes a file, checks a claim that holds and, with "fail", one that does not. */
    public static final class Demo {
        public static void main(String[] args) throws Exception {
            Figures.publish("frame-bytes", 16);
            Figures.publish("requests", "1,234");
            Files.writeString(Figures.file("picture.svg"), "<svg/>", StandardCharsets.UTF_8);
            Claims.check("sixteen is more than twelve", 16 > 12, "16 against 12");
            if (args.length > 0) Claims.check("twelve is more than sixteen", 12 > 16, "12\tagainst\n16");
            System.out.println("done");
        }
    }

    private record Run(int exit, String stdout, String stderr) {}

    private static Run run(Path out, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Demo.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("BOOK_OUTPUT_DIR", out.toString());
        Path stdout = out.resolveSibling(out.getFileName() + ".out"), stderr = out.resolveSibling(out.getFileName() + ".err");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        } finally {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    private static int lineOf(String text) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("book.root", "."), "src/test/java/kit/KitOutputTest.java"));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text);
    }

    @Test
    void figuresFilesAndClaimsGoToTheOutputFolder(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Run run = run(out);
        assertEquals(0, run.exit, run.stderr);
        assertEquals("frame-bytes=16\nrequests=1,234\n", Files.readString(out.resolve("figures.properties")));
        assertEquals("<svg/>", Files.readString(out.resolve("picture.svg")));
        assertEquals("holds\tKitOutputTest.java:" + lineOf("\"sixteen is more than twelve\"") + "\tsixteen is more than twelve\t16 against 12\n",
                Files.readString(out.resolve("claims.tsv")));
        assertEquals("done\n", run.stdout, "in a build, the kit prints nothing of its own");
    }

    @Test
    void aFailedClaimIsRecordedSaidOnStderrAndEndsTheRunWith70(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Run run = run(out, "fail");
        assertEquals(Claims.FAILED, run.exit);
        int line = lineOf("\"twelve is more than sixteen\"");
        List<String> claims = Files.readAllLines(out.resolve("claims.tsv"));
        assertEquals("failed\tKitOutputTest.java:" + line + "\ttwelve is more than sixteen\t12 against 16", claims.get(1));
        assertEquals("claim failed: twelve is more than sixteen (KitOutputTest.java:" + line + ")\n  observed: 12 against 16\n", run.stderr);
        assertFalse(run.stdout.contains("done"), "nothing runs after a failed claim");
    }
}
