package builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline end to end on small fixture books: real scripts, real JBang, real AsciidoctorJ. */
class BuildTest {
    private static Renderer renderer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRenderer() {
        renderer = new Renderer();
    }

    @AfterAll
    static void stopRenderer() {
        renderer.close();
    }

    private Build.Summary build(FixtureBook book) throws Exception {
        return new Build(book.options(), renderer).run();
    }

    private Build.Summary build(Build.Options options) throws Exception {
        return new Build(options, renderer).run();
    }

    private BuildFailure fails(FixtureBook book) {
        return assertThrows(BuildFailure.class, () -> build(book));
    }

    private static String messages(BuildFailure failure) {
        return String.join("\n", failure.errors().stream().map(BuildError::format).toList());
    }

    private FixtureBook greeting() throws Exception {
        return FixtureBook.create(dir)
                .chapter("greet", """
                        = Greeting

                        The greeting has fig:greet.letters[] letters.

                        jbang::Greet.java[args="world 'big one'", tags="say"]
                        <1> the line the prose explains
                        """)
                .script("greet", "Greet.java", FixtureBook.java("Greet", """
                        // tag::say[]
                        String text = "hello " + String.join(" ", args); // <1>
                        System.out.println(text);
                        // end::say[]
                        System.err.println("a note on <stderr>");
                        Path out = Path.of(System.getenv("BOOK_OUTPUT_DIR"));
                        Files.writeString(out.resolve("figures.properties"), "letters=" + text.length() + "\\n");
                        Files.writeString(out.resolve("picture.svg"), "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'><rect id='r' width='4' height='4'/></svg>");
                        """), "greet");
    }

    @Test
    void capturesOutputFiguresAndFilesBesideTheTaggedSource() throws Exception {
        FixtureBook book = greeting();
        Build.Summary summary = build(book);

        assertEquals(1, summary.ran());
        String page = book.read("site/greet.html");
        assertTrue(page.contains("<pre class=\"jbang-stdout\">hello world big one</pre>"), page);
        assertTrue(page.contains("<pre class=\"jbang-stderr\">a note on &lt;stderr&gt;</pre>"), page);
        assertTrue(page.contains("$ ./jbang greet world &#39;big one&#39;"), "the command a reader types");
        assertTrue(page.contains("data-exit=\"0\""));
        assertTrue(page.contains("<b class=\"conum\">(1)</b>"), "callouts work in tagged regions");
        assertFalse(page.contains("System.err"), "only the tagged region is shown");
        assertFalse(page.contains("//DESCRIPTION"), "the JBang header is not shown");
        assertTrue(page.contains("<span class=\"figure-value\">19</span>"), "prose quotes the published figure");
        assertTrue(page.contains("id='run-greet-1-r'"), "the SVG is inlined with ids made unique");
        assertTrue(Files.isRegularFile(book.file("site/index.html")));
    }

    @Test
    void secondBuildWithNoChangeRunsNothingAndSaysSo() throws Exception {
        FixtureBook book = greeting();
        build(book);
        Build.Summary again = build(book);
        assertTrue(again.upToDate());
        assertEquals(1, again.cached());
        assertEquals(0, again.ran());
    }

    @Test
    void editingASourcedFileRerunsTheBlockButAProseEditDoesNot() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .write("notebooks/_lib/Words.java", "package lib;\npublic class Words { public static String word() { return \"first\"; } }\n")
                .chapter("words", "= Words\n\njbang::Say.java[]\n")
                .script("words", "Say.java", FixtureBook.java("Say", "System.out.println(lib.Words.word());")
                        .replace("//JAVA 17+", "//JAVA 17+\n//SOURCES ../_lib/*.java"), "say");
        assertEquals(1, build(book).ran());

        book.write("notebooks/words/chapter.adoc", "= Words\n\nNew prose.\n\njbang::Say.java[]\n");
        Build.Summary proseEdit = build(book);
        assertEquals(0, proseEdit.ran(), "a prose edit re-renders only");
        assertTrue(book.read("site/words.html").contains("New prose."));

