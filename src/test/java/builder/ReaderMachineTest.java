package builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's machine, as the README's commands meet it: no locale at all,
 * JVM options in the environment, a newer JDK. Each runs ./jbang site (the
 * real builder, compiled by JBang) and ./jbang on a demo alias, as processes.
 */
class ReaderMachineTest {
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir
    Path dir;

    record Ran(int exit, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    /** A book with the real builder in it and one chapter whose script and prose are not ASCII. */
    private FixtureBook book() throws IOException {
        FixtureBook book = FixtureBook.create(dir.resolve("book"))
                .chapter("words", "= Wörter\n\nThe script counts fig:words.count[] things, café-style.\n\njbang::Words.java[]\n")
                .script("words", "Words.java", FixtureBook.java("Words", """
                        System.out.println("café ✓ " + String.format("%,d", 1032));
                        System.out.println("language " + java.util.Locale.getDefault().getLanguage());
                        if (System.getenv("BOOK_OUTPUT_DIR") != null) {
                            Files.writeString(Path.of(System.getenv("BOOK_OUTPUT_DIR")).resolve("figures.properties"), "count=1032\\n");
                        }
                        """), "words");
        FixtureBook.copyTree(FixtureBook.BOOK.resolve("scripts"), book.file("scripts"));
        String catalog = book.read("jbang-catalog.json");
        book.write("jbang-catalog.json", catalog.replace("\"aliases\": {", "\"aliases\": {\n    \"site\": {\"script-ref\": \"scripts/Site.java\"},"));
        return book;
    }

    /** The shell's environment less the locale, with {@code changes} (a null value removes a variable). */
    private static Map<String, String> noLocale(Map<String, String> changes) {
        Map<String, String> env = new TreeMap<>(System.getenv());
        List.of("LANG", "LC_ALL", "LC_CTYPE", "LANGUAGE").forEach(env::remove);
        changes.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        return env;
    }

    private Ran jbang(Path root, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash", root.resolve("jbang").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Processes.Finished finished = Processes.runIn(env, command, root, out, err, Duration.ofMinutes(8));
        assertFalse(finished.timedOut(), "./jbang " + String.join(" ", args) + " ran past 8 min");
        return new Ran(finished.exit(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void noLocaleAndForeignJvmOptionsChangeNothingOnThePage() throws Exception {
        FixtureBook book = book();
        // A fresh JBang cache: JBang compiles the builder itself with no locale set (JDK 17 then reads US-ASCII).
        Map<String, String> env = noLocale(Map.of("JBANG_CACHE_DIR", dir.resolve("jbang-cache").toString(),
                "JAVA_TOOL_OPTIONS", "-Duser.language=de -Duser.country=DE"));
        Ran site = jbang(book.root(), env, "site");
        assertEquals(0, site.exit(), site.all());
        String page = book.read("site/words.html");
        assertTrue(page.contains("café ✓ 1,032"), page);
        assertTrue(page.contains("language en"), page);
        assertTrue(page.contains("<h1>Wörter</h1>") || page.contains("Wörter"), page);
        assertFalse(page.contains("Picked up"), "the builder's JVM options do not reach the scripts: " + page);

        // The reader's own run of the alias prints the same characters.
        Ran alias = jbang(book.root(), noLocale(Map.of()), "words");
        assertEquals(0, alias.exit(), alias.all());
        assertTrue(alias.stdout().startsWith("café ✓ 1,032\n"), alias.stdout());

        // A broken chapter: every problem, each with file:line, in the builder's format only, and the old site stays.
        String before = book.read("site/words.html");
        book.write("notebooks/words/chapter.adoc",
                "= Wörter\n\nThe script counts fig:words.cont[] things.\n\nIt says {undefined-attr}.\n\njbang::Words.java[]\n");
        Ran broken = jbang(book.root(), noLocale(Map.of()), "site");
        assertEquals(1, broken.exit(), broken.all());
        assertTrue(broken.stderr().contains("notebooks/words/chapter.adoc:3: unknown figure fig:words.cont[]"), broken.stderr());
        assertTrue(broken.stderr().contains(
                "notebooks/words/chapter.adoc:5: Asciidoctor warn: skipping reference to missing attribute: undefined-attr"), broken.stderr());
        assertTrue(broken.stderr().contains("Build failed (2 problems). The previous site/ is untouched."), broken.stderr());
        for (String noise : List.of("SEVERE", "WARNING", "uri:classloader", "\tat ")) {
            assertFalse(broken.all().contains(noise), "no logger line or stack trace (" + noise + "): " + broken.all());
        }
        assertEquals(before, book.read("site/words.html"));
    }

    @Test
    void aNewerJdkRerunsWhatItMustAndPrintsNoWarning() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")),
                "skipped: no second JDK at " + JDK25 + " (the JDK 25 run needs one there)");
        FixtureBook book = book();
        Ran on17 = jbang(book.root(), System.getenv(), "site");
        assertEquals(0, on17.exit(), on17.all());
        assertTrue(on17.stdout().contains("1 block(s) run, 0 cached"), on17.stdout());

        Map<String, String> env25 = new TreeMap<>(System.getenv());
        env25.put("JAVA_HOME", JDK25.toString());
        env25.put("PATH", JDK25.resolve("bin") + ":" + System.getenv("PATH"));
        Ran on25 = jbang(book.root(), env25, "site");
        assertEquals(0, on25.exit(), on25.all());
        assertTrue(on25.stdout().contains("1 block(s) run, 0 cached"), "another JDK is another run: " + on25.stdout());
        assertFalse(on25.all().contains("WARNING:"), on25.all());
        assertTrue(book.read("site/words.html").contains("captured: JDK Eclipse Adoptium 25."), book.read("site/words.html"));

        Ran again = jbang(book.root(), env25, "site");
        assertTrue(again.stdout().startsWith("Nothing changed"), again.stdout());
        Ran back = jbang(book.root(), System.getenv(), "site");
        assertTrue(back.stdout().contains("0 block(s) run, 1 cached"), "the JDK 17 result is still there: " + back.stdout());
    }

    /**
     * The real book on the second JDK: one chapter (State, whose figures are all its own) built into a folder of the test's own, with
     * a cache of its own, and a few demos run the way a reader types them.
     */
    @Test
    void aChapterOfTheBookAndDemosRunQuietlyOnJdk25() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")),
                "skipped: no second JDK at " + JDK25 + " (the JDK 25 run needs one there)");
        Map<String, String> env25 = new TreeMap<>(System.getenv());
        env25.put("JAVA_HOME", JDK25.toString());
        env25.put("PATH", JDK25.resolve("bin") + ":" + System.getenv("PATH"));
        env25.put("BOOK_CACHE_DIR", dir.resolve("cache").toString());
        Path root = FixtureBook.BOOK;
        Ran site = jbang(root, env25, "site", "--only", "state", "--out", dir.resolve("site").toString());
        assertEquals(0, site.exit(), site.all());
        assertTrue(site.stdout().matches("(?s).*Built 1 page\\(s\\) into .*: [1-9]\\d* block\\(s\\) run, 0 cached, 0 failed.*"), site.stdout());
        assertFalse(site.all().contains("WARNING:"), site.all());
        assertTrue(Files.readString(dir.resolve("site/state.html")).contains("captured: JDK Eclipse Adoptium 25."));
        for (String alias : List.of("hello", "handshake")) {
            Ran demo = jbang(root, env25, alias);
            assertEquals(0, demo.exit(), alias + ": " + demo.all());
            assertFalse(demo.stdout().isBlank(), alias + " printed nothing");
            assertFalse(demo.all().contains("WARNING:"), alias + ": " + demo.all());
        }
    }

}