        book.write("notebooks/_lib/Words.java", "package lib;\npublic class Words { public static String word() { return \"second\"; } }\n");
        Build.Summary sourceEdit = build(book);
        assertEquals(1, sourceEdit.ran(), "a change in a //SOURCES file re-runs the block");
        assertTrue(book.read("site/words.html").contains(">second</pre>"));
    }

    @Test
    void aFailingScriptFailsTheBuildWithFileLineExitAndStderr() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .chapter("bad", "= Bad\n\nSome text.\n\njbang::Fails.java[]\n")
                .script("bad", "Fails.java", FixtureBook.java("Fails",
                        "System.err.println(\"connection refused by 127.0.0.1\");\nSystem.exit(3);"), "fails");
        String message = messages(fails(book));
        assertTrue(message.contains("notebooks/bad/chapter.adoc:5: Fails.java exited with 3 (expected 0)"), message);
        assertTrue(message.contains("connection refused by 127.0.0.1"), message);
    }

    @Test
    void anIntendedFailureIsShownInline() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .chapter("bad", "= Bad\n\njbang::Fails.java[expect-exit=2]\n")
                .script("bad", "Fails.java", FixtureBook.java("Fails",
                        "System.out.println(\"refused, as it should be\");\nSystem.exit(2);"), "fails");
        build(book);
        assertTrue(book.read("site/bad.html").contains("data-exit=\"2\""));
    }

    @Test
    void aHangingScriptIsKilledAtItsTimeoutAndTheBuildSaysWhereItWaited() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        FixtureBook book = FixtureBook.create(dir)
                .chapter("hang", "= Hang\n\njbang::Hangs.java[args=\"" + marker + "\", timeout=2s]\n")
                .script("hang", "Hangs.java", FixtureBook.java("Hangs", """
                        System.out.println("waiting for the server's reply");
                        System.out.flush();
                        new CountDownLatch(1).await();
                        """), "hangs");
        String message = messages(fails(book));
        assertTrue(message.contains("Hangs.java ran past its timeout of 2 s"), message);
        assertTrue(message.contains("waiting for the server's reply"), message);
        assertEquals(List.of(), processesWith(marker), "the script's process is gone");
    }

    @Test
    void aChildProcessLeftBehindIsKilled() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        FixtureBook book = FixtureBook.create(dir)
                .chapter("orphan", "= Orphan\n\njbang::Leaves.java[]\n")
                .script("orphan", "Leaves.java", FixtureBook.java("Leaves", """
                        new ProcessBuilder("sh", "-c", "sleep 300; true", "%s").start();
                        System.out.println("started a child and left");
                        """.formatted(marker)), "leaves");
        long start = System.nanoTime();
        build(book);
        assertTrue((System.nanoTime() - start) / 1e9 < 60, "the build does not wait for the child");
        assertEquals(List.of(), processesWith(marker), "the child is gone");
    }

    @Test
    void aMissingScriptIsNamedWithItsNearestNeighbour() throws Exception {
        FixtureBook book = greeting();
        book.write("notebooks/greet/chapter.adoc", "= Greeting\n\njbang::Greeet.java[]\n");
        String message = messages(fails(book));
        assertTrue(message.contains("notebooks/greet/chapter.adoc:3: script Greeet.java does not exist"), message);
        assertTrue(message.contains("did you mean jbang::Greet.java[...]?"), message);
    }

    @Test
    void aCompileErrorPointsAtTheScriptLine() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .chapter("broken", "= Broken\n\njbang::Broken.java[]\n")
                .script("broken", "Broken.java", FixtureBook.java("Broken", "int answer = \"forty-two\";"), "broken");
        String message = messages(fails(book));
        assertTrue(message.contains("notebooks/broken/Broken.java:11: does not compile: incompatible types"), message);
    }

    @Test
    void anUnknownFigureFailsWithFileLineAndASuggestion() throws Exception {
        FixtureBook book = greeting();
        book.write("notebooks/index.adoc", "= Fixture book\n\nIt has fig:greet.leters[] letters.\n");
        String message = messages(fails(book));
        assertTrue(message.contains("notebooks/index.adoc:3: unknown figure fig:greet.leters[]"), message);
        assertTrue(message.contains("did you mean fig:greet.letters[]?"), message);
    }

    @Test
    void anAsciidoctorWarningFailsTheBuild() throws Exception {
        FixtureBook book = greeting();
        book.write("notebooks/index.adoc", "= Fixture book\n\ninclude::missing-part.adoc[]\n");
        String message = messages(fails(book));
        assertTrue(message.contains("notebooks/index.adoc:3: Asciidoctor"), message);
        assertTrue(message.contains("missing-part.adoc"), message);
    }

    @Test
    void aScriptWithoutAliasGetsTheJsonToAdd() throws Exception {
        FixtureBook book = FixtureBook.create(dir).chapter("loose", "= Loose\n\njbang::LooseEnd.java[]\n")
                .write("notebooks/loose/LooseEnd.java", FixtureBook.java("LooseEnd", "System.out.println(1);"));
        String message = messages(fails(book));
        assertTrue(message.contains("script LooseEnd.java has no alias in jbang-catalog.json"), message);
        assertTrue(message.contains("\"loose-end\": {\n      \"script-ref\": \"notebooks/loose/LooseEnd.java\""), message);
    }

    @Test
    void aFailedBuildKeepsTheOldSite() throws Exception {
        FixtureBook book = greeting();
        build(book);
        String before = book.read("site/greet.html");
        book.write("notebooks/greet/chapter.adoc", "= Greeting\n\nBroken {no-such-attribute} here.\n");
        fails(book);
        assertEquals(before, book.read("site/greet.html"));
        try (Stream<Path> leftovers = Files.list(dir)) {
            assertEquals(List.of(), leftovers.filter(p -> p.getFileName().toString().startsWith(".site")).toList(),
                    "no staging folder is left behind");
        }
    }

    @Test
    void pagesAreTheSameWhateverTheNumberOfJobs() throws Exception {
        FixtureBook book = FixtureBook.create(dir);
        StringBuilder chapter = new StringBuilder("= Many\n\n");
        for (int i = 1; i <= 4; i++) {
            book.script("many", "Count" + i + ".java", FixtureBook.java("Count" + i,
                    "for (int n = 1; n <= " + i + "; n++) System.out.println(\"line \" + n);"), "count" + i);
            chapter.append("jbang::Count").append(i).append(".java[]\n\n");
        }
        book.chapter("many", chapter.toString());
        build(book.options().withJobs(1).withFresh(true).withOut(dir.resolve("one")));
        build(book.options().withJobs(4).withFresh(true).withOut(dir.resolve("four")));
        for (String page : List.of("index.html", "many.html", "search-index.js")) {
            assertEquals(maskTimes(Files.readString(dir.resolve("one").resolve(page))),
                    maskTimes(Files.readString(dir.resolve("four").resolve(page))), page);
        }
    }

    // The cache (issue 21): a cached result meets each block's own expectations, and the key holds what changes a run.

    @Test
    void aCachedResultIsCheckedAgainstTheBlockOnEveryBuild() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .chapter("bad", "= Bad\n\njbang::Fails.java[expect-exit=2]\n")
                .script("bad", "Fails.java", FixtureBook.java("Fails",
                        "System.out.println(\"refused, as it should be\");\nSystem.exit(2);"), "fails");
        assertEquals(1, build(book).ran());
        book.write("notebooks/bad/chapter.adoc", "= Bad\n\nNow it should succeed.\n\njbang::Fails.java[]\n");
        String message = messages(fails(book));
        assertTrue(message.contains("notebooks/bad/chapter.adoc:5: Fails.java exited with 2 (expected 0)"), message);
    }

    @Test
    void blocksSharingARunAreEachChecked() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .chapter("bad", "= Bad\n\njbang::Fails.java[expect-exit=2]\n\nAgain, with no expectation:\n\njbang::Fails.java[]\n")
                .script("bad", "Fails.java", FixtureBook.java("Fails",
                        "System.out.println(\"refused\");\nSystem.exit(2);"), "fails");
        String message = messages(fails(book));
        assertTrue(message.contains("notebooks/bad/chapter.adoc:7: Fails.java exited with 2 (expected 0)"), message);
        assertFalse(message.contains("chapter.adoc:3:"), message);
    }

    @Test
    void exclusiveAndTimeoutArePartOfTheRun() throws Exception {
        FixtureBook book = greeting();
        assertEquals(1, build(book).ran());
        book.write("notebooks/greet/chapter.adoc", book.read("notebooks/greet/chapter.adoc")
                .replace("tags=\"say\"]", "tags=\"say\", exclusive]"));
        assertEquals(1, build(book).ran(), "measured alone is another run than measured alongside others");
        book.write("notebooks/greet/chapter.adoc", book.read("notebooks/greet/chapter.adoc")
                .replace("exclusive]", "exclusive, timeout=45s]"));
        assertEquals(1, build(book).ran(), "a run counts only for the time it was given");
        assertEquals(0, build(book).ran());
    }

    @Test
    void scriptsRunInADefinedEnvironmentOnTheBuildersJdk() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .chapter("env", "= Env\n\njbang::Env.java[]\n")
                .script("env", "Env.java", FixtureBook.java("Env", """
                        System.out.println(String.format("%,d", 1032) + " " + java.util.Locale.getDefault());
                        System.out.println("charset " + java.nio.charset.Charset.defaultCharset() + " tz " + java.util.TimeZone.getDefault().getID());
                        System.out.println("lc_all " + System.getenv("LC_ALL") + " tool-options " + System.getenv("JAVA_TOOL_OPTIONS"));
                        System.out.println("java.home " + System.getProperty("java.home"));
                        System.out.println("caf\u00e9 \u2713");
                        """), "env");
        build(book);
        String page = book.read("site/env.html");
        assertTrue(page.contains("1,032 en_US"), page);
        assertTrue(page.contains("charset UTF-8 tz UTC"), page);
        assertTrue(page.contains("lc_all C.UTF-8 tool-options null"), page);
        assertTrue(page.contains("java.home " + System.getProperty("java.home")), page);
        assertTrue(page.contains("caf\u00e9 \u2713"), page);
        assertTrue(page.contains("Where the output on this page was captured: JDK " + System.getProperty("java.vendor")
                + " " + System.getProperty("java.runtime.version")), page);
        assertTrue(page.contains(Runtime.getRuntime().availableProcessors() + " cores"), page);
    }

    @Test
    void thePageNamesTheLibrariesTheRunsHad() {
        String machine = RunEnvironment.machine(List.of("/m2/org/glassfish/tyrus/tyrus-core/2.2.2/tyrus-core-2.2.2.jar",
                "/m2/org/glassfish/grizzly/grizzly-framework/4.0.2/grizzly-framework-4.0.2.jar", "/m2/x/gson-2.13.2.jar"));
        assertTrue(machine.contains(", Grizzly 4.0.2, Tyrus 2.2.2; run on 20"), machine);
    }

    @Test
    void anAliasFieldTheBuildDoesNotKeyOnIsRefused() throws Exception {
        FixtureBook book = greeting();
        book.write("jbang-catalog.json", book.read("jbang-catalog.json")
                .replace("\"description\": \"fixture greet\"", "\"description\": \"fixture greet\",\n      \"arguments\": [\"--loud\"]"));
        String message = messages(fails(book));
        assertTrue(message.matches("(?s)jbang-catalog\\.json:\\d+: alias \"greet\" has \"arguments\", which the build does not take into account.*"), message);
    }

    // Any input (issue 13).

    @Test
    void outputThatIsNotUtf8IsShownWithReplacementCharacters() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .chapter("bytes", "= Bytes\n\njbang::Bytes.java[]\n")
                .script("bytes", "Bytes.java", FixtureBook.java("Bytes",
                        "System.out.write(new byte[]{(byte) 0xff, (byte) 0xfe, 'h', 'i', '\\n'});\nSystem.out.flush();"), "bytes");
        assertEquals(1, build(book).ran());
        assertTrue(book.read("site/bytes.html").contains("<pre class=\"jbang-stdout\">\ufffd\ufffdhi</pre>"),
                book.read("site/bytes.html"));
        assertEquals(0, build(book).ran(), "and it is cached like any other output");
    }

    @Test
    void hugeOutputIsCutOnThePageAndKeptWholeBesideIt() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .chapter("huge", "= Huge\n\njbang::Huge.java[]\n")
                .script("huge", "Huge.java", FixtureBook.java("Huge",
                        "StringBuilder text = new StringBuilder();\nfor (int i = 1; i <= 300000; i++) text.append(\"line \").append(i).append('\\n');\nSystem.out.print(text);"), "huge");
        Build.Summary summary = build(book);
        String page = book.read("site/huge.html");
        assertTrue(page.length() < 100_000, "the page stays small: " + page.length());
        assertTrue(page.contains("line 300\n<span class=\"jbang-omitted\">… 299,650 lines omitted: <a href=\"output/run-huge-1-stdout.txt\">"), page);
        assertTrue(page.contains("line 299951\n") && page.contains("line 300000</pre>"), "the last lines are shown");
        assertFalse(page.contains("line 301\n"), page);
        assertEquals(300_000, book.read("site/output/run-huge-1-stdout.txt").lines().count());
        var out = new java.io.ByteArrayOutputStream();
        summary.print(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), book.root(), book.site());
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains(
                "Note: notebooks/huge/chapter.adoc:3 printed 300,000 lines on stdout; its page shows 350 of them, the whole output is output/run-huge-1-stdout.txt"), out.toString());
    }

    @Test
    void aDepsLineThatDoesNotResolveFailsItsBlockWithTheResolversMessage() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .chapter("deps", "= Deps\n\njbang::Deps.java[]\n")
                .script("deps", "Deps.java", FixtureBook.java("Deps", "System.out.println(\"never runs\");")
                        .replace("//JAVA 17+", "//JAVA 17+\n//DEPS org.example:does-not-exist:9.9.9"), "deps");
        String message = messages(fails(book));
        assertTrue(message.contains("notebooks/deps/Deps.java:4: //DEPS org.example:does-not-exist:9.9.9 does not resolve: "
                + "Could not read artifact descriptor for org.example:does-not-exist"), message);
        assertFalse(Files.exists(book.site()), "nothing was published");
    }

    @Test
    void anUnknownFigureSuggestsNearNamesOfItsChapterOnly() throws Exception {
        FixtureBook book = FixtureBook.create(dir)
                .chapter("probe", "= Probe\n\nIt took fig:probe.nope[] ms.\n\njbang::Probe.java[]\n")
                .script("probe", "Probe.java", FixtureBook.java("Probe", """
                        StringBuilder figures = new StringBuilder();
                        for (int i = 1; i <= 30; i++) figures.append("round-trip-").append(i).append("=").append(i).append('\\n');
                        figures.append("nodes=3\\n");
                        Files.writeString(Path.of(System.getenv("BOOK_OUTPUT_DIR")).resolve("figures.properties"), figures);
                        System.out.println("published 31 figures");
                        """), "probe");
        String message = messages(fails(book));
        assertTrue(message.contains("notebooks/probe/chapter.adoc:3: unknown figure fig:probe.nope[]"), message);
        assertTrue(message.contains("did you mean fig:probe.nodes[]?"), message);
        assertFalse(message.contains("round-trip-17"), "not every figure of the book: " + message);
    }

    @Test
    void withNoNearNameTheFixListsThatChaptersFiguresAlone() {
        java.util.Set<String> names = new java.util.TreeSet<>(List.of("probe.nodes", "probe.rounds"));
        for (int i = 1; i <= 300; i++) {
            names.add("other.figure-" + i);
        }
        String fix = Build.figureFix("probe.zzzzzzzzzzzz", names);
        assertEquals("fix: figures of probe: probe.nodes, probe.rounds", fix);
        assertTrue(Build.figureFix("nochapter.zzzzzzzzzz", names).startsWith("fix: no chapter publishes figures named nochapter.…; chapters with figures: other, probe"),
                Build.figureFix("nochapter.zzzzzzzzzz", names));
    }

    @Test
    void aFailedBuildListsEveryProblemItFinds() throws Exception {
        FixtureBook book = greeting();
        book.write("notebooks/greet/chapter.adoc", """
                = Greeting

                The greeting has fig:greet.leters[] letters.

                Here is {undefined-attr}.

                jbang::Greet.java[args="world 'big one'", tags="say"]
                """);
        BuildFailure failure = fails(book);
        String message = messages(failure);
        assertEquals(2, failure.errors().size(), message);
        assertTrue(message.contains("notebooks/greet/chapter.adoc:3: unknown figure fig:greet.leters[]"), message);
        assertTrue(message.contains("notebooks/greet/chapter.adoc:5: Asciidoctor warn: skipping reference to missing attribute: undefined-attr"), message);
    }

    private static String maskTimes(String html) {
        return html.replaceAll("<span class=\"jbang-time\">[^<]*</span>", "<span class=\"jbang-time\">…</span>")
                .replaceAll("(<script type=\"application/json\" class=\"replay-data\">)[^<]*(</script>)", "$1…$2"); // run data, like run times
    }

    private static List<Long> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
